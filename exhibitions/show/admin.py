"""Admin for the physical show: venues with their rooms and walls, openings, plans, printed forms, placements.

Every row is checked by the models' own validation, as the services check it (exhibitions/show/models.py).
"""

from __future__ import annotations

from django.contrib import admin

from exhibitions.show.models import Opening, Room, ShowPlan, Venue, Wall, WorkForm, WorkPlacement


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ("position", "name")


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "centre_line_mm", "min_gap_mm", "margin_mm")
    list_select_related = ("owner",)
    search_fields = ("name",)
    raw_id_fields = ("owner",)
    inlines = [RoomInline]


class WallInline(admin.TabularInline):
    model = Wall
    extra = 0
    fields = ("position", "name", "length_mm", "height_mm")
    show_change_link = True


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "venue", "position")
    list_select_related = ("venue",)
    list_filter = ("venue",)
    inlines = [WallInline]


class OpeningInline(admin.TabularInline):
    model = Opening
    extra = 0
    fields = ("kind", "offset_mm", "width_mm", "bottom_mm", "height_mm")


@admin.register(Wall)
class WallAdmin(admin.ModelAdmin):
    list_display = ("name", "room", "position", "length_mm", "height_mm")
    list_select_related = ("room", "room__venue")
    list_filter = ("room__venue",)
    inlines = [OpeningInline]


@admin.register(ShowPlan)
class ShowPlanAdmin(admin.ModelAdmin):
    list_display = ("exhibition", "venue", "chapter_starts_wall")
    list_select_related = ("exhibition", "venue")
    raw_id_fields = ("exhibition",)


@admin.register(WorkForm)
class WorkFormAdmin(admin.ModelAdmin):
    list_display = ("item", "print_w_mm", "print_h_mm", "frame_w_mm", "frame_h_mm", "edition", "price", "currency")
    list_select_related = ("item",)
    raw_id_fields = ("item",)


@admin.register(WorkPlacement)
class WorkPlacementAdmin(admin.ModelAdmin):
    list_display = ("item", "wall", "offset_mm")
    list_select_related = ("item", "wall")
    raw_id_fields = ("item",)
