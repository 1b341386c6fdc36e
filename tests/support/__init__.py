"""Builders and helpers that test modules share, one module per job: a test module imports from here (or from
tests/factories.py), never from another test module. Pytest fixtures live in the conftest.py files."""
