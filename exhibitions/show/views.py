"""The studio's pages of the physical show: a curator's venues and their walls, and an exhibition's "Physical show" tab
(where it hangs, each work's printed form, the elevation of every wall, manual placement, the documents)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curation.models import Rendition
from curation.roles import is_curator
from exhibitions.models import Access, Exhibition, ExhibitionItem
from exhibitions.numbering import photo_numbers
from exhibitions.show import services
from exhibitions.show.document_views import DOCUMENTS
from exhibitions.show.elevation import WorkFacts, wall_drawings
from exhibitions.show.forms import OpeningForm, PlaceForm, RoomForm, ShowPlanForm, VenueForm, WallForm, WorkFormForm
from exhibitions.show.models import Opening, ShowPlan, Venue, Wall
from exhibitions.show.presets import PRESETS, preset_form
from exhibitions.show.sheets import PAPER_SIZES_MM

# --- Access ------------------------------------------------------------------------------------------------------


def _exhibition(request: HttpRequest, pk: int) -> Exhibition:
    """The exhibition if the user may edit it (owner, collaborator, staff); otherwise the 404 of one that never was."""
    exhibition = get_object_or_404(Exhibition.objects.select_related("owner"), pk=pk)
    if exhibition.access_for(request.user) < Access.EDIT:
        raise Http404
    return exhibition


def _venue(request: HttpRequest, venue_pk: int) -> Venue:
    """A venue is its owner's (and staff's); anyone else gets the 404 of a venue that never was."""
    venue = get_object_or_404(Venue, pk=venue_pk)
    if not is_curator(request.user) or not (venue.owner_id == request.user.pk or request.user.is_staff):
        raise Http404
    return venue


def _curator(request: HttpRequest) -> None:
    if not is_curator(request.user):
        raise Http404


# --- Venues ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def venue_list(request: HttpRequest) -> HttpResponse:
    _curator(request)
    venues = Venue.objects.filter(owner=request.user).prefetch_related("rooms__walls")
    return render(request, "exhibitions/studio/show/venues.html", {"venues": venues})


@login_required
@require_http_methods(["GET", "POST"])
def venue_new(request: HttpRequest) -> HttpResponse:
    _curator(request)
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Venue “%(name)s” created. Now give it its walls.") % {"name": venue.name})
            return redirect("studio:venue", venue_pk=venue.pk)
    return render(request, "exhibitions/studio/show/venue_new.html", {"form": form})


def _venue_page(request: HttpRequest, venue: Venue, **forms: Any) -> HttpResponse:
    rooms = list(
        venue.rooms.prefetch_related(
            Prefetch("walls", queryset=Wall.objects.order_by("position", "pk").prefetch_related("openings"))
        ).order_by("position", "pk")
    )
    context = {
        "venue": venue,
        "rooms": rooms,
        "has_walls": any(room.walls.all() for room in rooms),
        "venue_form": forms.get("venue_form") or VenueForm(instance=venue),
        "room_form": forms.get("room_form") or RoomForm(prefix="room"),
        "wall_form": forms.get("wall_form") or WallForm(venue=venue),
        "opening_form": forms.get("opening_form") or OpeningForm(venue=venue),
    }
    return render(request, "exhibitions/studio/show/venue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def venue_edit(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = _venue(request, venue_pk)
    if request.method == "GET":
        return _venue_page(request, venue)
    form = VenueForm(request.POST, instance=Venue.objects.get(pk=venue.pk))
    if form.is_valid():
        try:
            services.venue_update(venue=venue, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("studio:venue", venue_pk=venue.pk)
    venue.refresh_from_db()
    return _venue_page(request, venue, venue_form=form)


@login_required
@require_POST
def venue_room_add(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = _venue(request, venue_pk)
    form = RoomForm(request.POST, prefix="room")
    if form.is_valid():
        try:
            room = services.room_add(venue=venue, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Room “%(name)s” added.") % {"name": room.name})
            return redirect(reverse("studio:venue", args=[venue.pk]) + "#walls")
    return _venue_page(request, venue, room_form=form)


@login_required
@require_POST
def venue_wall_add(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = _venue(request, venue_pk)
    form = WallForm(request.POST, venue=venue)
    if form.is_valid():
        try:
            wall = services.wall_add(venue=venue, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Wall “%(name)s” added.") % {"name": wall.name})
            return redirect(reverse("studio:venue", args=[venue.pk]) + "#walls")
    return _venue_page(request, venue, wall_form=form)


@login_required
@require_POST
def venue_opening_add(request: HttpRequest, venue_pk: int) -> HttpResponse:
    venue = _venue(request, venue_pk)
    form = OpeningForm(request.POST, venue=venue)
    if form.is_valid():
        try:
            services.opening_add(**form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Opening added to “%(wall)s”.") % {"wall": form.cleaned_data["wall"].name})
            return redirect(reverse("studio:venue", args=[venue.pk]) + "#walls")
    return _venue_page(request, venue, opening_form=form)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def venue_remove(request: HttpRequest, venue_pk: int) -> HttpResponse:
    """Removes the wall or the opening the form names (a wall with its openings); nothing when it names neither."""
    venue = _venue(request, venue_pk)
    wall = Wall.objects.filter(pk=_int(request.POST.get("wall")), room__venue=venue).first()
    opening = Opening.objects.filter(pk=_int(request.POST.get("opening")), wall__room__venue=venue).first()
    if wall is not None:
        services.wall_delete(wall=wall)
        messages.success(request, _("Wall “%(name)s” removed.") % {"name": wall.name})
    elif opening is not None:
        services.opening_delete(opening=opening)
        messages.success(request, _("Opening removed."))
    return redirect(reverse("studio:venue", args=[venue.pk]) + "#walls")


# --- The exhibition's physical show --------------------------------------------------------------------------------


def _small_jpegs() -> Prefetch:
    # The sequencer's thumbnails: the studio shows its editors the private renditions through these URLs.
    renditions = Rendition.objects.filter(format="jpeg", long_edge__lte=640).order_by("long_edge")
    return Prefetch("photo__renditions", queryset=renditions)


def _photo_items(exhibition: Exhibition) -> list[ExhibitionItem]:
    return list(
        exhibition.items.filter(kind=ExhibitionItem.Kind.PHOTO)
        .select_related("photo", "work_form", "placement")
        .prefetch_related(_small_jpegs())
        .order_by("position")
    )


def _thumb(item: ExhibitionItem) -> str:
    renditions = list(item.photo.renditions.all()) if item.photo is not None else []
    return renditions[0].url if renditions else ""


def _venues_for(request: HttpRequest, plan: ShowPlan | None) -> Any:
    """The venues this curator may hang the show in: their own, and the one it hangs in now."""
    mine = Q(owner=request.user)
    if plan is not None:
        mine |= Q(pk=plan.venue_id)
    return Venue.objects.filter(mine).order_by("name", "pk")


def _document_links(exhibition: Exhibition) -> list[dict[str, Any]]:
    """Every document in each paper size."""
    links = []
    for kind, label in DOCUMENTS.items():
        base = reverse("studio:show-document", args=[exhibition.pk, kind])
        papers = [(paper, f"{base}?paper={paper}") for paper in PAPER_SIZES_MM]
        links.append({"kind": kind, "label": label, "papers": papers})
    return links


def _walls_of(plan: ShowPlan | None) -> list[Wall]:
    if plan is None:
        return []
    return list(Wall.objects.filter(room__venue_id=plan.venue_id).order_by("room__position", "position", "pk"))


def _elevation_context(exhibition: Exhibition, items: list[ExhibitionItem], plan: ShowPlan | None) -> dict[str, Any]:
    numbers = photo_numbers(items)
    facts = {}
    for item in items:
        form = getattr(item, "work_form", None)
        facts[item.pk] = WorkFacts(
            number=numbers[item.pk],
            title=item.display_title,
            thumb=_thumb(item),
            image_w_mm=form.image_w_mm if form else None,
            image_h_mm=form.image_h_mm if form else None,
        )
    layouts = services.show_layout(exhibition) if plan is not None else []
    centre = plan.venue.centre_line_mm if plan is not None else 0
    return {
        "exhibition": exhibition,
        "plan": plan,
        "drawings": wall_drawings(layouts, facts, centre_line_mm=centre),
        "place_url": reverse("studio:show-place", args=[exhibition.pk, 0]).removesuffix("0/place/"),
    }


def _plan(exhibition: Exhibition) -> ShowPlan | None:
    return ShowPlan.objects.select_related("venue").filter(exhibition_id=exhibition.pk).first()


def _preset_sizes(item: ExhibitionItem) -> str:
    photo = item.photo
    aspect = photo.width / photo.height if photo is not None and photo.width and photo.height else None
    return json.dumps({key: preset_form(preset, aspect=aspect) for key, preset in PRESETS.items()})


def _show_page(
    request: HttpRequest,
    exhibition: Exhibition,
    *,
    plan_form: ShowPlanForm | None = None,
    work_forms: dict[int, WorkFormForm] | None = None,
    place_forms: dict[int, PlaceForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The tab, in a constant number of queries whatever the number of works; forms given keep what was typed."""
    plan = _plan(exhibition)
    items = _photo_items(exhibition)
    walls = _walls_of(plan)
    wall_choices = [(wall.pk, wall.name) for wall in walls]
    work_forms, place_forms = work_forms or {}, place_forms or {}
    numbers = photo_numbers(items)
    rows = []
    for item in items:
        form = getattr(item, "work_form", None)
        placement = getattr(item, "placement", None)
        place_form = place_forms.get(item.pk) or PlaceForm(
            walls=wall_choices,
            item_id=item.pk,
            initial={"wall": placement.wall_id, "offset_mm": placement.offset_mm} if placement else None,
        )
        rows.append(
            {
                "item": item,
                "number": numbers[item.pk],
                "title": item.display_title,
                "thumb": _thumb(item),
                "has_form": form is not None,
                "form": work_forms.get(item.pk) or WorkFormForm(instance=form, item_id=item.pk),
                "place_form": place_form,
                "manual": placement is not None,
                "presets": _preset_sizes(item),
            }
        )
    initial = {"venue": plan.venue_id, "chapter_starts_wall": plan.chapter_starts_wall} if plan else None
    context = {
        "exhibition": exhibition,
        "tab": "show",
        "can_edit": True,
        "plan": plan,
        "plan_form": plan_form or ShowPlanForm(venues=_venues_for(request, plan), initial=initial),
        "rows": rows,
        "unsized": [row for row in rows if not row["has_form"]],
        "has_walls": bool(walls),
        "documents": _document_links(exhibition),
        **_elevation_context(exhibition, items, plan),
    }
    return render(request, "exhibitions/studio/show/show.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def show(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition = _exhibition(request, pk)
    if request.method == "GET":
        return _show_page(request, exhibition)
    form = ShowPlanForm(request.POST, venues=_venues_for(request, _plan(exhibition)))
    if form.is_valid():
        try:
            services.show_plan_set(exhibition=exhibition, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The show hangs at “%(venue)s”.") % {"venue": form.cleaned_data["venue"].name})
            return redirect("studio:show", pk=exhibition.pk)
    return _show_page(request, exhibition, plan_form=form)


@login_required
@require_GET
def show_elevation(request: HttpRequest, pk: int) -> HttpResponse:
    """The elevation alone, as the tab shows it: the script swaps it in after a change."""
    exhibition = _exhibition(request, pk)
    plan = _plan(exhibition)
    context = _elevation_context(exhibition, _photo_items(exhibition), plan)
    return render(request, "exhibitions/studio/show/_elevation.html", context)


def _item(exhibition: Exhibition, item_pk: int) -> ExhibitionItem:
    return get_object_or_404(
        exhibition.items.select_related("photo", "work_form"), pk=item_pk, kind=ExhibitionItem.Kind.PHOTO
    )


@login_required
@require_POST
def show_work_form(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    exhibition = _exhibition(request, pk)
    item = _item(exhibition, item_pk)
    form = WorkFormForm(request.POST, instance=getattr(item, "work_form", None), item_id=item.pk)
    if form.is_valid():
        try:
            services.work_form_set(item=item, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Printed form of “%(title)s” saved.") % {"title": item.display_title})
            return redirect(reverse("studio:show", args=[exhibition.pk]) + f"#work-{item.pk}")
    return _show_page(request, exhibition, work_forms={item.pk: form})


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _elevation_json(request: HttpRequest, exhibition: Exhibition, message: str) -> JsonResponse:
    plan = _plan(exhibition)
    context = _elevation_context(exhibition, _photo_items(exhibition), plan)
    html = render_to_string("exhibitions/studio/show/_elevation.html", context, request=request)
    return JsonResponse({"ok": True, "message": message, "html": html})


@login_required
@require_POST
def show_place(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Hang a work by hand (the elevation's keys and drag, or the form per work): its wall and centre offset."""
    exhibition = _exhibition(request, pk)
    item = _item(exhibition, item_pk)
    walls = _walls_of(_plan(exhibition))
    form = PlaceForm(request.POST, walls=[(wall.pk, wall.name) for wall in walls], item_id=item.pk)
    if form.is_valid():
        wall = next(wall for wall in walls if wall.pk == form.cleaned_data["wall"])
        offset = form.cleaned_data["offset_mm"]
        try:
            services.work_place(item=item, wall=wall, offset_mm=offset)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("“%(title)s” hangs on “%(wall)s”, its centre %(offset)s mm from the left end.") % {
                "title": item.display_title,
                "wall": wall.name,
                "offset": offset,
            }
            if _wants_json(request):
                return _elevation_json(request, exhibition, message)
            messages.success(request, message)
            return redirect(reverse("studio:show", args=[exhibition.pk]) + "#elevation")
    if _wants_json(request):
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
        return JsonResponse({"ok": False, "message": " ".join(errors)}, status=400)
    return _show_page(request, exhibition, place_forms={item.pk: form})


@login_required
@require_POST
def show_unplace(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Back to automatic: the work flows with the others again."""
    exhibition = _exhibition(request, pk)
    item = _item(exhibition, item_pk)
    services.work_unplace(item=item)
    message = _("“%(title)s” flows with the others again.") % {"title": item.display_title}
    if _wants_json(request):
        return _elevation_json(request, exhibition, message)
    messages.success(request, message)
    return redirect(reverse("studio:show", args=[exhibition.pk]) + "#elevation")
