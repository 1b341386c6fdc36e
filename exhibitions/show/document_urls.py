"""The physical show's documents as PDFs, always from the current sequence (mounted in the studio's namespace by
exhibitions/studio_urls.py)."""

urlpatterns: list = []
