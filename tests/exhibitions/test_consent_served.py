"""The consent rule is checked where pages and images are served: a write that forgets to take a photo down, or a
link issued before a withdrawal, still shows nobody who may not be shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from curation import subjects
from curation.models import Consent, Subject
from exhibitions import collaboration, consent, publishing
from exhibitions.models import ConsentOverride, ReviewLink
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, photo_url

pytestmark = pytest.mark.django_db
SRC = re.compile(r'(?:src|srcset)="([^"]+)"')


@pytest.fixture
def show(django_capture_on_commit_callbacks):
    """A published exhibition of three photos; Aizhan (verbal consent for the web) is in the second."""
    owner = factories.photographer()
    exhibition = build_exhibition(3, owner=owner)
    person = Subject.objects.create(owner=owner, name="Aizhan, craft stall", public_name="Aizhan", public_story="Felt.")
    consent = Consent.objects.create(subject=person, status=Consent.Status.VERBAL, scope_web=True)
    photo = exhibition.items.order_by("position")[1].photo
    with django_capture_on_commit_callbacks(execute=True):
        photo.subjects.add(person)
        publishing.exhibition_publish(exhibition=exhibition)
    exhibition.refresh_from_db()
    return exhibition, person, consent, photo


def image_urls(html: str, photo) -> set[str]:
    names = set(photo.renditions.values_list("file", flat=True))
    urls = {u.split(" ")[0] for group in SRC.findall(html) for u in group.split(", ")}
    return {u for u in urls if any(name in u for name in names)}


def public_urls(exhibition, person) -> list[str]:
    return [
        detail_url(exhibition),
        photo_url(exhibition, 2),
        reverse("exhibitions:story", args=[person.pk]),
        reverse("exhibitions:home"),
        reverse("sitemap"),
    ]


def visitor_sees(client, exhibition, person, photo) -> tuple[bool, set[str]]:
    """Whether any public page names Aizhan or shows her photo, and the image URLs seen."""
    seen, images = False, set()
    for url in public_urls(exhibition, person):
        response = client.get(url)
        html = response.content.decode()
        images |= image_urls(html, photo)
        seen |= response.status_code == 200 and ("Aizhan" in html or bool(image_urls(html, photo)))
    return seen, images


def images_answer(client, urls: set[str]) -> bool:
    return any(client.get(url).status_code == 200 for url in urls)


@pytest.mark.parametrize(
    "narrowing",
    [
        {"scope_web": False, "scope_print": True},
        {"is_minor": True},
        {"status": Consent.Status.NOT_ASKED},
        {"expires_on": timezone.localdate() - timedelta(days=1)},
        {"status": Consent.Status.WITHDRAWN},
    ],
    ids=["print only", "minor", "reset", "expired", "withdrawn"],
)
def test_a_consent_narrowed_by_a_write_that_takes_nothing_down_hides_the_person_everywhere(
    client, show, narrowing, django_capture_on_commit_callbacks
):
    exhibition, person, consent, photo = show
    seen, images = visitor_sees(client, exhibition, person, photo)
    assert seen and images and images_answer(client, images)  # public, and the pages are cached now
    for name, value in narrowing.items():
        setattr(consent, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        consent.save()  # no service, no takedown: the published snapshot still lists her
    assert not visitor_sees(client, exhibition, person, photo)[0]
    assert not images_answer(client, images)
    # The other photos stay.
    assert client.get(photo_url(exhibition, 2)).status_code == 200
    assert "Plate 0" in client.get(detail_url(exhibition)).content.decode()


def test_a_person_without_consent_linked_to_a_published_photo_by_any_path_is_not_shown(
    client, show, django_capture_on_commit_callbacks
):
    exhibition, person, consent, photo = show
    stranger = Subject.objects.create(owner=photo.owner, name="Man in the back", public_name="Serik")
    other = exhibition.items.order_by("position")[0].photo
    images = image_urls(client.get(detail_url(exhibition)).content.decode(), other)
    assert images_answer(client, images)
    with django_capture_on_commit_callbacks(execute=True):
        other.subjects.add(stranger)  # the raw link an admin form or a shell would write
    html = client.get(detail_url(exhibition)).content.decode()
    assert not image_urls(html, other) and "Serik" not in html
    assert not images_answer(client, images)


def test_a_person_relabelled_as_a_thing_still_needs_their_consent(client, show, django_capture_on_commit_callbacks):
    exhibition, person, consent, photo = show
    with django_capture_on_commit_callbacks(execute=True):
        Consent.objects.filter(pk=consent.pk).update(status=Consent.Status.DECLINED)
        person.kind = Subject.Kind.THING
        person.save()
    assert not visitor_sees(client, exhibition, person, photo)[0]


def test_a_person_deleted_after_publishing_is_not_shown_unknown(client, show, django_capture_on_commit_callbacks):
    exhibition, person, consent, photo = show
    with django_capture_on_commit_callbacks(execute=True):
        photo.subjects.remove(person)
        Subject.objects.filter(pk=person.pk).delete()
    # The snapshot still names her in the caption; with no record left to ask, the photo is not shown.
    assert not visitor_sees(client, exhibition, person, photo)[0]


def test_an_override_shows_a_person_not_asked_on_its_exhibition_only_until_it_ends(
    client, show, django_capture_on_commit_callbacks
):
    exhibition, person, consent, photo = show
    with django_capture_on_commit_callbacks(execute=True):
        consent.status = Consent.Status.NOT_ASKED
        consent.save()
    assert not visitor_sees(client, exhibition, person, photo)[0]
    with django_capture_on_commit_callbacks(execute=True):
        override = ConsentOverride.objects.create(
            exhibition=exhibition,
            subject=person,
            reason="Asked at the stall, form follows",
            created_by=exhibition.owner,
        )
    assert visitor_sees(client, exhibition, person, photo)[0]
    with django_capture_on_commit_callbacks(execute=True):
        override.revoked_at = timezone.now()
        override.save()
    assert not visitor_sees(client, exhibition, person, photo)[0]


def test_an_override_never_shows_someone_who_said_no(client, show, django_capture_on_commit_callbacks):
    exhibition, person, consent, photo = show
    with django_capture_on_commit_callbacks(execute=True):
        ConsentOverride.objects.create(
            exhibition=exhibition, subject=person, reason="Override attempt", created_by=None
        )
        consent.status = Consent.Status.DECLINED
        consent.save()
    assert not visitor_sees(client, exhibition, person, photo)[0]


# --- Review links -------------------------------------------------------------------------------------------


def review(client, link: ReviewLink) -> tuple[str, int]:
    response = client.get(reverse("studio:review", args=[link.token]))
    return response.content.decode(), response.status_code


def test_a_review_link_stops_showing_a_person_once_they_withdraw_and_its_images_stop_too(
    client, show, django_capture_on_commit_callbacks
):
    exhibition, person, consent, photo = show
    link = collaboration.review_link_create(exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=7))
    html, status = review(client, link)
    images = image_urls(html, photo)
    assert status == 200 and "Aizhan" in html and images and images_answer(client, images)
    with django_capture_on_commit_callbacks(execute=True):
        consent.status = Consent.Status.WITHDRAWN
        consent.save()
    html, status = review(client, link)
    assert status == 200 and "Aizhan" not in html and not image_urls(html, photo)
    # The image URLs the link handed out before the withdrawal: no longer served to anyone holding them.
    client.logout()
    assert not images_answer(client, images)


@pytest.mark.parametrize("end", ["revoked", "expired"])
def test_image_urls_of_a_review_link_end_with_the_link(client, end):
    exhibition = build_exhibition(2, publish=False)
    link = collaboration.review_link_create(exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=7))
    html, _ = review(client, link)
    images = {u.split(" ")[0] for group in SRC.findall(html) for u in group.split(", ") if "?r=" in u}
    assert images and all(client.get(url).status_code == 200 for url in images)
    if end == "revoked":
        collaboration.review_link_revoke(link=link)
    else:
        ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert review(client, link)[1] == 404
    assert not any(client.get(url).status_code == 200 for url in images)


def test_the_curators_preview_says_how_many_photos_consent_holds_back(client, show, django_capture_on_commit_callbacks):
    exhibition, person, consent, photo = show
    with django_capture_on_commit_callbacks(execute=True):
        consent.scope_web = False
        consent.save()
    client.force_login(exhibition.owner)
    html = client.get(reverse("studio:preview", args=[exhibition.pk])).content.decode()
    assert "1 photo is held back" in html and "Aizhan" not in html and not image_urls(html, photo)


def test_consent_that_expires_at_midnight_leaves_the_cached_pages_the_next_day_with_no_write(
    client, show, monkeypatch, django_capture_on_commit_callbacks
):
    exhibition, person, consent, photo = show
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        consent.expires_on = today  # the expiry day itself still counts
        consent.save()
    seen, images = visitor_sees(client, exhibition, person, photo)
    assert seen and images_answer(client, images)  # and every page is cached now
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    assert not visitor_sees(client, exhibition, person, photo)[0]
    assert not images_answer(client, images)


def test_a_person_relabelled_a_thing_is_still_swept_when_their_consent_expires_and_still_blocks_publishing(
    client, show, monkeypatch, django_capture_on_commit_callbacks
):
    exhibition, person, consent_record, photo = show
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        consent_record.expires_on = today
        consent_record.save()
        # Covered today, so the relabel is allowed; her consent record stays with her.
        subjects.subject_update(subject=person, name=person.name, kind=Subject.Kind.THING, public_name="Aizhan")
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        taken_down = consent.consents_expired_take_down()
    assert [t.exhibition_id for t in taken_down] == [exhibition.pk]
    assert not visitor_sees(client, exhibition, person, photo)[0]
    # The draft still has her photo: the gate stops a republish, as for any person whose consent ran out.
    assert "consent" in [b.code for b in publishing.publish_blockers(exhibition)]
