"""The site's addresses that have no language: the language switch, sitemap.xml, robots.txt (exhibitions/urls.py)."""

from exhibitions.urls import site_patterns

urlpatterns = site_patterns
