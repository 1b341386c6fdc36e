"""The studio's pages of the physical show: venues and walls, the works' printed form, the elevation (mounted in the
studio's namespace by exhibitions/studio_urls.py)."""

urlpatterns: list = []
