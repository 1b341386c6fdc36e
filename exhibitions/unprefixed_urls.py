"""The gallery's pages at the addresses without a language (/e/<slug>/: the visitor's language), in a namespace of
their own so that nothing reverses to them by accident.

Separate from exhibitions/urls.py only so the root URLconf (curation/urls.py) can name them by string: curation
never imports exhibitions.
"""

from exhibitions.urls import urlpatterns as gallery_patterns

app_name = "unprefixed"
urlpatterns = gallery_patterns
