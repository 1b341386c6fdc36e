"""The photographer's pages (upload, library, loupe, photo page, bulk actions), the original download, health."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.core.files.storage import storages
from django.db import connection
from django.db.models import F, Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curation import credits, ingest, library, services, sharing, subjects
from curation.cache import cache_status
from curation.celery import app as celery_app
from curation.forms import BulkForm, CreditForm, CullForm, LibraryFilterForm, PhotoForm
from curation.models import LibraryOffer, Photo, Rendition, Subject, UploadBatch
from curation.publications import publications
from curation.roles import is_photographer
from curation.sharing_forms import BulkShareForm, CuratorForm

# Multipart framing and the other fields of an upload, on top of the file itself.
UPLOAD_OVERHEAD_BYTES = 64 * 1024
UPLOAD_CONCURRENCY = 3


def _require_photographer(request: HttpRequest) -> None:
    if not is_photographer(request.user):
        raise Http404


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _library_url(query: str = "") -> str:
    return reverse("curation:library") + (f"?{query}" if query else "")


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


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
    page = library.library_page(photos, sort=form.ordering, after=after, size=library.PAGE_SIZE, counted=counted)
    query = _query_without(request, "cursor", "fragment", "count")
    context: dict[str, Any] = {
        "page": page,
        "query": query,
        "next_url": _library_url(f"{query}&cursor={page.next_cursor}" if query else f"cursor={page.next_cursor}")
        if page.next_cursor
        else "",
        "ratings": range(1, Photo.MAX_RATING + 1),
    }
    if fragment:
        return render(request, "curation/_grid_page.html", context)
    context.update(
        form=form,
        choices=library.library_choices(request.user, batch_id=form.cleaned_data.get("batch")),
        is_filtered=form.is_filtered,
        first_page=after is None,
        upload_url=reverse("curation:upload"),
        total_words=library.TotalWords.of(page.total or 0, capped=page.total_capped),
        count_url=_library_url(f"{query}&count=1" if query else "count=1"),
    )
    return render(request, "curation/library.html", context)


def _library_count(request: HttpRequest, library_filter: library.LibraryFilter) -> JsonResponse:
    """The exact number of the user's photos in the filter, and the page's words for it, for the script to swap
    in once the grid is shown."""
    total = library.photos_count(request.user, library_filter)
    response = JsonResponse({"total": total, **library.TotalWords.of(total).as_json()})
    # Private data on a URL that differs from the page's only by a parameter: no shared cache may keep it.
    add_never_cache_headers(response)
    return response


@login_required
def loupe(request: HttpRequest, photo_id: int) -> HttpResponse:
    """One photo large, for culling: stars and flags from the keyboard, arrows to the neighbours in the filter."""
    _require_photographer(request)
    photo = get_object_or_404(
        Photo.objects.filter(owner=request.user).prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("long_edge"))
        ),
        pk=photo_id,
    )
    form = LibraryFilterForm(request.GET)
    photos = library.photos_filtered(request.user, form.library_filter())
    before, after = library.library_neighbours(photos, sort=form.ordering, photo=photo)
    query = _query_without(request, "cursor")

    def loupe_url(pk: int | None) -> str:
        if pk is None:
            return ""
        return reverse("curation:loupe", args=[pk]) + (f"?{query}" if query else "")

    return render(
        request,
        "curation/loupe.html",
        {
            "photo": photo,
            "query": query,
            "previous_url": loupe_url(before),
            "next_url": loupe_url(after),
            "here": loupe_url(photo.pk),
            "library_url": _library_url(query) + f"#photo-{photo.pk}",
            "ratings": range(1, Photo.MAX_RATING + 1),
            "exif": library.exif_in_words(photo),
        },
    )


@require_POST
@login_required
def photo_cull(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Set one photo's stars or flag; JSON for the keyboard, a redirect back for the buttons without JavaScript."""
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
    photo.refresh_from_db(fields=["rating", "flag"])
    if _wants_json(request):
        return JsonResponse({"id": photo.pk, "rating": photo.rating, "flag": photo.flag})
    return redirect(_safe_next(request, reverse("curation:loupe", args=[photo.pk])))


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
                photo=photo,
                title=data["title"],
                caption=data["caption"],
                alt_text=data["alt_text"],
                place_name=data["place_name"],
                tag_names=data["tags"],
                subjects=list(data["subjects"]),
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
            "form": form,
            "is_owner": is_owner,
            "exif": library.exif_in_words(photo),
            "exhibitions": exhibitions,
            "ratings": range(1, Photo.MAX_RATING + 1),
            "here": reverse("curation:photo", args=[photo.pk]),
        },
    )


