"""The curator's pages: list of exhibitions, the sequencer, preview and publishing."""
