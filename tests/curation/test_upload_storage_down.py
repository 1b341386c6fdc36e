"""When storage does not answer, an upload says so, keeps nothing, and can be retried; other files are fine."""

from __future__ import annotations

import io

import pytest
from botocore.config import Config
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curation import ingest
from curation.models import Photo
from tests import factories
from tests.conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage_down(settings):
    """Originals go to an S3 endpoint where nothing listens: every write fails at once."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "down",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",
                "access_key": "x",
                "secret_key": "x",
                "region_name": "us-east-1",
                "client_config": Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1}),
            },
        },
    }


def test_an_upload_while_storage_is_down_is_an_error_to_retry_and_nothing_is_kept(client, storage_down):
    client.force_login(factories.photographer())
    response = client.post(
        reverse("curation:upload-file"),
        {"file": SimpleUploadedFile("DSCF0001.JPG", factories.jpeg_bytes())},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"  # the page shows it with a Retry button, not as a refused file
    assert "Storage is not answering" in body["message"]
    assert not Photo.objects.exists()


def test_an_import_while_storage_is_down_reports_each_file_and_goes_on(storage_down):
    owner = factories.photographer()

    outcomes = [
        ingest.ingest(owner=owner, stream=io.BytesIO(factories.jpeg_bytes()), filename=f"IMG_{n}.JPG") for n in range(2)
    ]
    assert [o.code for o in outcomes] == ["storage_unavailable", "storage_unavailable"]
    assert not Photo.objects.exists()
