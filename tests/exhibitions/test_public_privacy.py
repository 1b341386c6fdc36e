"""Nothing unpublished is reachable from the public gallery, for anyone: pages, images, originals, EXIF, stories."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from curation import services, sharing
from curation.models import Photo, Rendition
from exhibitions import public, sequencing
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, photo_url, publish_now, subject, unpublish

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "photographer", "curator", "other curator"]


@pytest.fixture
def people():
    """The photographer whose photos these are, the curator of the exhibition, and another curator."""
    return {
        "photographer": factories.photographer(),
        "curator": factories.curator(),
        "other curator": factories.curator(),
    }


def as_role(client, people, role: str):
    if role != "anonymous":
        client.force_login(people[role])
    return client


def rendition_url(photo: Photo, spec: str = "640.webp") -> str:
    return photo.renditions.get(spec=spec).url


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_not_on_any_public_page_for_anyone(client, people, role):
    """Public URLs show what is published, whoever asks: the curator previews a draft in the studio, not here."""
    draft = build_exhibition(2, publish=False, owner=people["photographer"], curator=people["curator"], title="Drafty")
    person = subject(people["photographer"])
    draft.items.first().photo.subjects.add(person)
    as_role(client, people, role)
    for url in (detail_url(draft), photo_url(draft, 1), reverse("exhibitions:story", args=[person.pk])):
        assert client.get(url).status_code == 404, url
    for url in (reverse("exhibitions:home"), reverse("sitemap"), reverse("exhibitions:feed")):
        assert b"Drafty" not in client.get(url).content and draft.slug.encode() not in client.get(url).content


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_exhibition_disappears_everywhere_for_anyone(client, people, role):
    shown = build_exhibition(1, owner=people["photographer"], curator=people["curator"], title="Withdrawn show")
    as_role(client, people, role)
    assert client.get(detail_url(shown)).status_code == 200
    assert client.get(photo_url(shown, 1)).status_code == 200
    unpublish(shown)
    assert client.get(detail_url(shown)).status_code == 404
    assert client.get(photo_url(shown, 1)).status_code == 404
    assert b"Withdrawn show" not in client.get(reverse("exhibitions:home")).content
    assert shown.slug.encode() not in client.get(reverse("sitemap")).content


@pytest.mark.parametrize(
    ("role", "sees"),
    [("anonymous", False), ("photographer", True), ("curator", True), ("other curator", False), ("stranger", False)],
)
def test_images_of_unpublished_photos_answer_404_except_to_their_owner_and_curators_they_are_shared_with(
    client, people, role, sees
):
    people["stranger"] = factories.photographer()
    private = factories.processed_photo(people["photographer"], data=factories.jpeg_bytes((480, 320)))
    sharing.library_share_grant(owner=people["photographer"], curator=people["curator"])
    as_role(client, people, role)
    response = client.get(rendition_url(private))
    assert response.status_code == (200 if sees else 404)
    if sees:
        assert response["Cache-Control"].startswith("private")
        # No other site may read a private image with its visitor's cookies.
        assert "Access-Control-Allow-Origin" not in response


def test_images_of_published_photos_are_public_for_five_minutes_then_revalidated(client):
    exhibition = build_exhibition(1)
    url = rendition_url(exhibition.items.get().photo)
    response = client.get(url)
    assert response.status_code == 200
    # The bound on how long a cache may keep showing a photo after it is taken down.
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"] == "image/webp"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["Cache-Control"] == "public, max-age=300"
    # A IIIF viewer on another site may load a public image with CORS (exhibitions/iiif.py).
    assert response["Access-Control-Allow-Origin"] == again["Access-Control-Allow-Origin"] == "*"
    # The same image in every language: shared caches keep one copy.
    assert "Accept-Language" not in response.get("Vary", "") and "Accept-Language" not in again.get("Vary", "")
    unpublish(exhibition)
    # Revalidation is answered by the rule, not by the validator: a photo no longer public is not "not modified".
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 404


def test_images_turn_404_for_visitors_when_their_exhibition_is_unpublished(client):
    exhibition = build_exhibition(1)
    url = rendition_url(exhibition.items.get().photo)
    assert client.get(url).status_code == 200
    unpublish(exhibition)
    assert client.get(url).status_code == 404


def test_a_rendition_made_after_publishing_is_public_too(client, monkeypatch):
    exhibition = build_exhibition(1)
    photo = exhibition.items.get().photo
    assert client.get(rendition_url(photo)).status_code == 200  # the public images are now known to this process
    before = photo.renditions.get(spec="320.jpeg")
    before.delete()
    services.photo_renditions_ensure(photo_id=photo.pk, specs=services.standard_specs())
    remade = photo.renditions.get(spec="320.jpeg")
    assert remade.file.name != before.file.name
    # The set of public images is looked at again at most every 30 s; here, at once.
    monkeypatch.setattr(public, "_RENDITION_NAMES_REFRESH_SECONDS", 0)
    assert client.get(remade.url).status_code == 200


def test_originals_and_other_folders_are_never_served(client):
    exhibition = build_exhibition(1)
    photo = exhibition.items.get().photo
    admin = factories.user(username="boss")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    for url in (
        f"/media/{photo.original.name}",
        f"/media/private/{photo.original.name}",
        f"/media/renditions/../private/{photo.original.name}",
        "/media/renditions/%2e%2e/private/" + photo.original.name,
        "/media/renditions/",
        "/media/renditions/no/such-file.jpg",
    ):
        assert client.get(url).status_code == 404, url


def test_missing_and_private_images_answer_the_same_404(client):
    private = factories.processed_photo(data=factories.jpeg_bytes((480, 320)))
    hidden = client.get(rendition_url(private))
    missing = client.get("/media/renditions/00/" + "0" * 32 + "-640.webp")
    assert hidden.status_code == missing.status_code == 404
    assert re.sub(r'nonce="[^"]+"', "", hidden.content.decode()).replace(rendition_url(private), "X") == re.sub(
        r'nonce="[^"]+"', "", missing.content.decode()
    ).replace("/media/renditions/00/" + "0" * 32 + "-640.webp", "X")


def test_public_pages_and_images_carry_no_gps_nor_camera_data(client):
    owner = factories.photographer()
    photo = factories.processed_photo(owner, data=factories.jpeg_bytes((640, 480), gps=True, camera=("Leica", "M11")))
    assert photo.gps_latitude is not None  # the library keeps it, privately
    exhibition = build_exhibition(0, owner=owner, publish=False)
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
    publish_now(exhibition)
    for url in (detail_url(exhibition), photo_url(exhibition, 1), reverse("exhibitions:home")):
        html = client.get(url).content.decode()
        assert "Leica" not in html and "M11" not in html
        assert f"{photo.gps_latitude:.3f}"[:6] not in html
    for rendition in Rendition.objects.filter(photo=photo, format="jpeg"):
        image = Image.open(io.BytesIO(body(client.get(rendition.url))))
        exif = image.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif  # no GPS, no camera make


def test_a_story_page_never_shows_private_subject_fields(client):
    owner = factories.photographer()
    person = subject(owner, story="SECRET-STORY", private_notes="SECRET-NOTES", contact_details="SECRET-PHONE")
    exhibition = build_exhibition(1, owner=owner, subjects=[person])
    for url in (reverse("exhibitions:story", args=[person.pk]), detail_url(exhibition), photo_url(exhibition, 1)):
        assert b"SECRET" not in client.get(url).content
