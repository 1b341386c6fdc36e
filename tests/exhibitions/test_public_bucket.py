"""Renditions on S3, and how long a photo taken down can still be fetched: signed mode (URLs expire, cached pages
are rebuilt before they do) and public-bucket mode (the public prefix holds exactly the published, eligible
renditions, synced on commit). On an S3-API server process on loopback; the local-disk bound is tested in
test_public_privacy.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.core.cache import cache as shared_cache
from django.test import RequestFactory
from django.urls import reverse

from curation import subjects as subject_services
from curation.models import Consent, Photo
from exhibitions import cache, public, public_bucket, publishing, sequencing, tasks
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, photo_url, subject
from tests.support.markup import Tags

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
URL_SECONDS = 1800


@dataclass
class Bucket:
    client: object
    name: str
    server: str

    @property
    def public_base(self) -> str:
        return f"{self.server}/{self.name}/public/"

    def public_names(self) -> set[str]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix="public/").get("Contents", [])
        return {item["Key"].removeprefix("public/") for item in listed}


def s3_options(bucket: Bucket, location: str, **options) -> dict:
    return {
        "bucket_name": bucket.name,
        "endpoint_url": bucket.server,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": None,
        "file_overwrite": False,
        "location": location,
        **options,
    }


def signed_storages(bucket: Bucket) -> dict:
    """What curation/settings.py configures with S3_BUCKET: both prefixes private, renditions signed for 30 min."""
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(bucket, "private")},
        "renditions": {
            "BACKEND": "curation.storage_s3.BrowserSignedS3Storage",
            "OPTIONS": s3_options(
                bucket,
                "renditions",
                querystring_expire=URL_SECONDS,
                object_parameters={"CacheControl": "private, max-age=300"},
            ),
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def bucket(s3_server) -> Bucket:
    """A bucket of its own whose policy, like docker-compose's MinIO, lets anyone read public/ and nothing else."""
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    name = f"curation-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/public/*",
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return Bucket(client, name, s3_server)


@pytest.fixture
def signed_mode(settings, bucket) -> Bucket:
    settings.STORAGES = signed_storages(bucket)
    return bucket


@pytest.fixture
def syncs(monkeypatch) -> list[dict]:
    """Queued syncs run here and now, as a worker would run the message (`apply` is the task's own code path)."""
    ran: list[dict] = []
    monkeypatch.setattr(
        tasks.public_renditions_sync, "delay", lambda: ran.append(tasks.public_renditions_sync.apply(throw=True).get())
    )
    return ran


@pytest.fixture
def public_mode(settings, bucket, syncs) -> Bucket:
    """What curation/settings.py configures with S3_BUCKET and S3_RENDITIONS_DOMAIN."""
    settings.STORAGES = {
        **signed_storages(bucket),
        "public_renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(
                bucket,
                "public",
                custom_domain=f"{bucket.server.removeprefix('http://')}/{bucket.name}",
                url_protocol="http:",
                querystring_auth=False,
                object_parameters={"CacheControl": "public, max-age=300"},
            ),
        },
    }
    settings.CURATION_CDN_PURGE = f"{__name__}.purge_record"
    purged.clear()
    return bucket


purged: list[dict] = []


def purge_record(*, keys: list[str], urls: list[str]) -> None:
    """The CDN purge hook these tests configure."""
    purged.append({"keys": keys, "urls": urls})


def image_urls(html: str) -> list[str]:
    """Every image URL of the page's pictures: <img src> and each candidate of every srcset."""
    tags = Tags(html)
    urls = [a["src"] for a in tags.all("img") if a.get("src")]
    for attrs in [*tags.all("img"), *tags.all("source")]:
        urls += [candidate.split()[0] for candidate in attrs.get("srcset", "").split(", ") if candidate]
    return urls


def url_expires_at(url: str) -> float:
    """When a signed URL stops working (signature version 2 or 4)."""
    query = parse_qs(urlsplit(url).query)
    if "Expires" in query:
        return float(query["Expires"][0])
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    return signed_at + int(query["X-Amz-Expires"][0])


def is_signed(url: str) -> bool:
    return bool({"Signature", "X-Amz-Signature"} & parse_qs(urlsplit(url).query).keys())


