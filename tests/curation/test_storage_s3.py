"""The production storage path: originals and renditions on an S3-API server process on loopback."""

from __future__ import annotations

import boto3
import pytest
import requests

from curation.models import Photo
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


@pytest.fixture
def s3_storages(settings, s3_server):
    bucket = "curation-test"
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=bucket)
    common = {
        "bucket_name": bucket,
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": None,
        "file_overwrite": False,
    }
    settings.STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**common, "location": "private"}},
        "renditions": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**common, "location": "renditions"}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return client, bucket


def test_photos_and_renditions_live_in_s3(s3_storages):
    client, bucket = s3_storages
    photo = factories.processed_photo(data=factories.jpeg_bytes(gps=True))
    assert photo.status == Photo.Status.READY
    keys = {obj["Key"] for obj in client.list_objects_v2(Bucket=bucket)["Contents"]}
    assert photo.original.name and f"private/{photo.original.name}" in keys
    rendition = photo.renditions.get(spec="640.jpeg")
    assert f"renditions/{rendition.file.name}" in keys
    body = requests.get(rendition.url, timeout=10).content
    assert body[:2] == b"\xff\xd8" and b"Fujifilm" not in body


def test_the_same_name_twice_never_overwrites_an_original_in_s3(s3_storages):
    a = factories.photo(data=factories.jpeg_bytes(), filename="IMG_0001.jpg")
    b = factories.photo(data=factories.jpeg_bytes(), filename="IMG_0001.jpg")
    assert a.original.name != b.original.name
    assert a.original.read() != b.original.read()
