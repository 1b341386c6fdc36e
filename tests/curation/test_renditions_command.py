"""manage.py renditions: fills in what is missing, remakes on request, reports failures."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from curation import services
from curation.models import Photo, Rendition
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_missing_renditions_are_made_and_complete_photos_left_alone():
    done = factories.processed_photo()
    untouched = set(done.renditions.values_list("file", flat=True))
    waiting = factories.photo()
    out, err = run("--missing")
    assert "Processed 1 photos" in out
    assert "1/1" in err
    waiting.refresh_from_db()
    assert waiting.status == Photo.Status.READY
    assert waiting.renditions.count() == len(services.standard_specs())
    assert set(done.renditions.values_list("file", flat=True)) == untouched


def test_all_remakes_every_rendition(django_capture_on_commit_callbacks):
    photo = factories.processed_photo()
    before = set(Rendition.objects.filter(photo=photo).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        run("--all", "--photo", str(photo.pk))
    after = set(Rendition.objects.filter(photo=photo).values_list("pk", flat=True))
    assert len(after) == len(services.standard_specs())
    assert not before & after


def test_a_broken_original_is_reported_not_fatal():
    data = factories.jpeg_bytes(size=(1600, 1200))
    broken = factories.photo(data=data[: len(data) // 3])
    fine = factories.photo()
    out, _ = run()
    assert "1 failed" in out
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == Photo.Status.FAILED and fine.status == Photo.Status.READY