# --- Upload -----------------------------------------------------------------------------------------------


def _outcome_json(outcome: ingest.Outcome, cell: library.Cell | None) -> dict[str, Any]:
    photo = outcome.photo
    return {
        "status": outcome.status,
        "filename": outcome.filename,
        "message": outcome.message,
        "code": outcome.code,
        "photo_id": photo.pk if photo else None,
        "photo_url": reverse("curation:photo", args=[photo.pk]) if photo else "",
        "processing": photo.status if photo else "",
        "thumbnail_url": cell.thumb_jpeg if cell else "",
        "failure_reason": cell.photo.failure_reason if cell else "",
    }


def _too_large_message() -> str:
    return _("The file is larger than the %(limit)d MB limit.") % {"limit": settings.CURATION_MAX_UPLOAD_BYTES // 2**20}


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# csrf_exempt outside, csrf_protect inside: the size check must run before anything reads the body, and the
# CSRF middleware would read it (to look for the token field) before the view. Same for upload_file.
@csrf_exempt
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload page; a plain multi-file form POST works here too, for browsers without JavaScript."""
    _require_photographer(request)
    if request.method != "POST":
        return _upload_render(request, {})
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES * (settings.CURATION_MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD_BYTES)
    if _content_length(request) > limit:
        return _upload_render(request, {"error": _("That is too much for one form: send fewer files at a time.")}, 413)
    try:
        # Parsed here rather than by the CSRF check, so that too many files gets a sentence, not a bare 400.
        request.FILES  # noqa: B018
    except TooManyFilesSent:
        return _upload_render(
            request,
            {
                "error": _("Send at most %(count)d files at a time from this form.")
                % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
            },
            400,
        )
    return _upload_form_post(request)


def _upload_render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {
        "max_bytes": settings.CURATION_MAX_UPLOAD_BYTES,
        "max_mb": settings.CURATION_MAX_UPLOAD_BYTES // 2**20,
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "concurrency": UPLOAD_CONCURRENCY,
        **context,
    }
    return render(request, "curation/upload.html", context, status=status)


@csrf_protect
def _upload_form_post(request: HttpRequest) -> HttpResponse:
    files = request.FILES.getlist("files")
    if not files:
        return _upload_render(request, {"error": _("Choose some photos to upload first.")}, 400)
    batch = services.upload_batch_create(owner=request.user, source=UploadBatch.Source.BROWSER)
    outcomes = [ingest.ingest(owner=request.user, stream=f, filename=f.name, batch=batch) for f in files]
    context = {
        "outcomes": outcomes,
        "batch_url": _library_url(f"batch={batch.pk}"),
        # Duplicates stay in their first upload, so only new photos make this upload's filter worth opening.
        "any_imported": any(outcome.status == ingest.IMPORTED for outcome in outcomes),
    }
    return _upload_render(request, context, status=200)


def _json_refusal(message: str, status: int, code: str) -> JsonResponse:
    return JsonResponse({"status": ingest.REFUSED, "message": message, "code": code}, status=status)


@csrf_exempt
@require_POST
def upload_file(request: HttpRequest) -> JsonResponse:
    """One file from the upload page's script; answers in JSON whatever happens, so the page can go on."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"status": "error", "message": _("You have been logged out. Log in again in another tab, then retry.")},
            status=401,
        )
    if not is_photographer(request.user):
        return JsonResponse({"status": "error", "message": _("Only photographers can upload.")}, status=403)
    if _content_length(request) > settings.CURATION_MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD_BYTES:
        return _json_refusal(_too_large_message(), 413, "too_large")
    return _upload_file_protected(request)


