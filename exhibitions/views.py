"""The curator's pages: exhibitions, the sequencer, words and their translations, the photo picker, preview, sharing and
publishing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curation.models import Rendition
from curation.roles import is_curator
from curation.sharing import library_offers_for
from exhibitions import (
    collaboration,
    forms,
    numbering,
    publishing,
    sequencing,
    services,
    studio_people,
    text_inventory,
)
from exhibitions.blockers import Blocker
from exhibitions.models import Access, Exhibition, ExhibitionItem, ReviewLink, SequenceChange
from exhibitions.public import preview_render
from exhibitions.snapshot import exhibition_snapshot_build

SHEET_FIELDS = [
    "id",
    "exhibition_id",
    "position",
    "kind",
    "title",
    "caption",
    "alt_text",
    "text",
    "photo__id",
    "photo__title",
    "photo__caption",
    "photo__original_filename",
    "photo__alt_text",
    "photo__status",
    "photo__failure_reason",
]


def _exhibition(request: HttpRequest, pk: int, need: Access) -> tuple[Exhibition, Access]:
    """The exhibition if the user may do `need` with it; otherwise the same 404 as for one that never existed."""
    exhibition = get_object_or_404(Exhibition.objects.select_related("owner"), pk=pk)
    access = exhibition.access_for(request.user)
    if access < need:
        raise Http404
    return exhibition, access


def _small_jpegs():
    # A contact sheet needs the two small JPEGs (1x and 2x), not all ten renditions of every photo.
    return Rendition.objects.filter(format="jpeg", long_edge__lte=640).order_by("long_edge")


def _thumbnails() -> Prefetch:
    return Prefetch("photo__renditions", queryset=_small_jpegs())


def _undo_label(offer: sequencing.UndoOffer | None, user=None) -> str:
    """The undo button's words: "Undo: move of “Fruit seller”", and whose change it was if not this user's."""
    if offer is None:
        return ""
    label = _("Undo: %(what)s") % {"what": _undo_what(offer)}
    if user is not None and offer.actor_id and offer.actor_id != user.pk:
        # Undo takes back the latest change, whoever made it: say so when it was someone else's.
        return _("%(undo)s (by %(name)s)") % {"undo": label, "name": offer.actor_name}
    return label


def _quoted(title: str) -> str:
    """A title to put between our own quotation marks: a text panel's words often carry theirs, and a screen
    reader would read both pairs; quotation marks inside become single ones. Short: a button has little room."""
    bare = title.strip().strip(' “”"«»„').translate(str.maketrans({"“": "‘", "”": "’", '"': "'", "«": "‹", "»": "›"}))
    return Truncator(bare).chars(36)


def _undo_what(offer: sequencing.UndoOffer) -> str:
    Action, Kind = SequenceChange.Action, ExhibitionItem.Kind
    if offer.label and offer.count == 1:
        words = {
            (Action.REORDER, Kind.TEXT): _("move of the text panel “%(title)s”"),
            (Action.REORDER, Kind.SECTION): _("move of the chapter “%(title)s”"),
            (Action.ADD, Kind.TEXT): _("new text panel “%(title)s”"),
            (Action.ADD, Kind.SECTION): _("new chapter “%(title)s”"),
            (Action.REMOVE, Kind.TEXT): _("removal of the text panel “%(title)s”"),
            (Action.REMOVE, Kind.SECTION): _("removal of the chapter “%(title)s”"),
        }.get((offer.action, offer.kind))
        words = (
            words
            or {
                Action.REORDER: _("move of “%(title)s”"),
                Action.ADD: _("adding “%(title)s”"),
                Action.REMOVE: _("removal of “%(title)s”"),
            }[offer.action]
        )
        return words % {"title": _quoted(offer.label)}
    count = {"count": offer.count}
    if offer.action == Action.REORDER:
        return ngettext("move of %(count)d item", "move of %(count)d items", offer.count) % count
    if offer.action == Action.ADD:
        return ngettext("adding %(count)d item", "adding %(count)d items", offer.count) % count
    return ngettext("removal of %(count)d item", "removal of %(count)d items", offer.count) % count


def _sequence_context(exhibition: Exhibition, access: Access, user) -> dict[str, Any]:
    """Everything the contact sheet shows, in a constant number of queries whatever the length."""
    items = list(
        exhibition.items.select_related("photo")
        # Not the photos' placeholders, EXIF or GPS: a kilobyte a photo that the sheet never shows.
        .only(*SHEET_FIELDS)
        .prefetch_related(_thumbnails())
        .order_by("position")
    )
    photo_items = [item for item in items if item.kind == ExhibitionItem.Kind.PHOTO]
    problems: dict[int, list[str]] = {}
    # Named as this viewer may name people, and without the consent of people a read-only viewer may not read.
    people = studio_people.people_for(exhibition, photo_items, user=user, access=access)
    blockers = studio_people.blockers_for(exhibition, photo_items, people)
    for blocker in blockers:
        if blocker.item_id is not None:
            problems.setdefault(blocker.item_id, []).append(blocker.message)
    # Plain strings, worked out once: a 500-item sheet spends its time in template lookups otherwise.
    items_url = reverse("studio:item", args=[exhibition.pk, 0]).removesuffix("0/")
    numbers = numbering.photo_numbers(items)
    rows = []
    for item in items:
        row = {
            "id": str(item.pk),
            "number": str(numbers.get(item.pk, "")),
            "kind": item.kind,
            "title": item.display_title,
            "text": item.text,
            "url": f"{items_url}{item.pk}/",
            "problems": " ".join(problems.get(item.pk, [])),
        }
        if item.kind == ExhibitionItem.Kind.PHOTO:
            small = list(item.photo.renditions.all())
            if not small:
                row["status"] = item.photo.get_status_display()
            else:
                row["src"], row["width"], row["height"] = small[0].url, small[0].width, small[0].height
                row["srcset"] = ", ".join(f"{r.url} {r.width}w" for r in small)
        rows.append(row)
    can_edit = access >= Access.EDIT
    now = [(item.pk, item.kind) for item in items]
    return {
        "exhibition": exhibition,
        "rows": rows,
        "total": len(items),
        "photo_count": len(photo_items),
        "sections": [item for item in items if item.kind == ExhibitionItem.Kind.SECTION],
        "blockers": blockers,
        "can_edit": can_edit,
        "undo_label": _undo_label(sequencing.exhibition_undo_offer(exhibition, now=now), user) if can_edit else "",
    }


# --- The list and a new exhibition -----------------------------------------------------------------


@login_required
@require_GET
def exhibition_list(request: HttpRequest) -> HttpResponse:
    exhibitions = (
        Exhibition.objects.viewable_by(request.user)
        .select_related("owner")
        .annotate(item_count=Count("items"))
        .order_by("-updated_at", "-id")
    )
    can_create = is_curator(request.user)
    return render(
        request,
        "exhibitions/studio/list.html",
        {
            "exhibitions": exhibitions,
            "can_create": can_create,
            "form": forms.ExhibitionNewForm() if can_create else None,
            "invitations": collaboration.invitations_for(request.user),
            # Photographers' offers of their photos, answered here beside the invitations (curation.sharing).
            "library_offers": library_offers_for(request.user),
        },
    )


@login_required
@require_POST
def exhibition_new(request: HttpRequest) -> HttpResponse:
    if not is_curator(request.user):
        raise Http404
    form = forms.ExhibitionNewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("An exhibition needs a title."))
        return redirect("studio:list")
    exhibition = services.exhibition_create(owner=request.user, title=form.cleaned_data["title"])
    return redirect("studio:sequencer", pk=exhibition.pk)


# --- The sequencer ---------------------------------------------------------------------------------


@login_required
@require_GET
def sequencer(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.VIEW)
    context = _sequence_context(exhibition, access, request.user)
    context["access"] = access
    return render(request, "exhibitions/studio/sequencer.html", context)


def _sequence_json(
    request: HttpRequest, exhibition: Exhibition, access: Access, *, status: int = 200, message: str = "", html: bool
) -> JsonResponse:
    exhibition.refresh_from_db(fields=["version"])
    data: dict[str, Any] = {"version": exhibition.version, "message": message}
    if html:
        context = _sequence_context(exhibition, access, request.user)
        data["html"] = render_to_string("exhibitions/studio/_sequence.html", context, request=request)
        data["total"] = context["total"]
        data["undo"] = context["undo_label"]
    else:
        data["undo"] = _undo_label(sequencing.exhibition_undo_offer(exhibition), request.user)
    return JsonResponse(data, status=status)


def _payload(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as error:
        raise sequencing.SequenceError(_("The request was not understood.")) from error
    if not isinstance(data, dict):
        raise sequencing.SequenceError(_("The request was not understood."))
    return data


def _version(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise sequencing.SequenceError(_("The request was not understood.")) from error


def _sequence_change(request: HttpRequest, pk: int, change, *, html: bool) -> JsonResponse:
    """Run one change to the sequence for the sequencer's script: 200, 409 with the fresh order, or 400."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    try:
        message = change(exhibition, _payload(request))
    except sequencing.SequenceConflict as conflict:
        return _sequence_json(request, exhibition, access, status=409, message=conflict.message, html=True)
    except sequencing.SequenceError as error:
        return JsonResponse({"message": error.message}, status=400)
    return _sequence_json(request, exhibition, access, message=message or "", html=html)


