"""The photographer's pages (library, original download) and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from curation.celery import app as celery_app
from curation.models import Photo
from curation.roles import is_photographer


@login_required
def library(request: HttpRequest) -> HttpResponse:
    if not is_photographer(request.user):
        raise Http404
    photos = Photo.objects.owned_by(request.user).with_renditions()[:200]
    return render(request, "curation/library.html", {"photos": photos})


@login_required
def photo_original(request: HttpRequest, photo_id: int) -> FileResponse:
    """The original file, to its owner and staff only; anyone else gets the same 404 as for a missing photo."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not (photo.owner_id == request.user.pk or request.user.is_staff):
        raise Http404
    response = FileResponse(photo.original.open("rb"), as_attachment=True, filename=photo.original_filename or None)
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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Reachability of the database, the broker and storage: 200 when all answer, 503 when one does not."""
    checks = {"database": _check_database, "broker": _check_broker, "storage": _check_storage}
    report: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "down"; the type is the report
            report[name] = f"down: {type(error).__name__}" if not settings.DEBUG else f"down: {error}"
        else:
            report[name] = "ok"
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse({"status": "ok" if healthy else "down", **report}, status=200 if healthy else 503)
