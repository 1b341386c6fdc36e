"""Published exhibitions as visitors meet them: photos drawn by Pillow and processed by the real pipeline,
published or unpublished as a curator would, a person who may be shown, and the public addresses."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from curation.models import Consent, Subject
from exhibitions import publishing, sequencing, services
from exhibitions.cache import public_pages_changed
from exhibitions.models import Exhibition
from tests import factories

SMALL = (480, 320)


def build_exhibition(
    n_photos: int = 3,
    *,
    publish: bool = True,
    title: str = "Resilience",
    owner=None,
    curator=None,
    size: tuple[int, int] = SMALL,
    subjects: list[Subject] | None = None,
    **fields,
) -> Exhibition:
    """An exhibition of photos drawn by Pillow and processed by the real pipeline, published unless asked not."""
    owner = owner or factories.photographer()
    photos = [
        factories.processed_photo(
            owner, data=factories.jpeg_bytes(size), title=f"Plate {i}", alt_text=f"Alt {i}", caption=f"Caption {i}"
        )
        for i in range(n_photos)
    ]
    for photo in photos:
        if subjects:
            photo.subjects.add(*subjects)
    exhibition = services.exhibition_create(
        owner=curator or factories.curator(), title=title, statement="Wall *text*.", **fields
    )
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    if publish:
        publish_now(exhibition)
    exhibition.refresh_from_db()
    return exhibition


def publish_now(exhibition: Exhibition) -> None:
    """Publish, and run what publishing does once its transaction commits (the cache's version moves on)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=exhibition)


def unpublish(exhibition: Exhibition) -> None:
    """What unpublishing does to what visitors see: the status changes and the public pages' versions move on."""
    Exhibition.objects.filter(pk=exhibition.pk).update(status=Exhibition.Status.DRAFT)
    public_pages_changed(exhibition_id=exhibition.pk)


def subject(owner, **fields) -> Subject:
    """A person who agreed to be shown on the web (pages show no one else)."""
    defaults = {"name": "Fruit seller, Green Bazaar", "public_name": "Gulnara", "public_story": "Thirty *years*."}
    person = Subject.objects.create(owner=owner, **{**defaults, **fields})
    Consent.objects.create(subject=person, status=Consent.Status.VERBAL, scope_web=True)
    return person


def detail_url(exhibition: Exhibition) -> str:
    return reverse("exhibitions:detail", args=[exhibition.slug])


def photo_url(exhibition: Exhibition, number: int) -> str:
    return reverse("exhibitions:photo", args=[exhibition.slug, number])