@login_required
@require_GET
def sequence_fragment(request: HttpRequest, pk: int) -> JsonResponse:
    exhibition, access = _exhibition(request, pk, Access.VIEW)
    return _sequence_json(request, exhibition, access, html=True)


@login_required
@require_POST
def sequence_reorder(request: HttpRequest, pk: int) -> JsonResponse:
    def change(exhibition: Exhibition, data: dict[str, Any]) -> str:
        sequencing.exhibition_reorder(
            exhibition=exhibition,
            item_ids=data.get("item_ids") or [],
            version=_version(data.get("version")),
            actor=request.user,
        )
        return ""

    return _sequence_change(request, pk, change, html=False)


@login_required
@require_POST
def sequence_remove(request: HttpRequest, pk: int) -> JsonResponse:
    def change(exhibition: Exhibition, data: dict[str, Any]) -> str:
        ids = data.get("item_ids") or []
        sequencing.exhibition_items_remove(
            exhibition=exhibition, item_ids=ids, version=_version(data.get("version")), actor=request.user
        )
        return ngettext("Removed %(count)d item.", "Removed %(count)d items.", len(ids)) % {"count": len(ids)}

    return _sequence_change(request, pk, change, html=True)


@login_required
@require_POST
def sequence_undo(request: HttpRequest, pk: int) -> HttpResponse:
    if request.content_type != "application/json":
        # The form in the page, for a browser without the sequencer's script.
        exhibition, _access = _exhibition(request, pk, Access.EDIT)
        try:
            sequencing.exhibition_undo(exhibition=exhibition, version=_version(request.POST.get("version")))
        except sequencing.SequenceConflict as conflict:
            messages.error(request, conflict.message)
        except sequencing.SequenceError as error:
            messages.error(request, error.message)
        return redirect("studio:sequencer", pk=pk)

    def change(exhibition: Exhibition, data: dict[str, Any]) -> str:
        offer = sequencing.exhibition_undo_offer(exhibition)
        sequencing.exhibition_undo(exhibition=exhibition, version=_version(data.get("version")), actor=request.user)
        # Read out after the sheet changes: what came back, not the button's command again.
        return _("Undone: %(what)s.") % {"what": _undo_what(offer)} if offer else ""

    return _sequence_change(request, pk, change, html=True)


