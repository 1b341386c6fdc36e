"""The physical show's writes (venues, walls, openings, the plan, each work's printed form, manual placements) and
the one read everything is drawn from: `show_layout`, the current draft sequence laid onto the venue's walls.

Writes validate with the models' own rules (`full_clean`) and raise django's ValidationError, whose messages a form
shows as they are.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.show.layout import HangingRules, OpeningSpec, WallLayout, WallSpec, WorkSpec, layout_walls
from exhibitions.show.models import Opening, Room, ShowPlan, Venue, Wall, WorkForm, WorkPlacement
from exhibitions.show.presets import PRESETS, preset_form

# The size a photo without a printed form is laid out at, so the plan shows every work from the start;
# `show_works_unsized` lists those works for the studio to ask for their real sizes.
DEFAULT_PRESET = "40x50"

WORK_FORM_FIELDS = (
    "print_w_mm",
    "print_h_mm",
    "image_w_mm",
    "image_h_mm",
    "mat_mm",
    "frame_w_mm",
    "frame_h_mm",
    "frame_depth_mm",
    "hanger_drop_mm",
    "edition",
    "price",
    "currency",
    "framing_notes",
)


def _saved(instance: Any) -> Any:
    instance.full_clean()
    instance.save()
    return instance


def _next_position(rows: Any) -> int:
    highest = rows.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


# --- Venues ----------------------------------------------------------------------------------------------------


def venue_create(
    *, owner: Any, name: str, centre_line_mm: int = 1450, min_gap_mm: int = 100, margin_mm: int = 300
) -> Venue:
    return _saved(
        Venue(owner=owner, name=name, centre_line_mm=centre_line_mm, min_gap_mm=min_gap_mm, margin_mm=margin_mm)
    )


def room_add(*, venue: Venue, name: str) -> Room:
    """A room visited after the venue's other rooms."""
    with transaction.atomic():
        # The venue's row, held so that two rooms or walls added at once never take the same position.
        Venue.objects.select_for_update().filter(pk=venue.pk).first()
        return _saved(Room(venue=venue, name=name, position=_next_position(venue.rooms.all())))


def wall_add(*, venue: Venue, name: str, length_mm: int, height_mm: int, room: Room | None = None) -> Wall:
    """A wall walked after the others of its room (default: the venue's last room, made when it has none)."""
    with transaction.atomic():
        Venue.objects.select_for_update().filter(pk=venue.pk).first()
        if room is None:
            room = venue.rooms.order_by("-position").first() or room_add(venue=venue, name=_("Room 1"))
        elif room.venue_id != venue.pk:
            raise ValidationError({"room": _("This room belongs to another venue.")})
        position = _next_position(room.walls.all())
        return _saved(Wall(room=room, name=name, position=position, length_mm=length_mm, height_mm=height_mm))


def opening_add(*, wall: Wall, kind: str, offset_mm: int, width_mm: int, height_mm: int, bottom_mm: int = 0) -> Opening:
    """A door, window, radiator or other: from the wall's left end and from the floor; refused past the wall."""
    return _saved(
        Opening(wall=wall, kind=kind, offset_mm=offset_mm, width_mm=width_mm, bottom_mm=bottom_mm, height_mm=height_mm)
    )


def venue_update(*, venue: Venue, name: str, centre_line_mm: int, min_gap_mm: int, margin_mm: int) -> Venue:
    """The venue's name and hanging rules; every show hung there is laid out by the new rules at once."""
    venue.name, venue.centre_line_mm, venue.min_gap_mm, venue.margin_mm = name, centre_line_mm, min_gap_mm, margin_mm
    venue.full_clean()
    venue.save(update_fields=["name", "centre_line_mm", "min_gap_mm", "margin_mm"])
    return venue


def wall_delete(*, wall: Wall) -> None:
    """The wall goes with its openings; works placed on it by hand flow again."""
    wall.delete()


def opening_delete(*, opening: Opening) -> None:
    opening.delete()


# --- The plan and the works -----------------------------------------------------------------------------------


def show_plan_set(*, exhibition: Exhibition, venue: Venue, chapter_starts_wall: bool = True) -> ShowPlan:
    """Hang the exhibition at this venue. Moving it to another venue drops the works placed by hand on the old one's
    walls (they flow again)."""
    with transaction.atomic():
        plan, _created = ShowPlan.objects.select_for_update().get_or_create(
            exhibition=exhibition, defaults={"venue": venue, "chapter_starts_wall": chapter_starts_wall}
        )
        if plan.venue_id != venue.pk:
            WorkPlacement.objects.filter(item__exhibition=exhibition).exclude(wall__room__venue=venue).delete()
        plan.venue, plan.chapter_starts_wall = venue, chapter_starts_wall
        plan.save(update_fields=["venue", "chapter_starts_wall"])
    return plan


def _photo_item(item: ExhibitionItem) -> None:
    if item.kind != ExhibitionItem.Kind.PHOTO:
        raise ValidationError(_("Only photos hang on the walls: this item is a text panel or a chapter."))


def _aspect(item: ExhibitionItem) -> float | None:
    photo = item.photo
    if photo is None or not photo.width or not photo.height:
        return None
    return photo.width / photo.height


