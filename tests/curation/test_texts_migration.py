"""The migration that gave texts their languages (curation 0014, exhibitions 0010): each text written before moves
into the column of the language it is written in, at a cost that does not grow with the library, and the step
still runs once the site lists another language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext, override_settings

from curation.texts import columns_into_languages
from tests import factories

pytestmark = pytest.mark.django_db

FIELDS = ("title", "caption", "alt_text", "place_name")
WORDS = {
    "kk": ("Жеміс сатушы", "Гүлнара отыз жыл бойы алма сатады.", "Әйел күлімдеп тұр", "Көк базар"),
    "ru": ("Продавщица фруктов", "Гульнара тридцать лет продаёт яблоки.", "Улыбающаяся женщина", "Зелёный базар"),
    "en": ("The fruit seller", "Gulnara has sold apples for thirty years.", "A smiling woman", "Green Bazaar"),
}


def photo_model():
    """Photo as the migration sees it: the plain columns still hold the old texts, beside the new ones per language."""
    state = MigrationLoader(connection).project_state(("curation", "0014_content_in_three_languages"))
    return state.apps.get_model("curation", "Photo")


def photos_written_before(model, owner, n: int) -> list[int]:
    ids = []
    for i in range(n):
        code = list(WORDS)[i % 3]
        row = model.objects.create(
            owner_id=owner.pk,
            original=f"originals/{i}.jpg",
            original_filename=f"{i}.jpg",
            content_hash=f"{i:064x}",
            **dict(zip(FIELDS, WORDS[code], strict=True)),
        )
        ids.append(row.pk)
    return ids


def test_each_text_moves_into_the_column_of_the_language_it_is_written_in():
    model = photo_model()
    ids = photos_written_before(model, factories.photographer(), 3)
    columns_into_languages(model, FIELDS)
    for pk, code in zip(ids, WORDS, strict=True):
        row = model.objects.get(pk=pk)
        for field, text in zip(FIELDS, WORDS[code], strict=True):
            assert getattr(row, f"{field}_{code}") == text, (field, code)
            assert all(not getattr(row, f"{field}_{other}") for other in WORDS if other != code), (field, code)


def test_the_step_costs_the_same_queries_for_3_photos_as_for_30():
    # Run on a real library, a query per photo and column would keep the site down for the length of the migration.
    model = photo_model()

    def queries(n: int) -> int:
        model.objects.all().delete()
        photos_written_before(model, factories.photographer(), n)
        with CaptureQueriesContext(connection) as captured:
            columns_into_languages(model, FIELDS)
        return len(captured.captured_queries)

    assert queries(3) == queries(30)


def test_the_step_still_runs_once_the_site_lists_another_language():
    # A fresh database runs this migration long after it was written: the columns it fills are those it made, not
    # those of whatever languages the settings list by then.
    model = photo_model()
    (pk,) = photos_written_before(model, factories.photographer(), 1)
    with override_settings(LANGUAGES=[("kk", "Kazakh"), ("ru", "Russian"), ("en", "English"), ("de", "German")]):
        columns_into_languages(model, FIELDS)
    assert model.objects.get(pk=pk).title_kk == WORDS["kk"][0]