@csrf_protect
def _upload_file_protected(request: HttpRequest) -> JsonResponse:
    upload_ = request.FILES.get("file")
    if upload_ is None:
        return _json_refusal(_("No file arrived: try again."), 400, "missing")
    batch = None
    if (batch_id := request.POST.get("batch", "")).isdigit():
        batch = UploadBatch.objects.filter(pk=int(batch_id), owner=request.user).first()
    outcome = ingest.ingest(owner=request.user, stream=upload_, filename=upload_.name, batch=batch)
    cell = None
    if outcome.photo is not None:
        cell = next(iter(library.photos_status(request.user, [outcome.photo.pk])), None)
    if outcome.code == services.StorageUnavailable.code:
        # Not the file's fault: an "error" the page offers to retry, not a refusal.
        return JsonResponse({"status": "error", "message": outcome.message, "code": outcome.code}, status=503)
    status = 422 if outcome.status == ingest.REFUSED else 200
    return JsonResponse(_outcome_json(outcome, cell), status=status)


@require_POST
@login_required
def upload_batch(request: HttpRequest) -> JsonResponse:
    """Open a batch for the files the upload page is about to send, so the library can show them together."""
    if not is_photographer(request.user):
        return JsonResponse({"status": "error", "message": _("Only photographers can upload.")}, status=403)
    batch = services.upload_batch_create(owner=request.user, source=UploadBatch.Source.BROWSER)
    return JsonResponse({"batch": batch.pk, "library_url": _library_url(f"batch={batch.pk}")})


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
            offered = sharing.library_offer_make(owner=request.user, username=data["curator"], photos=photos)
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


# --- Credit ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def credit_page(request: HttpRequest) -> HttpResponse:
    """How public pages credit the photographer: the name she chooses, shown at once on every published page."""
    _require_photographer(request)
    form = CreditForm(
        request.POST if request.method == "POST" else None,
        initial={"credit_name": credits.credit_name_chosen(request.user)},
    )
    if form.is_bound and form.is_valid():
        try:
            credits.credit_name_set(user=request.user, credit_name=form.cleaned_data["credit_name"])
        except credits.CreditRefused as refused:
            form.add_error("credit_name", refused.message)
        else:
            messages.success(request, _("Saved: every public page credits your photographs this way now."))
            return redirect("curation:credit")
    return render(request, "curation/credit.html", {"form": form, "credit": credits.credit_for(request.user)})


# --- Sharing with curators ----------------------------------------------------------------------------------


def _offered_message(offered: sharing.Offered) -> str:
    """What the photographer is told after offering: for a name she has no share with, the same words whoever has
    it (only the name she typed differs)."""
    if offered.share is not None:
        curator = offered.share.curator
        name = curator.get_full_name() or curator.get_username()
        if offered.share.whole_library and not offered.added:
            return _("%(name)s may now use any photo of your library.") % {"name": name}
        return ngettext(
            "Shared %(count)d more photo with %(name)s.", "Shared %(count)d more photos with %(name)s.", offered.added
        ) % {"count": offered.added, "name": name}
    if offered.offer is not None and offered.offer.whole_library:
        return _(
            "Your library is offered to “%(name)s”. If a curator signs in with that user name, they will find the "
            "offer in their studio; once they accept, they may use any photo of your library."
        ) % {"name": offered.username}
    return ngettext(
        "%(count)d more photo offered to “%(name)s”. If a curator signs in with that user name, they will find the "
        "offer in their studio; once they accept, they may use the photos you offered.",
        "%(count)d more photos offered to “%(name)s”. If a curator signs in with that user name, they will find the "
        "offer in their studio; once they accept, they may use the photos you offered.",
        offered.added,
    ) % {"count": offered.added, "name": offered.username}


def _sharing_render(request: HttpRequest, form: CuratorForm | None = None) -> HttpResponse:
    return render(
        request,
        "curation/sharing/index.html",
        {
            "shares": sharing.shares_of(request.user),
            # Names as she typed them: whether each is anyone's is not for this page to say.
            "offers": sharing.library_offers_of(request.user),
            "form": form or CuratorForm(),
        },
    )


@login_required
@require_GET
def sharing_page(request: HttpRequest) -> HttpResponse:
    """The curators who may use the photographer's photos: the whole library or the photos chosen."""
    _require_photographer(request)
    return _sharing_render(request)


@login_required
@require_POST
def sharing_grant(request: HttpRequest) -> HttpResponse:
    """Offer the whole library to a user name (or widen an accepted share to it). The answer is the same whether the
    name is nobody's, a photographer's or a curator's."""
    _require_photographer(request)
    form = CuratorForm(request.POST)
    if form.is_valid():
        try:
            offered = sharing.library_offer_make(
                owner=request.user, username=form.cleaned_data["username"], whole_library=True
            )
        except sharing.ShareRefused as refused:
            form.add_error("username", refused.message)
        else:
            messages.success(request, _offered_message(offered))
            return redirect("curation:sharing")
    return _sharing_render(request, form)


