"""The upload page and its endpoints: one JSON answer per file, duplicates, refusals, the size cap, no-JS posts."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from curation.models import Photo, UploadBatch
from tests import factories

pytestmark = pytest.mark.django_db

UPLOAD_FILE = reverse("curation:upload-file")
UPLOAD_PAGE = reverse("curation:upload")
JSON = {"accept": "application/json"}


def send(client, data: bytes, name: str = "DSCF0001.JPG", **extra):
    return client.post(UPLOAD_FILE, {"file": SimpleUploadedFile(name, data), **extra}, headers=JSON)


def test_a_photo_is_imported_under_a_generated_key_and_answered_in_json(client):
    owner = factories.photographer()
    client.force_login(owner)
    batch = client.post(reverse("curation:upload-batch"), headers=JSON).json()
    response = send(client, factories.jpeg_bytes(), "DSCF0001.JPG", batch=batch["batch"])
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "imported" and body["filename"] == "DSCF0001.JPG"
    photo = Photo.objects.get(pk=body["photo_id"])
    assert photo.owner == owner and photo.batch_id == batch["batch"]
    assert "DSCF0001" not in photo.original.name
    assert body["photo_url"] == reverse("curation:photo", args=[photo.pk])
    assert body["processing"] == "pending"
    assert batch["library_url"] == f"/library/?batch={batch['batch']}"


def test_the_same_file_again_is_already_in_the_library_with_a_link_and_stored_once(client):
    client.force_login(factories.photographer())
    data = factories.jpeg_bytes()
    first = send(client, data, "a.jpg").json()
    again = send(client, data, "copy of a.jpg")
    assert again.status_code == 200
    body = again.json()
    assert body["status"] == "duplicate" and body["message"] == "Already in your library."
    assert body["photo_id"] == first["photo_id"]
    assert body["photo_url"] == reverse("curation:photo", args=[first["photo_id"]])
    assert Photo.objects.count() == 1


def test_a_large_photo_is_kept_whole_and_leaves_no_spooled_copy_behind(client, settings, media_root):
    """A file over the in-memory limit is spooled to disk and moved into storage: the original is the file sent,
    byte for byte, and nothing is left behind to fill the disk upload after upload."""
    client.force_login(factories.photographer())
    noise = Image.frombytes("RGB", (1600, 1200), random.Random(7).randbytes(1600 * 1200 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    data = buffer.getvalue()
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    body = send(client, data, "DSCF0002.JPG").json()
    assert body["status"] == "imported"
    with Photo.objects.get(pk=body["photo_id"]).original.open("rb") as original:
        assert original.read() == data
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "Not a photo: this is a PDF file."),
        (b"", "The file is empty."),
    ],
)
def test_a_refused_file_is_named_and_explained_and_the_next_file_still_goes_in(client, payload, words):
    client.force_login(factories.photographer())
    response = send(client, payload, "holiday.jpg")
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "refused" and body["filename"] == "holiday.jpg" and words in body["message"]
    assert send(client, factories.jpeg_bytes(), "next.jpg").json()["status"] == "imported"


def test_a_file_over_the_cap_is_refused_before_its_body_is_read(client, settings):
    settings.CURATION_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(factories.photographer())
    big = factories.jpeg_bytes() + b"\0" * (2 * 1024 * 1024)
    response = send(client, big, "huge.jpg")
    assert response.status_code == 413
    assert response.json() == {
        "status": "refused",
        "message": "The file is larger than the 1 MB limit.",
        "code": "too_large",
    }
    assert not Photo.objects.exists()


def test_the_cap_is_also_enforced_on_the_bytes_that_arrive(client, settings):
    settings.CURATION_MAX_UPLOAD_BYTES = 3 * 1024 * 1024
    client.force_login(factories.photographer())
    # Under the request cap with the framing, over the file cap: photo_create's own check answers.
    data = factories.jpeg_bytes() + b"\0" * (3 * 1024 * 1024 + 10)
    response = send(client, data[: 3 * 1024 * 1024 + 10], "just-over.jpg")
    assert response.status_code in (413, 422)
    assert "3 MB limit" in response.json()["message"]


def test_uploads_need_a_logged_in_photographer_and_a_csrf_token():
    data = factories.jpeg_bytes()
    anonymous = Client()
    response = anonymous.post(UPLOAD_FILE, {"file": SimpleUploadedFile("a.jpg", data)}, headers=JSON)
    assert response.status_code == 401 and "logged out" in response.json()["message"]

    curator = Client()
    curator.force_login(factories.curator())
    assert curator.post(UPLOAD_FILE, {"file": SimpleUploadedFile("a.jpg", data)}).status_code == 403

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(factories.photographer())
    assert strict.post(UPLOAD_FILE, {"file": SimpleUploadedFile("a.jpg", data)}).status_code == 403
    page = strict.get(UPLOAD_PAGE)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    response = strict.post(
        UPLOAD_FILE, {"file": SimpleUploadedFile("a.jpg", data)}, headers={**JSON, "X-CSRFToken": token}
    )
    assert response.json()["status"] == "imported"
    assert Photo.objects.count() == 1


def test_a_batch_from_another_photographer_is_ignored(client):
    other_batch = UploadBatch.objects.create(owner=factories.photographer())
    client.force_login(factories.photographer())
    body = send(client, factories.jpeg_bytes(), batch=other_batch.pk).json()
    assert Photo.objects.get(pk=body["photo_id"]).batch is None


def test_the_upload_page_states_the_limit_and_carries_the_script_settings(client, settings):
    settings.CURATION_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
    client.force_login(factories.photographer())
    html = client.get(UPLOAD_PAGE).content.decode()
    assert "up to 100 MB each" in html
    assert f'data-max-bytes="{100 * 1024 * 1024}"' in html and 'data-concurrency="3"' in html
    assert 'type="file" name="files" multiple' in html


def test_without_javascript_a_multi_file_form_post_answers_each_file(client):
    owner = factories.photographer()
    client.force_login(owner)
    existing = factories.jpeg_bytes()
    factories.photo(owner, data=existing)
    files = [
        SimpleUploadedFile("good.jpg", factories.jpeg_bytes()),
        SimpleUploadedFile("again.jpg", existing),
        SimpleUploadedFile('<img src=x onerror="alert(1)">.pdf', b"%PDF-1.4 not a photo"),
    ]
    response = client.post(UPLOAD_PAGE, {"files": files})
    html = response.content.decode()
    assert response.status_code == 200
    assert "good.jpg" in html and "Imported." in html
    assert "again.jpg" in html and "Already in your library." in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf" in html and "<img src=x" not in html
    assert "Not a photo: this is a PDF file." in html
    batch = UploadBatch.objects.get(owner=owner)
    assert f"/library/?batch={batch.pk}" in html
    assert Photo.objects.filter(owner=owner).count() == 2


def test_without_javascript_an_upload_of_only_refused_or_known_files_offers_no_empty_library_filter(client):
    owner = factories.photographer()
    client.force_login(owner)
    existing = factories.jpeg_bytes()
    factories.photo(owner, data=existing)
    files = [
        SimpleUploadedFile("again.jpg", existing),
        SimpleUploadedFile("scan.pdf", b"%PDF-1.4 not a photo"),
    ]
    html = client.post(UPLOAD_PAGE, {"files": files}).content.decode()
    assert "Already in your library." in html and "Not a photo: this is a PDF file." in html
    batch = UploadBatch.objects.get(owner=owner)
    assert f"/library/?batch={batch.pk}" not in html


def test_without_javascript_too_many_files_at_once_is_explained(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.photographer())
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(UPLOAD_PAGE).content).group(1)
    files = [SimpleUploadedFile(f"{i}.jpg", factories.jpeg_bytes()) for i in range(3)]
    response = client.post(UPLOAD_PAGE, {"files": files, "csrfmiddlewaretoken": token.decode()})
    assert response.status_code == 400
    assert "Send at most 2 files at a time" in response.content.decode()
    assert not Photo.objects.exists()


def test_posting_the_form_with_no_file_asks_for_one(client):
    client.force_login(factories.photographer())
    response = client.post(UPLOAD_PAGE, {})
    assert response.status_code == 400 and "Choose some photos" in response.content.decode()


def test_the_page_holds_its_batch_while_sending_and_says_when_everything_is_sent(client):
    owner = factories.photographer()
    client.force_login(owner)
    batch_url = reverse("curation:upload-batch")
    batch_id = client.post(batch_url, headers=JSON).json()["batch"]
    assert UploadBatch.objects.get(pk=batch_id).sending_until is not None  # full sets wait for the thumbnails
    sent = client.post(batch_url, {"batch": batch_id, "state": "sent"}, headers=JSON)
    assert sent.status_code == 200 and UploadBatch.objects.get(pk=batch_id).sending_until is None
    client.post(batch_url, {"batch": batch_id, "state": "sending"}, headers=JSON)  # another folder dropped
    assert UploadBatch.objects.get(pk=batch_id).sending_until is not None
    # Someone else's batch is not found, and stays as it was.
    client.force_login(factories.photographer())
    assert client.post(batch_url, {"batch": batch_id, "state": "sent"}, headers=JSON).status_code == 404
    assert UploadBatch.objects.get(pk=batch_id).sending_until is not None


def test_the_page_carries_the_workers_progress_words_in_each_plural_form(client):
    client.force_login(factories.photographer())
    page = client.get(UPLOAD_PAGE).content.decode()
    assert "data-processing-text" in page
    forms = re.search(r'data-plural-thumbnails="([^"]+)"', page)[1].replace("&quot;", '"')
    assert '"1": "Thumbnail %(done)s of %(count)s"' in forms and '"5": "Thumbnails %(done)s of %(count)s"' in forms
    # "Done" is said only when the workers are done; until then the files are "Sent".
    assert "data-msg-sent=" in page and "data-msg-finished=" in page