# --- Items, panels and chapters --------------------------------------------------------------------


def _items_for_placement(exhibition: Exhibition) -> list[ExhibitionItem]:
    return list(exhibition.items.only("id", "position", "kind", "title").order_by("position"))


def _index_param(request: HttpRequest, name: str, items: list[ExhibitionItem]) -> ExhibitionItem | None:
    value = request.GET.get(name, "")
    return items[int(value)] if value.isdigit() and int(value) < len(items) else None


def _placement_form(
    request: HttpRequest, exhibition: Exhibition, *, gather: list[int] | None = None
) -> forms.PlacementForm:
    """Where new items go, offering first the place the sequencer passed: ?after=<index> of the focused item,
    ?before=<index> (a chapter opens on the focused item), or, with `gather`, a chapter of the selection."""
    items = _items_for_placement(exhibition)
    form = forms.PlacementForm(request.POST or None, items=items)
    offered: list[tuple[str, str]] = []
    if gather:
        offered.append(
            (
                forms.SELECTION,
                ngettext(
                    "Of the selected item: it moves under the new heading",
                    "Of the %(count)d selected items: they move under the new heading, in their order",
                    len(gather),
                )
                % {"count": len(gather)},
            )
        )
    if (target := _index_param(request, "before", items)) is not None:
        offered.append((str(target.position), _("Before “%(title)s”") % {"title": target.display_title}))
    if (target := _index_param(request, "after", items)) is not None:
        offered.append((str(target.position + 1), _("After “%(title)s”") % {"title": target.display_title}))
    if offered:
        form.fields["position"].choices = [*offered, *form.fields["position"].choices]
        form.initial["position"] = offered[0][0]
    return form


