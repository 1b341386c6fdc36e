"""exhibitions: sequences of photos, publishing, and the public gallery."""
