"""The curator's pages: exhibitions, the sequencer, words, the photo picker, preview, sharing and publishing."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curation.models import Rendition
from curation.roles import is_curator
from curation.sharing import library_offers_for
from exhibitions import collaboration, forms, publishing, sequencing, services, studio_people
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


def _undo_label(change: SequenceChange | None, user=None) -> str:
    if change is None:
        return ""
    label = _undo_words(change)
    if user is not None and change.actor_id and change.actor_id != user.pk:
        # Undo takes back the latest change, whoever made it: say so when it was someone else's.
        return _("%(undo)s (by %(name)s)") % {"undo": label, "name": change.actor.get_username()}
    return label


def _undo_words(change: SequenceChange) -> str:
    if change.label and change.count == 1:
        # A text panel's words may carry their own quotation marks, and a button has little room.
        title = Truncator(change.label.strip(' “”"«»„')).chars(36)
        return {
            SequenceChange.Action.REORDER: _("Undo moving “%(title)s”"),
            SequenceChange.Action.ADD: _("Undo adding “%(title)s”"),
            SequenceChange.Action.REMOVE: _("Undo removing “%(title)s”"),
        }[change.action] % {"title": title}
    if change.action == SequenceChange.Action.REORDER:
        return ngettext("Undo moving %(count)d item", "Undo moving %(count)d items", change.count) % {
            "count": change.count
        }
    if change.action == SequenceChange.Action.ADD:
        return ngettext("Undo adding %(count)d item", "Undo adding %(count)d items", change.count) % {
            "count": change.count
        }
    return ngettext("Undo removing %(count)d item", "Undo removing %(count)d items", change.count) % {
        "count": change.count
    }


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
    rows = []
    for item in items:
        row = {
            "id": str(item.pk),
            "number": str(item.position + 1),
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
    return {
        "exhibition": exhibition,
        "rows": rows,
        "total": len(items),
        "photo_count": len(photo_items),
        "sections": [item for item in items if item.kind == ExhibitionItem.Kind.SECTION],
        "blockers": blockers,
        "can_edit": access >= Access.EDIT,
        "undo_label": _undo_label(sequencing.exhibition_undo_peek(exhibition), user) if access >= Access.EDIT else "",
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
        data["undo"] = _undo_label(sequencing.exhibition_undo_peek(exhibition), request.user)
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
        label = _undo_label(sequencing.exhibition_undo_peek(exhibition), request.user)
        sequencing.exhibition_undo(exhibition=exhibition, version=_version(data.get("version")), actor=request.user)
        return _("Done: %(what)s.") % {"what": label}

    return _sequence_change(request, pk, change, html=True)


# --- Items, panels and chapters --------------------------------------------------------------------


def _items_for_placement(exhibition: Exhibition) -> list[ExhibitionItem]:
    return list(exhibition.items.only("id", "position", "kind", "title").order_by("position"))


def _placement_form(request: HttpRequest, exhibition: Exhibition) -> forms.PlacementForm:
    items = _items_for_placement(exhibition)
    form = forms.PlacementForm(request.POST or None, items=items)
    after = request.GET.get("after")
    if after and after.isdigit() and int(after) < len(items):
        # The sequencer passes the position of the focused item: offer "after it" first.
        target = items[int(after)]
        choice = (
            str(target.position + 1),
            _("After “%(title)s”") % {"title": target.display_title or target.position + 1},
        )
        form.fields["position"].choices = [choice, *form.fields["position"].choices]
        form.initial["position"] = choice[0]
    return form


@login_required
@require_http_methods(["GET", "POST"])
def panel_new(request: HttpRequest, pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    form = forms.PanelForm(request.POST or None)
    placement = _placement_form(request, exhibition)
    if request.method == "POST" and form.is_valid() and placement.is_valid():
        item = sequencing.exhibition_text_panel_add(
            exhibition=exhibition,
            text=form.cleaned_data["text"],
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
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    form = forms.SectionForm(request.POST or None)
    placement = _placement_form(request, exhibition)
    if request.method == "POST" and form.is_valid() and placement.is_valid():
        section = sequencing.exhibition_section_add(
            exhibition=exhibition,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            position=placement.cleaned_data["position"],
            actor=request.user,
        )
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
        form = forms.PhotoItemForm(request.POST or None, item=item, initial=_words(item))
    elif item.kind == ExhibitionItem.Kind.SECTION:
        form = forms.SectionForm(request.POST or None, initial={"title": item.title, "text": item.text})
    else:
        form = forms.PanelForm(request.POST or None, initial={"text": item.text})
    if request.method == "POST" and form.is_valid():
        try:
            sequencing.exhibition_item_update(item=item, **form.cleaned_data)
        except sequencing.SequenceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("studio:sequencer", args=[pk]) + f"#item-{item.pk}")
    total = exhibition.items.count()
    return render(
        request,
        "exhibitions/studio/item.html",
        {
            "exhibition": exhibition,
            "item": item,
            "form": form,
            "can_edit": access >= Access.EDIT,
            "total": total,
            "sections": list(exhibition.items.filter(kind=ExhibitionItem.Kind.SECTION).order_by("position")),
            "problems": studio_people.item_problems(exhibition, item, user=request.user, access=access)
            if item.kind == ExhibitionItem.Kind.PHOTO
            else [],
        },
    )


def _words(item: ExhibitionItem) -> dict[str, str]:
    return {"title": item.title, "caption": item.caption, "alt_text": item.alt_text}


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The item page's "Move to position" form: the keyboard-and-form path that needs no script."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    item = get_object_or_404(exhibition.items, pk=item_pk)
    try:
        position = int(request.POST.get("position", "")) - 1
        sequencing.exhibition_items_move(
            exhibition=exhibition,
            item_ids=[item.pk],
            position=position,
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
            services.exhibition_details_update(exhibition=exhibition, **form.cleaned_data)
        except services.AddressTaken as taken:
            # Taken by an exhibition published at it since the form's check: the database's constraint said so.
            form.add_error("slug", taken.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("studio:details", pk=pk)
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
            **studio_people.publish_context(exhibition, user=request.user, access=access),
        },
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