def renditions_of(photo: Photo) -> set[str]:
    return set(photo.renditions.values_list("file", flat=True))


# --- Signed mode -------------------------------------------------------------------------------------------


@pytest.mark.s3
def test_signed_mode_a_cached_page_is_rebuilt_before_its_image_urls_expire(client, signed_mode):
    exhibition = build_exhibition(2)
    url = detail_url(exhibition)
    stored_at = time.time()
    html = client.get(url).content.decode()
    page = cache.page_get(RequestFactory().get(url), "en")
    assert page is not None
    urls = image_urls(html)
    assert urls and all("/renditions/" in u and is_signed(u) for u in urls)
    for image in urls:
        # The page is kept at most half the URLs' life, and a shared cache keeps it PAGE_MAX_AGE after that:
        # whoever gets the page gets URLs with at least a quarter of an hour left.
        assert stored_at + URL_SECONDS - 5 <= url_expires_at(image) <= time.time() + URL_SECONDS
        assert page.expires_at + cache.PAGE_MAX_AGE <= url_expires_at(image) - 600
    assert page.expires_at <= time.time() + URL_SECONDS / 2
    assert cache.page_lifetime() == URL_SECONDS // 2


@pytest.mark.s3
def test_signed_mode_renditions_are_private_and_not_cached_for_long(signed_mode):
    photo = factories.processed_photo(data=factories.jpeg_bytes((480, 320)))
    rendition = photo.renditions.get(spec="320.jpeg")
    head = signed_mode.client.head_object(Bucket=signed_mode.name, Key=f"renditions/{rendition.file.name}")
    assert head["CacheControl"] == "private, max-age=300"
    signed = rendition.url
    assert requests.get(signed, timeout=10).status_code == 200
    assert requests.get(signed.split("?")[0], timeout=10).status_code == 403


@pytest.mark.s3
def test_signed_urls_name_the_address_browsers_know_the_store_by(settings, signed_mode):
    # docker compose: the app reaches the store as s3:9000, a browser as localhost:9000.
    port = urlsplit(signed_mode.server).port
    storages = signed_storages(signed_mode)
    storages["renditions"]["OPTIONS"]["browser_endpoint_url"] = f"http://localhost:{port}"
    settings.STORAGES = storages
    photo = factories.processed_photo(data=factories.jpeg_bytes((480, 320)))
    signed = photo.renditions.get(spec="320.jpeg").url
    assert signed.startswith(f"http://localhost:{port}/{signed_mode.name}/renditions/")
    assert requests.get(signed, timeout=10).status_code == 200


# --- Public-bucket mode ------------------------------------------------------------------------------------


@pytest.mark.s3
def test_publishing_copies_the_renditions_to_the_public_prefix_and_pages_name_them_there(client, public_mode, syncs):
    exhibition = build_exhibition(2)  # publishes, and runs what commits: the sync queued on commit
    assert len(syncs) == 1
    photos = [item.photo for item in exhibition.items.all()]
    assert public_mode.public_names() == set().union(*(renditions_of(p) for p in photos))
    # New objects are cached for five minutes, then revalidated.
    some = next(iter(public_mode.public_names()))
    head = public_mode.client.head_object(Bucket=public_mode.name, Key=f"public/{some}")
    assert head["CacheControl"] == "public, max-age=300"
    urls: set[str] = set()
    for url in (detail_url(exhibition), photo_url(exhibition, 1), reverse("exhibitions:home")):
        found = image_urls(client.get(url).content.decode())
        assert found and all(u.startswith(public_mode.public_base) for u in found), url
        urls.update(found)
    for image in urls:
        response = requests.get(image, timeout=10)  # anonymous
        assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=300"
    # Share cards and structured data name the public copies too, never a signed private URL.
    html = client.get(detail_url(exhibition)).content.decode()
    shared = re.findall(r'<meta property="og:image" content="([^"]+)"', html)
    shared += re.findall(r'"contentUrl":"([^"]+)"', html)
    assert shared and all(u.startswith(public_mode.public_base) for u in shared), shared


