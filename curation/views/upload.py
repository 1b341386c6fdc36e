"""Upload: the page, its batches and files."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from curation import ingest, library, services
from curation.models import UploadBatch
from curation.roles import is_photographer
from curation.views.common import _library_url, _require_photographer

# Multipart framing and the other fields of an upload, on top of the file itself.
UPLOAD_OVERHEAD_BYTES = 64 * 1024
UPLOAD_CONCURRENCY = 3

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


# Counts whose plural category differs somewhere among our languages (and most others): the page picks, for its
# count, the form rendered for the sample of the same category (Intl.PluralRules), so ngettext decides the words.
PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 102, 105, 111)


def _plural_forms(form: Callable[[int], str]) -> str:
    """A message with %(count)s, in its form for each sample count, as JSON for the page's script."""
    return json.dumps({str(n): form(n) for n in PLURAL_SAMPLES}, ensure_ascii=False)


def _upload_messages() -> dict[str, str]:
    return {
        "plural_thumbnails": _plural_forms(
            lambda n: ngettext("Thumbnail %(done)s of %(count)s", "Thumbnails %(done)s of %(count)s", n)
        ),
        "plural_full_sizes": _plural_forms(
            lambda n: ngettext("full size %(done)s of %(count)s", "full sizes %(done)s of %(count)s", n)
        ),
        "plural_unprocessable": _plural_forms(
            lambda n: ngettext(
                "%(count)s photo could not be processed: see the reason next to it.",
                "%(count)s photos could not be processed: see the reason next to each.",
                n,
            )
        ),
        "plural_skipped": _plural_forms(
            lambda n: ngettext("%(count)s hidden system file skipped.", "%(count)s hidden system files skipped.", n)
        ),
    }


def _upload_render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {
        **_upload_messages(),
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
    batch = services.upload_batch_create(owner=request.user, source=UploadBatch.Source.BROWSER, sending=True)
    outcomes = [ingest.ingest(owner=request.user, stream=f, filename=f.name, batch=batch) for f in files]
    services.upload_batch_sent(batch=batch)
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


BATCH_STATES = {"sending": services.upload_batch_sending, "sent": services.upload_batch_sent}


@require_POST
@login_required
def upload_batch(request: HttpRequest) -> JsonResponse:
    """Open a batch for the files the upload page is about to send, so the library can show them together.

    With `batch` and `state`, the page says it has more files to send into that batch ("sending") or has sent them
    all ("sent"): until then the batch's full rendition sets wait, so every thumbnail comes first.
    """
    if not is_photographer(request.user):
        return JsonResponse({"status": "error", "message": _("Only photographers can upload.")}, status=403)
    if (state := request.POST.get("state", "")) in BATCH_STATES:
        batch_id = request.POST.get("batch", "")
        batch = UploadBatch.objects.filter(pk=int(batch_id), owner=request.user).first() if batch_id.isdigit() else None
        if batch is None:
            raise Http404
        BATCH_STATES[state](batch=batch)
        return JsonResponse({"batch": batch.pk, "state": state})
    batch = services.upload_batch_create(owner=request.user, source=UploadBatch.Source.BROWSER, sending=True)
    return JsonResponse({"batch": batch.pk, "library_url": _library_url(f"batch={batch.pk}")})
