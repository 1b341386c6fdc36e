"""The studio's pages of the physical show: venues and walls, the works' printed form, the elevation (mounted in the
studio's namespace by exhibitions/studio_urls.py)."""

from django.urls import path

from exhibitions.show import views

urlpatterns = [
    path("venues/", views.venue_list, name="venues"),
    path("venues/new/", views.venue_new, name="venue-new"),
    path("venues/<int:venue_pk>/", views.venue_edit, name="venue"),
    path("venues/<int:venue_pk>/rooms/", views.venue_room_add, name="venue-room"),
    path("venues/<int:venue_pk>/walls/", views.venue_wall_add, name="venue-wall"),
    path("venues/<int:venue_pk>/openings/", views.venue_opening_add, name="venue-opening"),
    # Takes away the wall or the opening the form names.
    path("venues/<int:venue_pk>/remove/", views.venue_remove, name="venue-remove"),
    path("<int:pk>/show/", views.show, name="show"),
    # The elevation alone, swapped in by static/js/elevation.js after a change.
    path("<int:pk>/show/elevation/", views.show_elevation, name="show-elevation"),
    path("<int:pk>/show/items/<int:item_pk>/form/", views.show_work_form, name="show-work-form"),
    path("<int:pk>/show/items/<int:item_pk>/place/", views.show_place, name="show-place"),
    path("<int:pk>/show/items/<int:item_pk>/unplace/", views.show_unplace, name="show-unplace"),
]