def work_form_set(*, item: ExhibitionItem, preset: str | None = None, **values: Any) -> WorkForm:
    """The printed form of a photo in its exhibition. A preset (a key of exhibitions.show.presets.PRESETS) fills
    every size for the photo's shape; `values` (the fields of WorkForm) are set over it, or over the form as it was.
    Raises ValidationError with a message per field (a frame smaller than the print, an unknown preset...)."""
    _photo_item(item)
    unknown = set(values) - set(WORK_FORM_FIELDS)
    if unknown:
        raise TypeError(f"not a field of the printed form: {', '.join(sorted(unknown))}")
    form = WorkForm.objects.filter(item=item).first() or WorkForm(item=item)
    if preset is not None:
        if preset not in PRESETS:
            raise ValidationError({"preset": _("There is no preset size “%(key)s”.") % {"key": preset}})
        for name, value in preset_form(PRESETS[preset], aspect=_aspect(item)).items():
            setattr(form, name, value)
    for name, value in values.items():
        setattr(form, name, value)
    return _saved(form)


def work_place(*, item: ExhibitionItem, wall: Wall, offset_mm: int) -> WorkPlacement:
    """Hang a work by hand: its centre `offset_mm` from the wall's left end. The other works flow around it."""
    _photo_item(item)
    venue_id = ShowPlan.objects.filter(exhibition_id=item.exhibition_id).values_list("venue_id", flat=True).first()
    if venue_id is None:
        raise ValidationError(_("Choose where the exhibition hangs before placing works on walls."))
    if not Wall.objects.filter(pk=wall.pk, room__venue_id=venue_id).exists():
        raise ValidationError({"wall": _("This wall is not in the venue where the exhibition hangs.")})
    placement = WorkPlacement.objects.filter(item=item).first() or WorkPlacement(item=item)
    placement.wall, placement.offset_mm = wall, offset_mm
    return _saved(placement)


def work_unplace(*, item: ExhibitionItem) -> None:
    """The work flows with the others again."""
    WorkPlacement.objects.filter(item=item).delete()


# --- The layout -----------------------------------------------------------------------------------------------


def show_rules(plan: ShowPlan) -> HangingRules:
    venue = plan.venue
    return HangingRules(
        centre_line_mm=venue.centre_line_mm,
        min_gap_mm=venue.min_gap_mm,
        margin_mm=venue.margin_mm,
        chapter_starts_wall=plan.chapter_starts_wall,
    )


def show_walls(venue: Venue) -> list[WallSpec]:
    """The venue's walls in walking order (rooms in order, then each room's walls), with their openings: 2 queries."""
    walls = Wall.objects.filter(room__venue=venue).order_by("room__position", "position", "pk")
    return [
        WallSpec(
            id=wall.pk,
            name=wall.name,
            length_mm=wall.length_mm,
            height_mm=wall.height_mm,
            openings=tuple(
                OpeningSpec(o.kind, o.offset_mm, o.width_mm, o.bottom_mm, o.height_mm)
                for o in sorted(wall.openings.all(), key=lambda o: (o.offset_mm, o.pk))
            ),
        )
        for wall in walls.prefetch_related("openings")
    ]


def _sequence(exhibition: Exhibition) -> list[ExhibitionItem]:
    """The draft sequence as it is now, with each photo's form and manual placement: one query."""
    return list(
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk)
        .select_related("work_form", "placement", "photo")
        .order_by("position")
    )


def _work_spec(item: ExhibitionItem, *, starts_chapter: bool) -> WorkSpec:
    form = getattr(item, "work_form", None)
    if form is not None:
        width, height, drop = form.frame_w_mm, form.frame_h_mm, form.hanger_drop_mm
    else:
        sizes = preset_form(PRESETS[DEFAULT_PRESET], aspect=_aspect(item))
        width, height, drop = sizes["frame_w_mm"], sizes["frame_h_mm"], sizes["hanger_drop_mm"]
    placement = getattr(item, "placement", None)
    return WorkSpec(
        id=item.pk,
        width_mm=width,
        height_mm=height,
        hanger_drop_mm=drop,
        starts_chapter=starts_chapter,
        manual_wall=placement.wall_id if placement else None,
        manual_offset_mm=placement.offset_mm if placement else None,
    )


def show_works(items: list[ExhibitionItem]) -> list[WorkSpec]:
    """The photos of a sequence as works to hang, in order; a chapter heading makes its next photo start a chapter.
    Text panels are not laid out (they have no printed form yet)."""
    works: list[WorkSpec] = []
    chapter = False
    for item in items:
        if item.kind == ExhibitionItem.Kind.SECTION:
            chapter = True
        elif item.kind == ExhibitionItem.Kind.PHOTO:
            works.append(_work_spec(item, starts_chapter=chapter))
            chapter = False
    return works


def show_layout(exhibition: Exhibition) -> list[WallLayout]:
    """The exhibition's current draft sequence laid onto its venue's walls (exhibitions.show.layout), in walking order;
    [] when it has no venue or the venue no walls. Read afresh on every call, in 4 queries whatever the number of
    works: a reorder, a new photo or a changed form shows at once. A photo without a printed form is laid out at the
    DEFAULT_PRESET size for its shape (see `show_works_unsized`)."""
    plan = ShowPlan.objects.select_related("venue").filter(exhibition_id=exhibition.pk).first()
    if plan is None:
        return []
    walls = show_walls(plan.venue)
    if not walls:
        return []
    return layout_walls(walls, show_works(_sequence(exhibition)), rules=show_rules(plan))


def show_works_unsized(exhibition: Exhibition) -> list[int]:
    """The ids of the exhibition's photos with no printed form yet, in sequence order: laid out at a default size."""
    return list(
        ExhibitionItem.objects.filter(
            exhibition_id=exhibition.pk, kind=ExhibitionItem.Kind.PHOTO, work_form__isnull=True
        )
        .order_by("position")
        .values_list("pk", flat=True)
    )
