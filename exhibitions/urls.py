"""The public gallery's URLs: the pages (home, exhibitions, the one-photo viewer, stories, feed), which
curation/urls.py mounts with a language (/kk/e/<slug>/) and without one (/e/<slug>/, the visitor's language), and
the site's addresses that have no language: the language switch, sitemap.xml, robots.txt (exhibitions/languages.py)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_control

from exhibitions import languages, public
from exhibitions.cache import PAGE_MAX_AGE
from exhibitions.feeds import ExhibitionsFeed
from exhibitions.sitemaps import SITEMAPS

app_name = "exhibitions"
urlpatterns = [
    path("", public.home, name="home"),
    # str, not slug: exhibition slugs may be Unicode ("жасыл-базар").
    path("e/<str:slug>/", public.exhibition_detail, name="detail"),
    path("e/<str:slug>/<int:number>/", public.photo_viewer, name="photo"),
    path("stories/<int:subject_id>/", public.subject_story, name="story"),
    path("feed/", ExhibitionsFeed(), name="feed"),
]

# Mounted without a namespace: one address each, whatever the language.
site_patterns = [
    path("language/", languages.language_set, name="language"),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=PAGE_MAX_AGE)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", public.robots_txt, name="robots"),
]
