"""The settings the tests run with: the project's, with a secret key of the tests' own.

The tests run with DEBUG off, as a deployment does, and the project refuses to start without a key then. Set in the
environment rather than here, so that the processes the tests start (workers, `manage.py check`) inherit it.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-secret-" + "0" * 32)

from curation.settings import *  # noqa: E402, F403