@pytest.mark.s3
def test_a_photo_not_published_is_never_under_the_public_prefix(client, public_mode):
    build_exhibition(1)
    draft_photo = factories.processed_photo(data=factories.jpeg_bytes((480, 320)))
    draft = build_exhibition(0, publish=False)
    sequencing.exhibition_photos_append(exhibition=draft, photos=[draft_photo])
    public_bucket.public_renditions_sync()
    assert not renditions_of(draft_photo) & public_mode.public_names()
    rendition = draft_photo.renditions.get(spec="640.jpeg")
    assert requests.get(public_mode.public_base + rendition.file.name, timeout=10).status_code in (403, 404)
    # Its own prefix answers only signed URLs, the short-lived ones the studio and the library use.
    signed = rendition.url
    assert "/renditions/" in signed and is_signed(signed)
    assert requests.get(signed, timeout=10).status_code == 200
    assert requests.get(signed.split("?")[0], timeout=10).status_code == 403
    # A curator's preview of the draft shows it by the signed URL, never a public one.
    picture = public.picture_for(Photo.objects.with_renditions().get(pk=draft_photo.pk))
    assert "/renditions/" in picture.src and is_signed(picture.src)


@pytest.mark.s3
def test_withdrawing_consent_deletes_the_public_copies_at_once_and_asks_the_cdn_to_purge(
    client, public_mode, django_capture_on_commit_callbacks
):
    owner = factories.photographer()
    person = subject(owner)
    exhibition = build_exhibition(1, owner=owner, subjects=[person])
    photo = exhibition.items.get().photo
    names = renditions_of(photo)
    assert names == public_mode.public_names()
    public_url = public_mode.public_base + next(iter(names))
    assert requests.get(public_url, timeout=10).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        subject_services.consent_withdraw(subject=person, actor=owner)

    assert public_mode.public_names() == set()
    assert requests.get(public_url, timeout=10).status_code in (403, 404)
    assert {key for call in purged for key in call["keys"]} == {f"public/{name}" for name in names}
    assert public_url in {url for call in purged for url in call["urls"]}
    # The page no longer shows it, and its private copy stays for the photographer's library.
    assert client.get(detail_url(exhibition)).status_code == 404
    assert requests.get(photo.renditions.get(spec="640.jpeg").url, timeout=10).status_code == 200


@pytest.mark.s3
def test_a_consent_narrowed_by_any_write_deletes_the_public_copies(public_mode, django_capture_on_commit_callbacks):
    # No service and no takedown: only the people version moves, and the sync follows it.
    owner = factories.photographer()
    person = subject(owner)
    build_exhibition(1, owner=owner, subjects=[person])
    assert public_mode.public_names()
    with django_capture_on_commit_callbacks(execute=True):
        consent = Consent.objects.get(subject=person)
        consent.scope_web = False
        consent.save()
    assert public_mode.public_names() == set()


@pytest.mark.s3
def test_unpublishing_deletes_the_public_copies(public_mode, django_capture_on_commit_callbacks):
    exhibition = build_exhibition(1)
    assert public_mode.public_names()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.exhibition_unpublish(exhibition=exhibition)
    assert public_mode.public_names() == set()


@pytest.mark.s3
def test_the_sync_is_idempotent_and_repairs_whatever_differs(public_mode):
    exhibition = build_exhibition(1)
    names = renditions_of(exhibition.items.get().photo)
    assert public_bucket.public_renditions_sync() == public_bucket.SyncReport()
    # A copy lost, and an object nobody published (a leftover, or one put there by hand).
    lost = sorted(names)[0]
    public_mode.client.delete_object(Bucket=public_mode.name, Key=f"public/{lost}")
    public_mode.client.put_object(Bucket=public_mode.name, Key="public/stray/leftover.jpg", Body=b"x")
    report = public_bucket.public_renditions_sync()
    assert report.copied == (lost,) and report.deleted == ("stray/leftover.jpg",)
    assert public_mode.public_names() == names
    assert public_bucket.public_renditions_sync() == public_bucket.SyncReport()


@pytest.mark.s3
def test_a_public_rendition_whose_private_file_is_missing_is_reported_not_fatal(public_mode):
    exhibition = build_exhibition(2)
    first, second = (item.photo for item in exhibition.items.order_by("position"))
    gone = first.renditions.get(spec="320.jpeg").file.name
    public_mode.client.delete_object(Bucket=public_mode.name, Key=f"public/{gone}")
    public_mode.client.delete_object(Bucket=public_mode.name, Key=f"renditions/{gone}")
    public_mode.client.delete_object(Bucket=public_mode.name, Key=f"public/{sorted(renditions_of(second))[0]}")
    report = public_bucket.public_renditions_sync()
    assert report.missing == (gone,) and len(report.copied) == 1


