"""Limits at every layer a request crosses: bytes per file, files and fields per request, body size, pixels.

The reverse proxy's own limit (client_max_body_size) sits in front of these; see the README.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curation.models import Photo
from tests import factories
from tests.security.conftest import CA, PA, client_for, writes_recorded
from tests.support.security import Uploader, stored_files

pytestmark = pytest.mark.django_db


def test_a_file_over_the_per_file_limit_is_refused_from_its_declared_length(settings, media_root: Path):
    settings.CURATION_MAX_UPLOAD_BYTES = 100 * 1024
    uploader = Uploader(factories.photographer())
    before = stored_files(media_root)
    response = uploader.send("IMG_0001.jpg", factories.jpeg_bytes((1600, 1200)) + b"\0" * 300_000)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "0 MB" in response.json()["message"]
    assert not Photo.objects.exists() and stored_files(media_root) == before


def test_more_files_in_one_request_than_allowed_is_a_400_and_stores_nothing(media_root: Path):
    """The upload page's script sends one file per request; a hand-made request with many is cut off early."""
    uploader = Uploader(factories.photographer())
    before = stored_files(media_root)
    files = [
        SimpleUploadedFile(f"IMG_{i:04}.jpg", factories.jpeg_bytes((64, 48)))
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = uploader.client.post(
        reverse("curation:upload-file"), {"file": files}, HTTP_X_CSRFTOKEN=uploader.csrf, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert not Photo.objects.exists() and stored_files(media_root) == before


def test_an_image_over_the_pixel_limit_is_refused_whatever_its_file_size(settings):
    settings.CURATION_MAX_PIXELS = 2_000_000
    uploader = Uploader(factories.photographer())
    answer = uploader.send("IMG_0001.jpg", factories.jpeg_bytes((2000, 1500)))
    assert answer.status_code == 422
    assert answer.json()["code"] == "too_many_pixels" and "2 megapixels" in answer.json()["message"]
    assert uploader.send("IMG_0002.jpg", factories.jpeg_bytes((1600, 1200))).json()["status"] == "imported"


def test_a_thousand_and_a_half_selected_photos_fit_in_one_bulk_action(world):
    """The library loads a hundred photos a page; after scrolling, "select all" posts every loaded checkbox."""
    ids = [world.photo_a_private.pk, *range(10**8, 10**8 + 1499)]
    response = client_for(world, PA).post(reverse("curation:bulk"), {"action": "rate", "rating": "4", "photo": ids})
    assert response.status_code == 302
    world.photo_a_private.refresh_from_db()
    assert world.photo_a_private.rating == 4


def test_more_fields_than_allowed_is_a_400_and_changes_nothing(world):
    client = client_for(world, PA)
    ids = [world.photo_a_private.pk] * settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    with writes_recorded() as written:
        response = client.post(reverse("curation:bulk"), {"action": "rate", "rating": "4", "photo": ids})
    assert response.status_code == 400
    assert not written


def test_a_body_over_the_memory_limit_is_a_400_and_changes_nothing(world):
    """DATA_UPLOAD_MAX_MEMORY_SIZE bounds everything but files: a JSON reorder, a long form field."""
    version = world.exhibition_a.version
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    client = client_for(world, CA)
    with writes_recorded() as written:
        reorder = client.post(
            reverse("studio:reorder", args=[world.exhibition_a.pk]),
            json.dumps({"item_ids": [], "version": version, "padding": padding}),
            content_type="application/json",
        )
        panel = client.post(reverse("studio:panel-new", args=[world.exhibition_a.pk]), {"text": padding})

    assert reorder.status_code == 400 and panel.status_code == 400
    assert not written
