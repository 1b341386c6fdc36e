"""The library's bulk actions: tags, stars, flags, subjects, exhibitions, sharing and deletion of a selection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from curation import library, services, sharing, subjects
from curation.forms import BulkForm, LibraryFilterForm
from curation.models import Photo, Subject
from curation.publications import publications
from curation.sharing_forms import BulkShareForm
from curation.views.common import _library_url, _require_photographer
from curation.views.sharing import _offered_message

# --- Library ---------------------------------------------------------------------------------------------


# --- Bulk actions -----------------------------------------------------------------------------------------


def _bulk_photos(user, form: BulkForm):
    if form.cleaned_data.get("all_matching"):
        filters = LibraryFilterForm(QueryDict(form.cleaned_data.get("query") or ""))
        return library.photos_filtered(user, filters.library_filter())
    return Photo.objects.filter(owner=user, pk__in=form.cleaned_data.get("photo") or [])


@require_POST
@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Tag, rate, flag, add a subject, add to an exhibition, share with a curator or delete the selected photos
    (or the whole filter)."""
    _require_photographer(request)
    form = BulkShareForm(request.POST)
    back = _library_url(request.POST.get("query", ""))
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, errors[0] if errors else _("That action could not be done."))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    photos = _bulk_photos(request.user, form)
    action = data["action"]

    if action == "delete":
        if not data.get("confirm"):
            return _bulk_delete_confirm(request, form, photos)
        result = services.photos_delete(photos=photos)
        messages.success(
            request,
            ngettext("Deleted %(count)d photo.", "Deleted %(count)d photos.", result.deleted)
            % {"count": result.deleted},
        )
        if result.kept:
            titles = ", ".join(p.display_title for p in result.kept[:5]) + ("…" if len(result.kept) > 5 else "")
            messages.warning(
                request,
                ngettext(
                    "%(count)d photo was kept because an exhibition uses it (%(titles)s). "
                    "Ask the curator to take it out of the exhibition first.",
                    "%(count)d photos were kept because exhibitions use them (%(titles)s). "
                    "Ask the curator to take them out of the exhibitions first.",
                    len(result.kept),
                )
                % {"count": len(result.kept), "titles": titles},
            )
        return HttpResponseRedirect(back)

    if action == "tag":
        names = services.tag_names_parse(data["tags"])
        count = services.photos_tag(photos=photos, owner=request.user, names=names)
        message = ngettext("Tagged %(count)d photo with %(tags)s.", "Tagged %(count)d photos with %(tags)s.", count)
        messages.success(request, message % {"count": count, "tags": ", ".join(names)})
    elif action == "rate":
        count = services.photos_rate(photos=photos, rating=data["rating"])
        messages.success(
            request,
            ngettext("Rated %(count)d photo.", "Rated %(count)d photos.", count) % {"count": count},
        )
    elif action == "flag":
        flag = Photo.Flag.NONE if data["flag"] == "none" else data["flag"]
        count = services.photos_flag(photos=photos, flag=flag)
        messages.success(
            request,
            ngettext("Flagged %(count)d photo.", "Flagged %(count)d photos.", count) % {"count": count},
        )
    elif action == "subject":
        subject = Subject.objects.filter(owner=request.user, pk=data["subject"]).first()
        if subject is None:
            messages.error(request, _("That subject is not one of yours."))
            return HttpResponseRedirect(back)
        count = subjects.photos_subject_assign(photos=photos, subject=subject, actor=request.user)
        messages.success(
            request,
            ngettext("Added %(name)s to %(count)d photo.", "Added %(name)s to %(count)d photos.", count)
            % {"name": subject.name, "count": count},
        )
    elif action == "exhibition":
        # In the order they were taken: the natural first draft of a sequence.
        ordered = list(photos.order_by(F("taken_at").asc(nulls_last=True), "id"))
        appended = publications().photos_append(exhibition_id=data["exhibition"], user=request.user, photos=ordered)
        if appended is None:
            messages.error(request, _("You cannot add photos to that exhibition."))
            return HttpResponseRedirect(back)
        title, added = appended
        messages.success(
            request,
            ngettext("Added %(count)d photo to %(title)s.", "Added %(count)d photos to %(title)s.", added)
            % {"count": added, "title": title},
        )
    elif action == "share":
        # An offer to the name as typed: the same answer whoever has it (see curation.sharing).
        try:
            offered = sharing.library_offer_make(
                owner=request.user, username=data["curator"], photos=photos, note=data.get("note") or ""
            )
        except sharing.ShareRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(back)
        messages.success(request, _offered_message(offered))
    return HttpResponseRedirect(back)


def _bulk_delete_confirm(request: HttpRequest, form: BulkForm, photos) -> HttpResponse:
    count = photos.count()
    in_exhibitions = publications().photos_in_use(photos)
    kept_count = in_exhibitions.count()
    sample = library.library_page(photos, sort=library.SORTS[library.DEFAULT_SORT], size=24)
    return render(
        request,
        "curation/bulk_delete_confirm.html",
        {
            "count": count,
            "deletable": count - kept_count,
            "kept_count": kept_count,
            "kept": list(in_exhibitions.order_by("pk")[:50]),
            "sample": sample.cells,
            "data": form.cleaned_data,
            "photo_ids": form.cleaned_data.get("photo") or [],
            "back": _library_url(form.cleaned_data.get("query") or ""),
        },
    )
