"""The original download and /healthz."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    JsonResponse,
)
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from curation.cache import cache_status
from curation.celery import app as celery_app
from curation.models import Photo

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
