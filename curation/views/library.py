"""The library: the contact sheet, culling one photo, the photo page, bulk actions and the credit line."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curation import bursts, credits, library, services, texts
from curation.forms import CreditForm, CullForm, LibraryFilterForm, PhotoForm
from curation.models import Photo, Profile, Rendition, Subject
from curation.publications import publications
from curation.views.common import _library_url, _query_without, _require_photographer, _safe_next, _wants_json

# --- Library ---------------------------------------------------------------------------------------------


@login_required
def library_view(request: HttpRequest) -> HttpResponse:
    """The contact sheet: filtered, sorted, cut into keyset pages; `fragment=1` returns only the next cells,
    `count=1` the exact number of photos in the filter (the page itself counts only up to a cap)."""
    _require_photographer(request)
    form = LibraryFilterForm(request.GET)
    library_filter = form.library_filter()
    if request.GET.get("count") == "1":
        return _library_count(request, library_filter)
    photos = library.photos_filtered(request.user, library_filter)
    after = library.Key.decode(request.GET.get("cursor", ""))
    fragment = request.GET.get("fragment") == "1"
    counted = None if fragment else library.photos_counted(request.user, library_filter)
    page = library.library_page(
        photos, sort=form.ordering, after=after, size=library.PAGE_SIZE, counted=counted, stack_gap=form.stack_gap
    )
    query = _query_without(request, "cursor", "fragment", "count", "open")
    context: dict[str, Any] = {
        "page": page,
        "query": query,
        # A stack shown open without JavaScript (its toggle is a link); the script opens and closes them in place.
        "open_stack": _int_or_zero(request.GET.get("open")),
        "stack_query": _query_without(request, "fragment", "count", "open"),
        "next_url": _library_url(f"{query}&cursor={page.next_cursor}" if query else f"cursor={page.next_cursor}")
        if page.next_cursor
        else "",
        "ratings": range(1, Photo.MAX_RATING + 1),
    }
    if fragment:
        return render(request, "curation/_grid_page.html", context)
    context.update(
        form=form,
        stacking=form.stack_gap is not None,
        choices=library.library_choices(request.user, batch_id=form.cleaned_data.get("batch")),
        is_filtered=form.is_filtered,
        first_page=after is None,
        upload_url=reverse("curation:upload"),
        total_words=library.TotalWords.of(page.total or 0, capped=page.total_capped),
        count_url=_library_url(f"{query}&count=1" if query else "count=1"),
    )
    return render(request, "curation/library.html", context)


def _int_or_zero(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _library_count(request: HttpRequest, library_filter: library.LibraryFilter) -> JsonResponse:
    """The exact number of the user's photos in the filter, and the page's words for it, for the script to swap
    in once the grid is shown."""
    total = library.photos_count(request.user, library_filter)
    response = JsonResponse({"total": total, **library.TotalWords.of(total).as_json()})
    # Private data on a URL that differs from the page's only by a parameter: no shared cache may keep it.
    add_never_cache_headers(response)
    return response


@require_POST
@login_required
def photo_cull(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Set one photo's stars, flag or colour label: JSON for the keyboard, a redirect for the plain buttons."""
    _require_photographer(request)
    photo = get_object_or_404(Photo.objects.filter(owner=request.user), pk=photo_id)
    form = CullForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"error": form.errors.get_json_data()}, status=400)
        messages.error(request, _("That change could not be saved."))
        return redirect(_safe_next(request, reverse("curation:loupe", args=[photo.pk])))
    one = Photo.objects.filter(pk=photo.pk, owner=request.user)
    if form.cleaned_data.get("rating") is not None:
        services.photos_rate(photos=one, rating=form.cleaned_data["rating"])
    if form.cleaned_data.get("flag"):
        flag = form.cleaned_data["flag"]
        services.photos_flag(photos=one, flag=Photo.Flag.NONE if flag == "none" else flag)
    if form.cleaned_data.get("label"):
        label = form.cleaned_data["label"]
        services.photos_label(photos=one, label=Photo.Label.NONE if label == "none" else label)
    photo.refresh_from_db(fields=["rating", "flag", "label"])
    if _wants_json(request):
        return JsonResponse({"id": photo.pk, "rating": photo.rating, "flag": photo.flag, "label": photo.label})
    return redirect(_safe_next(request, reverse("curation:loupe", args=[photo.pk])))


