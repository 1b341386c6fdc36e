"""Who else may see an exhibition before it is published: curators its owner invites, and review links for
someone without an account (the draft, its images, and the same 404 once the link is over)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitions import collaboration
from exhibitions.models import Exhibition
from tests import factories
from tests.support.gallery import build_exhibition
from tests.support.markup import Tags
from tests.support.studio import sequence, studio

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited() -> tuple[Exhibition, object]:
    """A curator's exhibition of one photo, and another curator invited to it."""
    exhibition = sequence(1)
    collaborator = factories.curator()
    collaboration.exhibition_collaborator_add(exhibition=exhibition, user=collaborator)
    return exhibition, collaborator


# --- Collaborators ------------------------------------------------------------------------------------------------


def test_only_the_owner_invites_and_only_curators_are_invited(client, invited):
    exhibition, collaborator = invited
    other_curator, photographer = factories.curator(), factories.photographer()
    invite = studio("collaborator-add", exhibition)
    client.force_login(collaborator)
    assert client.post(invite, {"username": other_curator.username}).status_code == 404
    client.force_login(exhibition.owner)
    client.post(invite, {"username": photographer.username})
    client.post(invite, {"username": other_curator.username})
    # A photographer invited by name can neither answer the invitation nor open the exhibition.
    client.force_login(photographer)
    assert client.post(studio("invitation-accept", exhibition)).status_code == 404
    assert client.get(studio("sharing", exhibition)).status_code == 404
    # A curator edits once they accept.
    client.force_login(other_curator)
    assert client.get(studio("sequencer", exhibition)).status_code == 404
    assert client.post(studio("invitation-accept", exhibition)).status_code == 302
    assert client.get(studio("sequencer", exhibition)).status_code == 200


def test_a_removed_collaborator_loses_access(client, invited):
    exhibition, collaborator = invited
    client.force_login(exhibition.owner)
    client.post(studio("collaborator-remove", exhibition, collaborator.pk))
    client.force_login(collaborator)
    assert client.get(studio("sequencer", exhibition)).status_code == 404


# --- Review links -------------------------------------------------------------------------------------------------


def test_review_links_are_made_copied_and_revoked_in_the_studio(client):
    exhibition = sequence(1)
    client.force_login(exhibition.owner)
    client.post(studio("review-link-new", exhibition), {"label": "For the venue", "days": 1})
    link = exhibition.review_links.get()
    sharing = client.get(studio("sharing", exhibition)).content.decode()
    assert f"/studio/review/{link.token}/" in sharing and "For the venue" in sharing
    client.post(studio("review-link-revoke", exhibition, link.pk))
    assert client.get(reverse("studio:review", args=[link.token])).status_code == 404
    assert "Revoked" in client.get(studio("sharing", exhibition)).content.decode()


def test_a_review_link_shows_the_draft_to_someone_without_an_account(client):
    exhibition = sequence(2)
    link = collaboration.review_link_create(
        exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=7), label="For Aida"
    )
    assert len(link.token) >= 40
    response = client.get(reverse("studio:review", args=[link.token]))
    html = response.content.decode()
    assert response.status_code == 200 and "P0" in html and "P1" in html
    assert response["Referrer-Policy"] == "no-referrer" and "noindex" in response["X-Robots-Tag"]
    # Its pictures load for the same visitor, though the photos are not public yet.
    image = re.search(r'<img[^>]+src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert client.get(image).status_code == 200


def test_expired_revoked_and_made_up_links_are_all_the_same_404(client):
    exhibition = sequence(1)
    expired = collaboration.review_link_create(exhibition=exhibition, actor=None, valid_for=timedelta(days=1))
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save(update_fields=["expires_at"])
    revoked = collaboration.review_link_revoke(
        link=collaboration.review_link_create(exhibition=exhibition, actor=None, valid_for=timedelta(days=1))
    )
    for token in (expired.token, revoked.token, "made-up-token"):
        response = client.get(reverse("studio:review", args=[token]))
        assert response.status_code == 404


def test_a_review_link_shows_unpublished_photos_through_image_urls_that_end_with_the_link(client):
    exhibition = build_exhibition(1, publish=False)
    link = collaboration.review_link_create(
        exhibition=exhibition, actor=exhibition.owner, valid_for=timedelta(days=7), label="editor"
    )
    html = client.get(reverse("studio:review", args=[link.token])).content.decode()
    signed = Tags(html).all("img")[0]["src"]
    assert "?r=" in signed
    assert client.get(signed).status_code == 200
    assert client.get(signed.split("?")[0]).status_code == 404
    assert client.get(signed[:-3] + "abc").status_code == 404
    collaboration.review_link_revoke(link=link)
    assert client.get(signed).status_code == 404  # the link is gone: so are its images


def test_a_review_link_signature_opens_no_other_links_photos(client):
    first, second = build_exhibition(1, publish=False), build_exhibition(1, publish=False, owner=None)
    link = collaboration.review_link_create(exhibition=first, actor=first.owner, valid_for=timedelta(days=7))
    other = collaboration.review_link_create(exhibition=second, actor=second.owner, valid_for=timedelta(days=7))
    mine = Tags(client.get(reverse("studio:review", args=[link.token])).content.decode()).all("img")[0]["src"]
    theirs = Tags(client.get(reverse("studio:review", args=[other.token])).content.decode()).all("img")[0]["src"]
    # The first link's signature on the second link's file: refused.
    assert client.get(theirs.split("?")[0] + "?" + mine.split("?")[1]).status_code == 404
