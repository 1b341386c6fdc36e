"""The public gallery's URLs: home, exhibitions, the one-photo viewer, stories, sitemap, feed, robots.txt."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_control

from exhibitions import public
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
    path("language/", public.language_set, name="language"),
    path("feed/", ExhibitionsFeed(), name="feed"),
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=PAGE_MAX_AGE)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", public.robots_txt, name="robots"),
]
