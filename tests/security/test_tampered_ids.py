"""Forms posted with someone else's ids (photos, subjects, exhibitions, items, links, users) or an owner field:
refused or ignored, and the database unchanged. The world is tests/security/conftest.py's: A's and B's."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from curation.models import Photo
from exhibitions import collaboration
from exhibitions.models import Exhibition
from tests.security.conftest import CA, PA, client_for, writes_recorded

pytestmark = pytest.mark.django_db


def attempt(world, role: str, path: str, data: dict | None = None, *, as_json: bool = False):
    """POST as `role`; the response and the tables it changed."""
    client = client_for(world, role)
    with writes_recorded() as written:
        if as_json:
            response = client.post(path, json.dumps(data), content_type="application/json")
        else:
            response = client.post(path, data or {})
    return response, written


@pytest.mark.parametrize(
    "action",
    [
        {"action": "rate", "rating": "5"},
        {"action": "flag", "flag": "reject"},
        {"action": "tag", "tags": "stolen"},
        {"action": "delete", "confirm": "1"},
    ],
    ids=lambda action: action["action"],
)
def test_bulk_actions_on_another_photographers_photos_change_nothing(world, action):
    response, changed = attempt(world, PA, reverse("curation:bulk"), {**action, "photo": [world.photo_b.pk]})
    assert response.status_code == 302
    assert not changed
    assert Photo.objects.filter(pk=world.photo_b.pk).exists()


def test_bulk_with_another_photographers_subject_is_refused(world):
    data = {"action": "subject", "subject": world.subject_b.pk, "photo": [world.photo_a_private.pk]}
    response, changed = attempt(world, PA, reverse("curation:bulk"), data)
    assert response.status_code == 302 and not changed
    assert not world.photo_a_private.subjects.exists()


def test_bulk_into_an_exhibition_the_photographer_cannot_edit_is_refused(world):
    data = {"action": "exhibition", "exhibition": world.exhibition_b.pk, "photo": [world.photo_a_private.pk]}
    response, changed = attempt(world, PA, reverse("curation:bulk"), data)
    assert response.status_code == 302 and not changed


def test_bulk_on_all_matching_a_filter_of_someone_elses_subject_matches_nothing(world):
    data = {"action": "rate", "rating": "1", "all_matching": "1", "query": f"subject={world.subject_b.pk}"}
    response, changed = attempt(world, PA, reverse("curation:bulk"), data)
    assert response.status_code == 302 and not changed


def test_the_photo_form_refuses_another_photographers_subject(world):
    data = {"title": "Mine", "subjects": [world.subject_b.pk]}
    response, changed = attempt(world, PA, reverse("curation:photo", args=[world.photo_a.pk]), data)
    assert response.status_code == 200  # the form again, with the error
    assert not changed


def test_an_owner_field_posted_with_the_photo_form_is_ignored(world):
    data = {"title": "Renamed", "owner": world.users["photographer B"].pk, "owner_id": world.users["photographer B"].pk}
    response, _changed = attempt(world, PA, reverse("curation:photo", args=[world.photo_a.pk]), data)
    assert response.status_code == 302
    world.photo_a.refresh_from_db()
    assert world.photo_a.title == "Renamed" and world.photo_a.owner == world.users["photographer A"]


def test_an_owner_field_posted_with_the_exhibition_details_is_ignored(world):
    exhibition = world.exhibition_a
    data = {"title": "Renamed", "slug": exhibition.slug, "owner": world.users["curator B"].pk}
    response, _changed = attempt(world, CA, reverse("studio:details", args=[exhibition.pk]), data)
    assert response.status_code == 302
    exhibition.refresh_from_db()
    assert exhibition.title == "Renamed" and exhibition.owner == world.users["curator A"]


def test_a_cover_photo_from_outside_the_exhibition_is_refused(world):
    exhibition = world.exhibition_a
    data = {"title": exhibition.title, "slug": exhibition.slug, "cover_photo": world.photo_b.pk}
    response, changed = attempt(world, CA, reverse("studio:details", args=[exhibition.pk]), data)
    assert response.status_code == 200 and not changed


def _sequence(world) -> tuple[int, list[int]]:
    exhibition = Exhibition.objects.get(pk=world.exhibition_a.pk)
    return exhibition.version, list(exhibition.items.order_by("position").values_list("pk", flat=True))


def test_a_reorder_with_another_exhibitions_item_is_refused(world):
    version, order = _sequence(world)
    tampered = [world.item_b.pk, *order[1:]]
    path = reverse("studio:reorder", args=[world.exhibition_a.pk])
    response, changed = attempt(world, CA, path, {"item_ids": tampered, "version": version}, as_json=True)
    assert response.status_code == 409 and not changed
    assert _sequence(world) == (version, order)


def test_removing_another_exhibitions_item_through_mine_is_refused(world):
    version, _order = _sequence(world)
    path = reverse("studio:remove", args=[world.exhibition_a.pk])
    response, changed = attempt(world, CA, path, {"item_ids": [world.item_b.pk], "version": version}, as_json=True)
    assert response.status_code == 409 and not changed


@pytest.mark.parametrize("name", ["studio:item", "studio:item-move", "studio:item-remove"])
def test_another_exhibitions_item_under_my_exhibitions_address_is_not_found(world, name):
    path = reverse(name, args=[world.exhibition_a.pk, world.item_b.pk])
    version, _order = _sequence(world)
    response, changed = attempt(world, CA, path, {"version": version, "position": "1", "text": "x", "title": "x"})
    assert response.status_code == 404 and not changed


def test_picking_photos_that_do_not_exist_adds_nothing(world):
    path = reverse("studio:picker", args=[world.exhibition_a.pk])
    response, changed = attempt(world, CA, path, {"photo": ["987654321", "x", "-1"]})
    assert response.status_code == 200 and not changed


def test_removing_a_collaborator_who_is_not_one_is_not_found(world):
    path = reverse("studio:collaborator-remove", args=[world.exhibition_a.pk, world.users["curator B"].pk])
    response, changed = attempt(world, CA, path)
    assert response.status_code == 404 and not changed


def test_revoking_another_exhibitions_review_link_through_mine_is_not_found(world):
    their_link = collaboration.review_link_create(
        exhibition=world.exhibition_b, actor=world.users["curator B"], valid_for=timedelta(days=1)
    )
    path = reverse("studio:review-link-revoke", args=[world.exhibition_a.pk, their_link.pk])
    response, changed = attempt(world, CA, path)
    assert response.status_code == 404 and not changed
    their_link.refresh_from_db()
    assert their_link.revoked_at is None


def test_a_photographer_cannot_add_to_someone_elses_exhibition_even_with_their_own_photo(world):
    """Photographer A may look at curator A's exhibition (their photo is in it) but never change it."""
    path = reverse("studio:picker", args=[world.exhibition_a.pk])
    response, changed = attempt(world, PA, path, {"photo": [world.photo_a_private.pk]})
    assert response.status_code == 404 and not changed


def test_merging_another_photographers_subject_into_mine_is_refused(world):
    path = reverse("curation:subject-merge", args=[world.subject_a.pk])
    response, changed = attempt(world, PA, path, {"other": world.subject_b.pk, "consent_from": "keep"})
    assert response.status_code == 200 and not changed  # the form again: not a subject of theirs


def test_a_consent_override_for_a_subject_outside_the_exhibition_changes_nothing(world):
    path = reverse("studio:consent-override", args=[world.exhibition_a.pk])
    response, changed = attempt(world, CA, path, {"subject": world.subject_b.pk, "reason": "Because"})
    assert response.status_code in {302, 404} and not changed