def _selection(request: HttpRequest, exhibition: Exhibition) -> list[int]:
    """The items the sequencer had selected (?items=3,5,8), those of this exhibition only, in sequence order."""
    raw = request.GET.get("items", "")
    wanted = {int(part) for part in raw.split(",") if part.strip().isdigit()}
    if not wanted:
        return []
    return list(exhibition.items.filter(pk__in=wanted).order_by("position").values_list("pk", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def panel_new(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    form = forms.PanelForm(request.POST or None)
    placement = _placement_form(request, exhibition)
    if request.method == "POST" and form.is_valid() and placement.is_valid():
        item = sequencing.exhibition_text_panel_add(
            exhibition=exhibition,
            text=form.language_maps()["text"],
            position=placement.cleaned_data["position"],
            actor=request.user,
        )
        messages.success(request, _("Text panel added."))
        return redirect(reverse("studio:sequencer", args=[pk]) + f"#item-{item.pk}")
    return render(
        request,
        "exhibitions/studio/item_new.html",
        {"exhibition": exhibition, "form": form, "placement": placement, "heading": _("New text panel")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A chapter heading at a chosen place, or a chapter made of the items selected in the sequencer."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    form = forms.SectionForm(request.POST or None)
    gather = _selection(request, exhibition)
    placement = _placement_form(request, exhibition, gather=gather)
    if request.method == "POST" and form.is_valid() and placement.is_valid():
        words = {**form.language_maps(), "actor": request.user}
        try:
            if placement.cleaned_data["position"] == forms.SELECTION:
                section = sequencing.exhibition_section_from_selection(exhibition=exhibition, item_ids=gather, **words)
            else:
                section = sequencing.exhibition_section_add(
                    exhibition=exhibition, position=placement.cleaned_data["position"], **words
                )
        except (sequencing.SequenceError, sequencing.SequenceConflict) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Chapter added."))
            return redirect(reverse("studio:sequencer", args=[pk]) + f"#item-{section.pk}")
    return render(
        request,
        "exhibitions/studio/item_new.html",
        {"exhibition": exhibition, "form": form, "placement": placement, "heading": _("New chapter")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.VIEW)
    item = get_object_or_404(exhibition.items.select_related("photo").prefetch_related("photo__renditions"), pk=item_pk)
    if request.method == "POST" and access < Access.EDIT:
        raise Http404
    if item.kind == ExhibitionItem.Kind.PHOTO:
        form = forms.PhotoItemForm(request.POST or None, item=item, initial=forms.PhotoItemForm.texts_initial(item))
    elif item.kind == ExhibitionItem.Kind.SECTION:
        form = forms.SectionForm(request.POST or None, initial=forms.SectionForm.texts_initial(item))
    else:
        form = forms.PanelForm(request.POST or None, initial=forms.PanelForm.texts_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            sequencing.exhibition_item_update(item=item, **form.language_maps())
        except sequencing.SequenceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("studio:sequencer", args=[pk]) + f"#item-{item.pk}")
    sequence = list(exhibition.items.order_by("position").only("id", "kind", "position"))
    numbers = numbering.photo_numbers(sequence)
    # A chapter or a panel has no number: it stands before the next photo's (past the last: one more).
    following = next((numbers[i.pk] for i in sequence if i.position > item.position and i.pk in numbers), None)
    return render(
        request,
        "exhibitions/studio/item.html",
        {
            "exhibition": exhibition,
            "item": item,
            "form": form,
            "can_edit": access >= Access.EDIT,
            "number": numbers.get(item.pk),
            "before_number": following or len(numbers) + 1,
            "photo_count": len(numbers),
            "sections": list(exhibition.items.filter(kind=ExhibitionItem.Kind.SECTION).order_by("position")),
            "problems": studio_people.item_problems(exhibition, item, user=request.user, access=access)
            if item.kind == ExhibitionItem.Kind.PHOTO
            else [],
        },
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The item page's "Move to number" form: the keyboard-and-form path that needs no script."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    item = get_object_or_404(exhibition.items, pk=item_pk)
    try:
        # The number every page shows: a photo takes it, a chapter or a panel goes just before that photo.
        number = int(request.POST.get("position", ""))
        sequencing.exhibition_items_move_to_number(
            exhibition=exhibition,
            item_ids=[item.pk],
            number=number,
            version=_version(request.POST.get("version")),
            actor=request.user,
        )
    except ValueError:
        messages.error(request, _("Give the new position as a number."))
        return redirect("studio:item", pk=pk, item_pk=item_pk)
    except sequencing.SequenceConflict as conflict:
        messages.error(request, conflict.message)
    return redirect(reverse("studio:sequencer", args=[pk]) + f"#item-{item.pk}")


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    item = get_object_or_404(exhibition.items, pk=item_pk)
    try:
        sequencing.exhibition_item_remove(item=item, version=_version(request.POST.get("version")), actor=request.user)
    except (sequencing.SequenceConflict, sequencing.SequenceError) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Removed from the exhibition. “Undo” brings it back."))
    return redirect("studio:sequencer", pk=pk)


# --- Details -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_details(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.VIEW)
    if request.method == "POST" and access < Access.EDIT:
        raise Http404
    form = forms.ExhibitionDetailsForm(request.POST or None, instance=exhibition)
    if request.method == "POST" and form.is_valid():
        try:
            services.exhibition_details_update(exhibition=exhibition, **form.service_arguments())
        except services.AddressTaken as taken:
            # Taken by an exhibition published at it since the form's check: the database's constraint said so.
            form.add_error("slug", taken.message)
        except services.TitleMissing as missing:
            form.add_error(f"title_{form.required_language()}", missing.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("studio:details", pk=pk)
    if form.is_bound:
        # The model form copied what it could onto the exhibition; the page's header shows it as it is stored.
        exhibition.refresh_from_db()
    return render(
        request,
        "exhibitions/studio/details.html",
        {"exhibition": exhibition, "form": form, "can_edit": access >= Access.EDIT, "is_owner": access >= Access.OWN},
    )


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_delete(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.OWN)
    if request.method == "POST":
        title = exhibition.title
        services.exhibition_delete(exhibition=exhibition)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("studio:list")
    return render(request, "exhibitions/studio/delete.html", {"exhibition": exhibition})


# --- Translations --------------------------------------------------------------------------------------


def _missing_filter(request: HttpRequest) -> str:
    """Which texts the translation view shows: "" every one, "any" those missing in some language, or a language
    code: those missing in it."""
    value = request.GET.get("missing") or request.POST.get("missing") or ""
    return value if value == "any" or value in text_inventory.studio_languages() else ""


def _translations_url(exhibition: Exhibition, shown: str, anchor: str = "") -> str:
    url = reverse("studio:translations", args=[exhibition.pk])
    return url + (f"?{urlencode({'missing': shown})}" if shown else "") + (f"#{anchor}" if anchor else "")


def _text_refused(row: text_inventory.TextRow, values: dict[str, str]) -> str:
    if row.max_length:
        for code, value in values.items():
            if len(value) > row.max_length:
                return _("%(language)s: at most %(max)d characters; this one has %(length)d.") % {
                    "language": text_inventory.language_name(code),
                    "max": row.max_length,
                    "length": len(value),
                }
    return ""


@dataclass
class _Saving:
    """What one save of the translation view did: texts written, and those refused with what the curator typed."""

    saved: int = 0
    # By text: what was typed, why it was refused, and the text as someone else left it (a conflict) or None.
    refused: dict[str, tuple[dict[str, str], str, dict[str, str] | None]] = field(default_factory=dict)

    def save(self, exhibition: Exhibition, row: text_inventory.TextRow, values: dict[str, str], was: str):
        """Save one text; on refusal keep what was typed and say why. The text as saved, or None."""
        if why := _text_refused(row, values):
            self.refused[row.key] = (values, why, None)
            return None
        try:
            saved = services.exhibition_text_save(exhibition=exhibition, key=row.key, values=values, was=was)
        except services.TextChanged as changed:
            why = _("Someone changed this text while you were writing; yours is still here. Save again to keep it.")
            self.refused[row.key] = (values, why, changed.row.values)
            return None
        except (services.TitleMissing, sequencing.SequenceError) as refused:
            self.refused[row.key] = (values, refused.message, None)
            return None
        self.saved += 1
        return saved


def _translations_page(
    request: HttpRequest, exhibition: Exhibition, shown: str, saving: _Saving | None = None
) -> HttpResponse:
    blocks = text_inventory.exhibition_text_blocks(exhibition, prefetch=[_thumbnails()])
    rows = text_inventory.text_rows(blocks)
    counts = text_inventory.language_counts(rows)
    if saving is not None:
        for row in rows:
            if row.key in saving.refused:
                row.typed, row.error, row.theirs = saving.refused[row.key]
    visible = text_inventory.blocks_missing(blocks, shown) if shown else blocks
    choices = [("", _("Every text")), ("any", _("Missing in any language"))] + [
        (code, _("Missing in %(language)s") % {"language": text_inventory.language_name(code)})
        for code in text_inventory.studio_languages()
    ]
    return render(
        request,
        "exhibitions/studio/translations.html",
        {
            "exhibition": exhibition,
            "can_edit": True,
            "blocks": visible,
            "counts": counts,
            "languages": [(code, text_inventory.language_name(code)) for code in text_inventory.studio_languages()],
            "shown": shown,
            "shown_language": text_inventory.language_name(shown) if shown not in ("", "any") else "",
            "choices": choices,
            "saving": saving,
            "default_language_name": text_inventory.language_name(exhibition.default_language),
        },
    )


def _translation_save_json(request: HttpRequest, exhibition: Exhibition) -> JsonResponse:
    """One text saved by the translation view's script (on leaving a field, or Ctrl+Enter)."""
    key = request.POST.get("row", "")
    values = text_inventory.submitted(request.POST, key)
    if values is None:
        return JsonResponse({"ok": False, "message": _("The request was not understood.")}, status=400)
    try:
        row, _item = text_inventory.text_row(exhibition, key)
    except text_inventory.UnknownText:
        return JsonResponse({"ok": False, "message": _("This text is no longer in the exhibition.")}, status=404)
    saving = _Saving()
    saved = saving.save(exhibition, row, values, request.POST.get(f"{key}.was", ""))
    if saved is None:
        _typed, why, theirs = saving.refused[key]
        data: dict[str, Any] = {"ok": False, "message": why}
        if theirs is not None:
            # The next save replaces their words with these: the curator has read theirs now.
            data.update(was=text_inventory.fingerprint(theirs), theirs=theirs)
        return JsonResponse(data, status=409 if theirs is not None else 400)
    counts = text_inventory.exhibition_language_counts(exhibition)
    return JsonResponse(
        {
            "ok": True,
            "message": _("Saved: %(what)s.") % {"what": request.POST.get("label") or saved.label},
            "was": saved.fingerprint,
            "missing": saved.missing,
            "borrowed": saved.borrowed,
            "counts": render_to_string(
                "exhibitions/studio/_translation_counts.html",
                {"counts": counts, "exhibition": exhibition},
                request=request,
            ),
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def translations(request: HttpRequest, pk: int) -> HttpResponse:
    """Every text of the show in three columns, the missing ones marked and counted per language. A save writes
    each text the curator changed (whatever button was pressed), and none that someone else changed meanwhile."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    shown = _missing_filter(request)
    if request.method == "GET":
        return _translations_page(request, exhibition, shown)
    if "application/json" in request.headers.get("Accept", ""):
        return _translation_save_json(request, exhibition)
    saving = _Saving()
    for row in text_inventory.text_rows(text_inventory.exhibition_text_blocks(exhibition)):
        values = text_inventory.submitted(request.POST, row.key)
        was = request.POST.get(f"{row.key}.was", "")
        if values is None or text_inventory.fingerprint(values) == was:
            continue  # not on the page that was sent, or not changed there
        saving.save(exhibition, row, values, was)
    if saving.refused:
        exhibition.refresh_from_db()
        return _translations_page(request, exhibition, shown, saving)
    if saving.saved:
        messages.success(
            request, ngettext("Saved %(count)d text.", "Saved %(count)d texts.", saving.saved) % {"count": saving.saved}
        )
    else:
        messages.info(request, _("Nothing had changed."))
    return redirect(_translations_url(exhibition, shown))


# --- Preview and review links -------------------------------------------------------------------------


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page itself, built from the draft: what visitors would see if it were published now."""
    exhibition, _access = _exhibition(request, pk, Access.VIEW)
    back_url = reverse("studio:sequencer", args=[exhibition.pk])
    return preview_render(request, exhibition.pk, exhibition_snapshot_build(exhibition), back_url=back_url)


@require_GET
def review(request: HttpRequest, token: str) -> HttpResponse:
    """A review link: the draft, to anyone holding an unexpired, unrevoked token; otherwise a plain 404.

    It shows only what the consent rule lets the exhibition show now, and its image URLs work for this link
    alone, for as long as it is active.
    """
    link = ReviewLink.objects.active().select_related("exhibition").filter(token=token).first()
    if link is None:
        raise Http404
    snapshot = exhibition_snapshot_build(link.exhibition)
    response = preview_render(request, link.exhibition_id, snapshot, review_link=link.pk)
    # The token is in the address: never hand it on to the sites the page links to.
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Sharing -------------------------------------------------------------------------------------------


def _sharing_page(request: HttpRequest, exhibition: Exhibition, access: Access, **forms_given) -> HttpResponse:
    links = list(exhibition.review_links.select_related("created_by"))
    return render(
        request,
        "exhibitions/studio/sharing.html",
        {
            "exhibition": exhibition,
            "collaborators": exhibition.collaborators.order_by("username"),
            # Names the owner typed, as typed: whether each is anyone's is not for this page to say.
            "invitations": exhibition.invitations.all(),
            "links": links,
            "collaborator_form": forms_given.get("collaborator_form") or forms.CollaboratorForm(),
            "link_form": forms_given.get("link_form") or forms.ReviewLinkForm(),
            "is_owner": access >= Access.OWN,
            "can_edit": access >= Access.EDIT,
        },
    )


@login_required
@require_GET
def sharing(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    return _sharing_page(request, exhibition, access)


@login_required
@require_POST
def collaborator_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite by user name. The answer is the same whether the name is nobody's, a photographer's or a curator's."""
    exhibition, access = _exhibition(request, pk, Access.OWN)
    form = forms.CollaboratorForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, exhibition, access, collaborator_form=form)
    username = form.cleaned_data["username"]
    if collaboration.exhibition_invite(exhibition=exhibition, username=username, actor=request.user) is None:
        messages.info(request, _("That is the owner's own user name: they edit this exhibition already."))
    else:
        messages.success(
            request,
            _(
                "Invitation recorded for “%(name)s”. If a curator signs in with that user name, they will find it in "
                "their studio; once they accept, they can edit and publish this exhibition."
            )
            % {"name": username},
        )
    return redirect("studio:sharing", pk=pk)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.OWN)
    invitation_id = request.POST.get("invitation", "")
    if invitation_id.isdigit() and collaboration.exhibition_invitation_cancel(
        exhibition=exhibition, invitation_id=int(invitation_id)
    ):
        messages.success(request, _("The invitation is cancelled."))
    return redirect("studio:sharing", pk=pk)


def _invitation(request: HttpRequest, pk: int):
    """The invitation to exhibition `pk` addressed to this curator; otherwise the same 404 as for no exhibition."""
    invitation = collaboration.invitation_for(user=request.user, exhibition_id=pk)
    if invitation is None:
        raise Http404
    return invitation


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition = collaboration.exhibition_invitation_accept(invitation=_invitation(request, pk), user=request.user)
    messages.success(request, _("You can now edit “%(title)s”.") % {"title": exhibition.title})
    return redirect("studio:sequencer", pk=exhibition.pk)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration.exhibition_invitation_decline(invitation=_invitation(request, pk), user=request.user)
    messages.success(request, _("Invitation declined."))
    return redirect("studio:list")


@login_required
@require_POST
def collaborator_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.OWN)
    user = get_object_or_404(exhibition.collaborators, pk=user_pk)
    collaboration.exhibition_collaborator_remove(exhibition=exhibition, user=user)
    messages.success(request, _("%(name)s no longer edits this exhibition.") % {"name": user})
    return redirect("studio:sharing", pk=pk)


@login_required
@require_POST
def review_link_new(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    form = forms.ReviewLinkForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, exhibition, access, link_form=form)
    collaboration.review_link_create(
        exhibition=exhibition, actor=request.user, valid_for=form.valid_for, label=form.cleaned_data["label"]
    )
    messages.success(request, _("Review link made: copy it from the list below."))
    return redirect("studio:sharing", pk=pk)


@login_required
@require_POST
def review_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    collaboration.review_link_revoke(link=get_object_or_404(exhibition.review_links, pk=link_pk))
    messages.success(request, _("The link no longer works."))
    return redirect("studio:sharing", pk=pk)


# --- Publishing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AltFix:
    """A photo without alt text, as the publish page shows it: its thumbnail and a field to describe it."""

    item: ExhibitionItem
    number: int
    thumbnail: Rendition | None
    form: forms.AltTextForm


@dataclass(frozen=True)
class Check:
    blocker: Blocker
    alt_fix: AltFix | None = None


def _alt_language(request: HttpRequest, exhibition: Exhibition, chosen: str = "") -> str:
    """The language the publish page's alt text fields write in: the one the curator last chose there, else the
    exhibition's default language."""
    chosen = chosen or request.GET.get("alt_language", "")
    return chosen if chosen in text_inventory.studio_languages() else exhibition.default_language


def _publish_context(
    request: HttpRequest, exhibition: Exhibition, access: Access, *, alt_language: str = ""
) -> dict[str, Any]:
    """The checks, each photo without alt text with its field, the texts missing in each language, and whether
    publishing would change anything."""
    context = studio_people.publish_context(exhibition, user=request.user, access=access)
    items: list[ExhibitionItem] = context.pop("photo_items")
    numbers = numbering.photo_numbers(items)
    alt_language = _alt_language(request, exhibition, alt_language)
    undescribed = [item for item in items if not item.display_alt.strip()]
    # One query for the thumbnails of the photos to describe: one cannot describe a photo one does not see.
    prefetch_related_objects([item.photo for item in undescribed], Prefetch("renditions", queryset=_small_jpegs()))
    fixes = {
        item.pk: AltFix(
            item=item,
            number=numbers[item.pk],
            thumbnail=next(iter(item.photo.renditions.all()), None),
            form=forms.AltTextForm(prefix=f"alt-{item.pk}", language=alt_language),
        )
        for item in undescribed
    }
    can_edit = access >= Access.EDIT
    context["checks"] = [
        Check(blocker, fixes.get(blocker.item_id) if can_edit and blocker.code == "alt_text" else None)
        for blocker in context["blockers"]
    ]
    context["alt_missing"] = len(fixes)
    context["alt_language"] = alt_language
    counts = text_inventory.exhibition_language_counts(exhibition)
    context["translation_counts"] = counts
    context["translations_missing"] = [count for count in counts if count.missing]
    context["default_language_name"] = text_inventory.language_name(exhibition.default_language)
    context["draft_changed"] = publishing.exhibition_draft_changed(exhibition)
    return context


def _publish_page(request: HttpRequest, exhibition: Exhibition, access: Access, schedule_form=None) -> HttpResponse:
    return render(
        request,
        "exhibitions/studio/publish.html",
        {
            "exhibition": exhibition,
            "events": exhibition.publication_events.select_related("actor")[:12],
            "schedule_form": schedule_form or forms.PublishScheduleForm(),
            "can_edit": access >= Access.EDIT,
            # The checks, and for the curators who is shown without consent and the overrides, each person named
            # as this viewer may name them (a subject's `name` is its photographer's private label).
            **_publish_context(request, exhibition, access),
        },
    )


def _next_undescribed(exhibition: Exhibition, after: ExhibitionItem) -> ExhibitionItem | None:
    """The next photo still without alt text after this one in the sequence, else the first before it."""
    undescribed = [item for item in studio_people.photo_items(exhibition) if not item.display_alt.strip()]
    return next((item for item in undescribed if item.position > after.position), None) or next(iter(undescribed), None)


@login_required
@require_POST
def publish_alt_text(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """ "Save and next missing" on the publish page: the script gets the checks again as HTML and the next photo
    to describe; without the script, the page comes back at that photo's field."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    item = get_object_or_404(exhibition.items.select_related("photo"), pk=item_pk, kind=ExhibitionItem.Kind.PHOTO)
    form = forms.AltTextForm(request.POST, prefix=f"alt-{item.pk}", language=exhibition.default_language)
    error = ""
    if form.is_valid():
        try:
            sequencing.exhibition_item_alt_text_set(item=item, alt_text=form.language_map())
        except sequencing.SequenceError as refused:
            error = refused.message
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    following = None if error else _next_undescribed(exhibition, item)
    saved = _("Alt text saved for “%(title)s”.") % {"title": item.display_title}
    # The next field writes in the language the curator chose for this one.
    language = getattr(form, "cleaned_data", {}).get("language") or ""
    if "application/json" not in request.headers.get("Accept", ""):
        back = reverse("studio:publish", args=[pk])
        if language and language != exhibition.default_language:
            back += "?" + urlencode({"alt_language": language})
        if error:
            messages.error(request, error)
            return redirect(f"{back}#alt-{item.pk}")
        messages.success(request, saved)
        anchor = f"#alt-{following.pk}" if following else "#publish-heading"
        return redirect(back + anchor)
    if error:
        return JsonResponse({"ok": False, "message": error}, status=400)
    exhibition.refresh_from_db()
    context = {
        "exhibition": exhibition,
        "can_edit": True,
        **_publish_context(request, exhibition, access, alt_language=language),
    }
    remaining = context["alt_missing"]
    announcement = (
        ngettext(
            "%(saved)s %(count)d photo still needs alt text.",
            "%(saved)s %(count)d photos still need alt text.",
            remaining,
        )
        % {"saved": saved, "count": remaining}
        if remaining
        else _("%(saved)s Every photo has alt text now.") % {"saved": saved}
    )
    return JsonResponse(
        {
            "ok": True,
            "message": announcement,
            "next": following.pk if following else None,
            "checks": render_to_string("exhibitions/studio/_publish_checks.html", context, request=request),
            "actions": render_to_string("exhibitions/studio/_publish_actions.html", context, request=request),
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.VIEW)
    if request.method == "GET":
        return _publish_page(request, exhibition, access)
    if access < Access.EDIT:
        raise Http404
    was_published = exhibition.is_published
    if was_published and not publishing.exhibition_draft_changed(exhibition):
        # The button says so too; a second tab or a double click should not add a publication that changes nothing.
        messages.info(request, _("Nothing to publish: the draft is the version visitors see."))
        return redirect("studio:publish", pk=pk)
    try:
        publishing.exhibition_publish(exhibition=exhibition, actor=request.user, check_blockers=True)
    except publishing.PublishBlocked as blocked:
        messages.error(
            request,
            ngettext(
                "Not published: %(count)d thing needs fixing first.",
                "Not published: %(count)d things need fixing first.",
                len(blocked.blockers),
            )
            % {"count": len(blocked.blockers)},
        )
    else:
        messages.success(
            request, _("Changes published: visitors now see this version.") if was_published else _("Published.")
        )
    return redirect("studio:publish", pk=pk)


@login_required
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    publishing.exhibition_unpublish(exhibition=exhibition, actor=request.user)
    messages.success(request, _("Unpublished: the public page is gone; the draft is kept."))
    return redirect("studio:publish", pk=pk)


@login_required
@require_POST
def publish_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    form = forms.PublishScheduleForm(request.POST)
    if not form.is_valid():
        return _publish_page(request, exhibition, access, schedule_form=form)
    try:
        publishing.exhibition_publish_schedule(
            exhibition=exhibition, at=form.cleaned_data["publish_at"], actor=request.user
        )
    except publishing.ScheduleRefused as refused:
        form.add_error("publish_at", refused.message)
        return _publish_page(request, exhibition, access, schedule_form=form)
    messages.success(request, _("Scheduled."))
    return redirect("studio:publish", pk=pk)


@login_required
@require_POST
def publish_schedule_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    publishing.exhibition_publish_schedule_cancel(exhibition=exhibition, actor=request.user)
    messages.success(request, _("The scheduled publication is cancelled."))
    return redirect("studio:publish", pk=pk)
