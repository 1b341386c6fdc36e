"""Database and storage agree: stray rendition files are found and removed, recorded ones are kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile

from curation import housekeeping
from curation.models import renditions_storage
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_stray_rendition_file_is_removed_and_recorded_ones_kept():
    photo = factories.processed_photo()
    stray = renditions_storage.save("zz/stray-320.jpg", ContentFile(b"left by a killed worker"))
    assert stray in housekeeping.renditions_orphaned(older_than=timedelta(0))
    removed = housekeeping.renditions_orphaned_delete(older_than=timedelta(0))
    assert stray in removed and not renditions_storage.exists(stray)
    assert all(renditions_storage.exists(r.file.name) for r in photo.renditions.all())
    assert housekeeping.renditions_missing_files() == []


def test_a_fresh_stray_file_may_belong_to_a_running_task_and_is_kept():
    fresh = renditions_storage.save("zz/fresh-320.jpg", ContentFile(b"being recorded right now"))
    assert fresh not in housekeeping.renditions_orphaned(older_than=timedelta(hours=1))