@require_POST
@login_required
def burst_pick(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Keep this frame of its burst and reject the others (Shift+P, or the button on an open stack): the burst as
    the library showed it, from the page's filter and stacking (`query`). JSON for the key, a redirect for the button.
    """
    _require_photographer(request)
    photo = get_object_or_404(Photo.objects.filter(owner=request.user), pk=photo_id)
    form = LibraryFilterForm(QueryDict(request.POST.get("query", "")))
    within = library.photos_filtered(request.user, form.library_filter())
    picked = bursts.burst_pick(owner=request.user, photo=photo, within=within, gap=form.stack_gap)
    if _wants_json(request):
        return JsonResponse({"pick": picked.pick, "rejected": picked.rejected})
    count = len(picked.rejected)
    messages.success(
        request,
        ngettext(
            "Picked. The other frame of the burst is rejected.",
            "Picked. The other %(count)s frames of the burst are rejected.",
            count,
        )
        % {"count": count}
        if count
        else _("Picked."),
    )
    fallback = _library_url(form.data.urlencode()) + f"#photo-{photo.pk}"
    return redirect(_safe_next(request, fallback))


@require_POST
@login_required
def photo_retry(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Queue a failed photo for processing again."""
    photo = get_object_or_404(Photo, pk=photo_id)
    if not (photo.owner_id == request.user.pk or request.user.is_staff):
        raise Http404
    if photo.status == Photo.Status.FAILED:
        services.photo_processing_retry(photo=photo)
    if _wants_json(request):
        return JsonResponse({"id": photo.pk, "status": photo.status})
    messages.success(request, _("The photo is queued to be processed again."))
    return redirect(_safe_next(request, reverse("curation:photo", args=[photo.pk])))


@never_cache
@require_GET
@login_required
def photos_status(request: HttpRequest) -> JsonResponse:
    """Status and thumbnail of some of the user's photos: the upload page and the library poll it."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
    cells = library.photos_status(request.user, ids)
    return JsonResponse({"photos": [cell.as_json() for cell in cells]})


# --- The photo page ---------------------------------------------------------------------------------------


@login_required
def photo_page(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A photo large with its EXIF in words, and the photographer's title, caption, alt text, tags, place, subjects."""
    photo = get_object_or_404(
        Photo.objects.select_related("batch", "owner").prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("long_edge")),
            "tags",
            Prefetch("subjects", queryset=Subject.objects.order_by("name")),
        ),
        pk=photo_id,
    )
    is_owner = photo.owner_id == request.user.pk
    if not (is_owner or request.user.is_staff):
        raise Http404
    if request.method == "POST":
        form = PhotoForm(request.POST, owner=photo.owner)
        if form.is_valid():
            data = form.cleaned_data
            services.photo_update(
                photo=photo, tag_names=data["tags"], subjects=list(data["subjects"]), **form.language_maps()
            )
            messages.success(request, _("Saved."))
            return redirect("curation:photo", photo.pk)
    else:
        form = PhotoForm(initial=PhotoForm.initial_for(photo), owner=photo.owner)
    exhibitions = publications().exhibitions_of_photo(photo=photo)
    return render(
        request,
        "curation/photo.html",
        {
            "photo": photo,
            # Her title as she reads it: in the page's language, else another (marked with its `lang`).
            "title": texts.pick(texts.text_map(photo, "title"), get_language() or ""),
            "form": form,
            "is_owner": is_owner,
            "exif": library.exif_in_words(photo),
            "exhibitions": exhibitions,
            "ratings": range(1, Photo.MAX_RATING + 1),
            "here": reverse("curation:photo", args=[photo.pk]),
        },
    )


# --- Credit ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def credit_page(request: HttpRequest) -> HttpResponse:
    """How public pages credit the photographer: the line she chooses in each language, shown at once on every
    published page."""
    _require_photographer(request)
    profile = Profile.objects.filter(user=request.user).first()
    form = CreditForm(
        request.POST if request.method == "POST" else None,
        initial=CreditForm.texts_initial(profile) if profile else {},
    )
    if form.is_bound and form.is_valid():
        try:
            credits.credit_name_set(user=request.user, credit_name=form.language_maps()["credit_name"])
        except credits.CreditRefused as refused:
            for code in refused.languages or [None]:
                form.add_error(f"credit_name_{code}" if code else None, refused.message)
        else:
            messages.success(request, _("Saved: every public page credits your photographs this way now."))
            return redirect("curation:credit")
    return render(request, "curation/credit.html", {"form": form, "lines": _credit_lines(request.user)})


def _credit_lines(user) -> list[dict[str, Any]]:
    """How a caption credits `user` to a reader of each language, in that language's words ("Фото: …")."""
    written = credits.credit_names(user)
    lines = []
    for code in texts.languages():
        with translation.override(code):
            credit = credits.credit_for(user, code)
            line = _("Photograph: %(credit)s") % {"credit": credit} if credit else ""
        # Another language's line stands in where hers is missing (not her full name, which has no language).
        lines.append({"code": code, "line": line, "fallback": bool(written) and code not in written, "credit": credit})
    return lines
