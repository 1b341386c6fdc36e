"""A world of two photographers, two curators and staff, built once per module and rolled back after it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings

from curation import services, sharing, subjects
from curation.models import Photo, Subject, Tag
from exhibitions import collaboration, consent, publishing, sequencing
from exhibitions import services as exhibition_services
from exhibitions.models import CuratorNotice, Exhibition, ExhibitionItem, ReviewLink
from exhibitions.show import services as show
from tests import factories
from tests.conftest import local_storages

T = TypeVar("T")
SMALL = (360, 240)
ANON, PA, PB, CA, CB, STAFF = "anonymous", "photographer A", "photographer B", "curator A", "curator B", "staff"
ROLES = (ANON, PA, PB, CA, CB, STAFF)


@dataclass
class World:
    """Everyone and everything the security tests point at; "A" owns the objects whose URLs are tried."""

    users: dict[str, object]
    photo_a: Photo  # in A's published exhibition
    photo_a_private: Photo  # in no exhibition
    photo_b: Photo
    subject_a: Subject  # on the published photo: it has a public story
    subject_a_private: Subject
    subject_b: Subject
    tag_a: Tag
    document_a: object  # a signed release of subject A, a private file
    override_a: object  # curator A's decision to show subject A (never asked) on the exhibition
    notice_a: object  # a notice to curator A about the exhibition
    exhibition_a: Exhibition  # curator A's, published, shared with `collaborator`
    exhibition_a_draft: Exhibition
    exhibition_b: Exhibition  # curator B's draft, with photographer B's photo
    item_a: ExhibitionItem
    item_b: ExhibitionItem
    link_a: ReviewLink
    link_a_revoked: ReviewLink
    collaborator: object
    batch_a: object
    extra: dict[str, object] = field(default_factory=dict)

    def user(self, role: str):
        return self.users.get(role)


def world_build() -> World:
    pa = factories.photographer(username="photographer-a")
    pb = factories.photographer(username="photographer-b")
    ca = factories.curator(username="curator-a")
    cb = factories.curator(username="curator-b")
    collaborator = factories.curator(username="curator-c")
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pass-word-123")

    subject_a = Subject.objects.create(
        owner=pa, name="Fruit seller", public_name="Gulnara", public_story="Thirty years."
    )
    subject_a_private = Subject.objects.create(owner=pa, name="Neighbour", private_notes="Lives upstairs.")
    subjects.consent_record(subject=subject_a_private, actor=pa, status="verbal", scope_web=True)
    subject_b = Subject.objects.create(owner=pb, name="Driver")
    batch_a = services.upload_batch_create(owner=pa)
    release = factories.jpeg_bytes((200, 300))
    document_a = subjects.release_document_add(
        subject=subject_a, actor=pa, upload=io.BytesIO(release), filename="release.jpg", size=len(release)
    )
    photo_a = factories.processed_photo(pa, data=factories.jpeg_bytes(SMALL), title="Market", alt_text="A stall")
    photo_a.subjects.add(subject_a)
    photo_a_private = factories.processed_photo(pa, data=factories.jpeg_bytes(SMALL), title="Kitchen")
    photo_b = factories.processed_photo(pb, data=factories.jpeg_bytes(SMALL), title="Road", alt_text="A road")
    photo_b.subjects.add(subject_b)
    (tag_a,) = services.tags_ensure(owner=pa, names=["market"])
    photo_a.tags.add(tag_a)

    exhibition_a = exhibition_services.exhibition_create(owner=ca, title="Bazaar", statement="Wall text.")
    (item_a,) = sequencing.exhibition_photos_append(exhibition=exhibition_a, photos=[photo_a])
    sequencing.exhibition_text_panel_append(exhibition=exhibition_a, text="Between the stalls.")
    sequencing.exhibition_section_add(exhibition=exhibition_a, title="Morning", position=0)
    collaboration.exhibition_collaborator_add(exhibition=exhibition_a, user=collaborator)
    link_a = collaboration.review_link_create(exhibition=exhibition_a, actor=ca, valid_for=timedelta(days=7))
    link_a_revoked = collaboration.review_link_create(
        exhibition=exhibition_a, actor=ca, valid_for=timedelta(days=7)
    )
    collaboration.review_link_revoke(link=link_a_revoked)
    publishing.exhibition_publish(exhibition=exhibition_a, actor=ca)
    exhibition_a_draft = exhibition_services.exhibition_create(owner=ca, title="Unseen")
    override_a = consent.consent_override_create(
        exhibition=exhibition_a, subject=subject_a, reason="A public event", actor=ca
    )
    notice_a = CuratorNotice.objects.create(
        exhibition=exhibition_a, kind=CuratorNotice.Kind.TAKEN_DOWN, subject=subject_a, subject_name="Gulnara"
    )

    # B shares the photo with curator B (whose exhibition uses it): the admin lists shares.
    sharing.photos_share(owner=pb, curator=cb, photos=Photo.objects.filter(pk=photo_b.pk))
    exhibition_b = exhibition_services.exhibition_create(owner=cb, title="Roads")
    (item_b,) = sequencing.exhibition_photos_append(exhibition=exhibition_b, photos=[photo_b])
    # A's exhibition hangs at a venue: the admin shows its venue, room, wall, plan, printed form and placement.
    venue_a = show.venue_create(owner=ca, name="Old Mill")
    wall_a = show.wall_add(venue=venue_a, name="North wall", length_mm=6000, height_mm=3000)
    show.opening_add(wall=wall_a, kind="door", offset_mm=4000, width_mm=900, height_mm=2100)
    show.show_plan_set(exhibition=exhibition_a, venue=venue_a)
    show.work_form_set(item=item_a, preset="40x50")
    show.work_place(item=item_a, wall=wall_a, offset_mm=1500)

    # django-axes's records (a failed login, a login, a logged failure): the admin shows staff each of them.
    seen = {"username": "photographer-a", "ip_address": "10.0.0.1", "user_agent": "test", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **seen, path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**seen, path_info="/accounts/login/")
    AccessFailureLog.objects.create(**seen, path_info="/accounts/login/", locked_out=False)

    for exhibition in (exhibition_a, exhibition_a_draft, exhibition_b):
        exhibition.refresh_from_db()
    return World(
        users={ANON: None, PA: pa, PB: pb, CA: ca, CB: cb, STAFF: staff},
        photo_a=photo_a,
        photo_a_private=photo_a_private,
        photo_b=photo_b,
        subject_a=subject_a,
        subject_a_private=subject_a_private,
        subject_b=subject_b,
        tag_a=tag_a,
        document_a=document_a,
        override_a=override_a,
        notice_a=notice_a,
        exhibition_a=exhibition_a,
        exhibition_a_draft=exhibition_a_draft,
        exhibition_b=exhibition_b,
        item_a=item_a,
        item_b=item_b,
        link_a=link_a,
        link_a_revoked=link_a_revoked,
        collaborator=collaborator,
        batch_a=batch_a,
    )


def suite_settings(media_root: Path) -> dict:
    """What the suite's autouse fixtures set per test, for work done outside a test (a module's world)."""
    return {
        "STORAGES": local_storages(media_root),
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "security"}},
    }


@contextmanager
def rolled_back(django_db_blocker, media_root: Path, build: Callable[[], T]) -> Iterator[T]:
    """`build()` once for a whole module, in a transaction rolled back at its end; each test runs in a savepoint."""
    with django_db_blocker.unblock(), override_settings(**suite_settings(media_root)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root: Path) -> Iterator[World]:
    with rolled_back(django_db_blocker, media_root, world_build) as built:
        yield built


def client_for(world: World, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    if world.user(role) is not None:
        client.force_login(world.user(role))
    return client


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def _watched_tables() -> set[str]:
    """The tables of the app and of users and groups: a refused request must write none of them."""
    return {
        model._meta.db_table
        for label in ("curation", "exhibitions", "auth")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    }


@contextmanager
def writes_recorded() -> Iterator[list[str]]:
    """Collects the app's rows written by the statements sent while the block runs.

    Every statement Django sends passes through the wrapper, raw cursors included, and a write counts when the
    database says it changed rows: an UPDATE whose WHERE names only the requester's own photos and matches
    none is the access check doing its job, not a write. The same guarantee as hashing every table before and
    after, for the cost of reading the statements of one request.
    """
    written: list[str] = []
    watched = _watched_tables()

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = _WRITE.match(sql)
        if match and match.group(1) in watched and context["cursor"].rowcount != 0:
            written.append(f"{match.group(1)}: {sql[:120]}")
        return result

    with connection.execute_wrapper(record):
        yield written