@login_required
@require_POST
def sharing_offer_withdraw(request: HttpRequest) -> HttpResponse:
    """The photographer takes back her offer to a name. The name is posted, not an id, so that her page is the same
    byte for byte whoever has the name."""
    _require_photographer(request)
    username = request.POST.get("username", "")
    if sharing.library_offer_withdraw(owner=request.user, username=username):
        messages.success(request, _("Your offer to “%(name)s” is withdrawn.") % {"name": username.strip()})
    else:
        messages.info(request, _("Nothing was offered to that name."))
    return redirect("curation:sharing")


def _offer(request: HttpRequest, pk: int) -> LibraryOffer:
    """The offer `pk` addressed to this curator; otherwise the same 404 as for no offer at all."""
    offer = sharing.library_offer_for(user=request.user, offer_id=pk)
    if offer is None:
        raise Http404
    return offer


@login_required
@require_POST
def sharing_offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The curator takes a photographer's offer, from their studio's list: her photos come into their picker."""
    offer = _offer(request, pk)
    sharing.library_offer_accept(offer=offer, user=request.user)
    name = offer.owner.get_full_name() or offer.owner.get_username()
    messages.success(
        request,
        _("You may now add the photos %(name)s shares with you to your exhibitions, from each one's photo picker.")
        % {"name": name},
    )
    # The studio is where the offer was answered; curation names its URL and imports nothing of it.
    return redirect("studio:list")


@login_required
@require_POST
def sharing_offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    sharing.library_offer_decline(offer=_offer(request, pk), user=request.user)
    messages.success(request, _("Offer declined."))
    return redirect("studio:list")


@login_required
@require_POST
def sharing_revoke(request: HttpRequest, user_pk: int) -> HttpResponse:
    _require_photographer(request)
    curator = get_user_model().objects.filter(pk=user_pk).first()
    if curator is not None and sharing.library_share_revoke(owner=request.user, curator=curator):
        messages.success(
            request,
            _(
                "%(name)s can no longer add your photos to exhibitions. "
                "Those already in their exhibitions stay there: ask them to take out any you want back."
            )
            % {"name": curator.get_full_name() or curator.get_username()},
        )
    else:
        messages.info(request, _("Nothing was shared with them."))
    return redirect("curation:sharing")


# --- Originals and health ---------------------------------------------------------------------------------


@login_required
def photo_original(request: HttpRequest, photo_id: int) -> FileResponse:
    """The original file, to its owner and staff only; anyone else gets the same 404 as for a missing photo."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not (photo.owner_id == request.user.pk or request.user.is_staff):
        raise Http404
    # Typed by the stored key, whose extension comes from the sniffed content: a valid PNG uploaded as
    # "page.html" must not go out as text/html.
    content_type = mimetypes.guess_type(photo.original.name)[0] or "application/octet-stream"
    response = FileResponse(
        photo.original.open("rb"),
        as_attachment=True,
        filename=photo.original_filename or None,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)


def _check_storage() -> None:
    for alias in ("default", "renditions"):
        storages[alias].exists("healthz-probe")


def _check_cache() -> None:
    if cache_status() != "ok":
        raise ConnectionError("the cache does not answer")


# Without the database nothing can be served; without any of the others the site still serves its pages (the cache
# is an optimisation, uploads wait for the broker in the database, images are missing until storage returns).
_ESSENTIAL = ("database",)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Reachability of the database, the cache, the broker and storage.

    200 "ok" when all answer; 200 "degraded" when only some of the others are down, naming them, so a load balancer
    keeps a server that can still answer; 503 "down" when the database is down.
    """
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker, "storage": _check_storage}
    report: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "down"; the type is the report
            report[name] = f"down: {type(error).__name__}" if not settings.DEBUG else f"down: {error}"
        else:
            report[name] = "ok"
    down = [name for name, value in report.items() if value != "ok"]
    status = "down" if any(name in _ESSENTIAL for name in down) else "degraded" if down else "ok"
    return JsonResponse({"status": status, **report}, status=503 if status == "down" else 200)
