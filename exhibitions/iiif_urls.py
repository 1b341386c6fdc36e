"""IIIF Presentation 3: a manifest per published exhibition and a collection of them all (exhibitions/iiif.py)."""

from django.urls import path

from exhibitions import iiif

app_name = "iiif"
urlpatterns = [
    path("collection.json", iiif.collection, name="collection"),
    # str, not slug: exhibition slugs may be Unicode ("жасыл-базар").
    path("<str:slug>/manifest.json", iiif.manifest, name="manifest"),
]