def test_changes_in_one_transaction_queue_one_sync_until_it_starts(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.STORAGES = {**settings.STORAGES, "public_renditions": settings.STORAGES["renditions"]}
    queued: list[int] = []
    monkeypatch.setattr(tasks.public_renditions_sync, "delay", lambda: queued.append(1))
    owner = factories.photographer()
    person = subject(owner)
    with django_capture_on_commit_callbacks(execute=True):
        exhibition = build_exhibition(1, owner=owner, subjects=[person], publish=False)
        publishing.exhibition_publish(exhibition=exhibition)
        subject_services.consent_withdraw(subject=person, actor=owner)
    assert queued == [1]
    public_bucket.public_renditions_sync_unclaim()  # what the sync does first when it starts
    with django_capture_on_commit_callbacks(execute=True):
        build_exhibition(1)
    assert queued == [1, 1]


def test_nothing_is_queued_on_local_disk(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(tasks.public_renditions_sync, "delay", lambda: pytest.fail("queued on local disk"))
    with django_capture_on_commit_callbacks(execute=True):
        build_exhibition(1)
    assert public_bucket.public_renditions_sync() == public_bucket.SyncReport()


@pytest.mark.s3
def test_two_syncs_never_run_at_once(public_mode):
    build_exhibition(1)
    shared_cache.set("public-bucket:sync-running", "another worker", timeout=60)
    with pytest.raises(public_bucket.SyncBusy):
        public_bucket.public_renditions_sync()


# --- Configuration -----------------------------------------------------------------------------------------


def settings_under(env: dict[str, str], tmp_path: Path) -> dict:
    """What curation/settings.py makes of these environment variables, read in a process of its own."""
    script = (
        "import json; from curation import settings as s; "
        "print(json.dumps({'storages': {k: {**v, 'OPTIONS': {o: x for o, x in v.get('OPTIONS', {}).items() "
        "if o != 'client_config'}} for k, v in s.STORAGES.items()}, 'routes': s.CELERY_TASK_ROUTES, "
        "'beat': {k: v['task'] for k, v in s.CELERY_BEAT_SCHEDULE.items()}, 'csp': s.CSP_EXTRA_IMG_SRC}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "CURATION_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_settings_of_each_s3_mode(tmp_path):
    signed = settings_under({"S3_BUCKET": "photos"}, tmp_path)
    renditions = signed["storages"]["renditions"]["OPTIONS"]
    assert renditions["querystring_auth"] and renditions["querystring_expire"] == 1800
    assert renditions["object_parameters"] == {"CacheControl": "private, max-age=300"}
    assert "custom_domain" not in renditions and "public_renditions" not in signed["storages"]

    shorter = settings_under({"S3_BUCKET": "photos", "S3_RENDITIONS_URL_SECONDS": "600"}, tmp_path)
    assert shorter["storages"]["renditions"]["OPTIONS"]["querystring_expire"] == 600

    env = {"S3_BUCKET": "photos", "S3_RENDITIONS_DOMAIN": "img.example.org", "S3_BROWSER_ENDPOINT_URL": "http://s3.lan"}
    public_mode = settings_under(env, tmp_path)
    # Renditions stay private and signed; the public prefix is a storage of its own.
    assert public_mode["storages"]["renditions"]["OPTIONS"]["querystring_auth"]
    assert public_mode["storages"]["renditions"]["OPTIONS"]["browser_endpoint_url"] == "http://s3.lan"
    published = public_mode["storages"]["public_renditions"]["OPTIONS"]
    assert published["location"] == "public" and published["custom_domain"] == "img.example.org"
    assert not published["querystring_auth"]
    assert published["object_parameters"] == {"CacheControl": "public, max-age=300"}
    assert public_mode["routes"]["exhibitions.tasks.public_renditions_sync"] == {"queue": "urgent"}
    assert "exhibitions.tasks.public_renditions_sync" in public_mode["beat"].values()
    assert {"http://s3.lan", "https://img.example.org"} <= set(public_mode["csp"])
