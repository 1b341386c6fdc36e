"""What one curator must not learn through the studio: the address another curator's unpublished draft wants, or
whether a user name exists and belongs to a curator. Addresses ever published are public, and are said to be taken;
a race for one ends in a form error or a publish blocker, never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from exhibitions import forms as studio_forms
from exhibitions import publishing, services
from exhibitions.models import ADDRESS_TAKEN, CollaboratorInvitation, Exhibition
from tests import factories
from tests.support.gallery import detail_url, publish_now
from tests.support.studio import sequence, studio

pytestmark = pytest.mark.django_db


def details(exhibition: Exhibition, **changes) -> dict[str, str]:
    """The details form as the page sends it, with some fields changed."""
    return {
        "title": exhibition.title,
        "slug": exhibition.slug,
        "subtitle": "",
        "statement": "",
        "credits": "",
        "venue": "",
        "starts_on": "",
        "ends_on": "",
        **changes,
    }


def rules_without_the_address_check() -> list:
    """The publish rules as if the address check had run before another publication took the address."""
    return [rule for rule in publishing.PUBLISH_RULES if rule.__name__ != "_rule_address_free"]


# --- Addresses -----------------------------------------------------------------------------------------------------


def test_a_new_exhibition_gets_the_same_address_whether_or_not_another_curators_draft_wants_it():
    services.exhibition_create(owner=factories.curator(), title="Secret show")
    mine = services.exhibition_create(owner=factories.curator(), title="Secret show")
    control = services.exhibition_create(owner=factories.curator(), title="Open show")
    assert (mine.slug, control.slug) == ("secret-show", "open-show")


def test_renaming_to_the_address_another_curators_draft_wants_is_answered_as_for_a_free_one(client):
    services.exhibition_create(owner=factories.curator(), title="Secret show")
    exhibition = sequence(1)
    client.force_login(exhibition.owner)
    answers = {}
    for slug in ("secret-show", "nobody-wants-this"):
        response = client.post(studio("details", exhibition), details(exhibition, slug=slug), follow=True)
        answers[slug] = re.sub(r"\s+", " ", response.content.decode()).replace(slug, "SLUG")
        answers[slug] = re.sub(r'(nonce|value|datetime)="[^"]*"', "", answers[slug])
        assert response.redirect_chain and "Saved." in answers[slug]
    assert answers["secret-show"] == answers["nobody-wants-this"]


def test_an_address_ever_published_is_refused_in_words_a_visitor_could_check(client):
    published = sequence(1, title="Market")
    publish_now(published)
    exhibition = sequence(1)
    client.force_login(exhibition.owner)
    refused = client.post(studio("details", exhibition), details(exhibition, slug=published.slug))
    assert refused.status_code == 200 and str(ADDRESS_TAKEN) in refused.content.decode()
    # Unpublished, it keeps its address: a bookmark of it must never open another exhibition.
    publishing.exhibition_unpublish(exhibition=published)
    refused = client.post(studio("details", exhibition), details(exhibition, slug=published.slug))
    assert str(ADDRESS_TAKEN) in refused.content.decode()
    assert services.exhibition_create(owner=exhibition.owner, title="Market").slug == "market-2"


def test_renaming_a_published_exhibition_moves_its_public_address_at_once(client, django_capture_on_commit_callbacks):
    exhibition = sequence(1, title="Market")
    publish_now(exhibition)
    assert client.get("/e/market/").status_code == 200  # now cached
    client.force_login(exhibition.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(studio("details", exhibition), details(exhibition, slug="night-market"))
    client.logout()
    assert client.get("/e/market/").status_code == 404
    assert client.get("/e/night-market/").status_code == 200


def test_of_two_drafts_wanting_one_address_the_first_published_keeps_it(client):
    first, second = sequence(1, title="Bazaar"), sequence(1, title="Bazaar")
    assert first.slug == second.slug == "bazaar"
    publish_now(first)
    with pytest.raises(publishing.PublishBlocked) as blocked:
        publishing.exhibition_publish(exhibition=second, check_blockers=True)
    assert [b.code for b in blocked.value.blockers] == ["address"]
    client.force_login(second.owner)
    publish_page = client.get(studio("publish", second)).content.decode()
    assert "Another exhibition has been published at /e/bazaar/" in publish_page
    assert "P0" in client.get(detail_url(first)).content.decode()
    # Given another address, it goes out.
    client.post(studio("details", second), details(second, slug="bazaar-at-night"))
    publishing.exhibition_publish(exhibition=second, check_blockers=True)
    assert client.get("/e/bazaar-at-night/").status_code == 200


def test_a_publication_racing_another_to_one_address_is_blocked_not_a_500(client, monkeypatch):
    first, second = sequence(1, title="Bazaar"), sequence(1, title="Bazaar")
    publish_now(first)
    # As if the check ran before the other publication committed: only the database's constraint is left.
    monkeypatch.setattr(publishing, "PUBLISH_RULES", rules_without_the_address_check())
    client.force_login(second.owner)
    response = client.post(studio("publish", second), follow=True)
    assert response.status_code == 200 and "Not published" in response.content.decode()
    second.refresh_from_db()
    assert not second.is_published and second.published_at is None


def test_a_scheduled_publication_racing_for_an_address_stays_scheduled(monkeypatch):
    from django.utils import timezone

    first, second = sequence(1, title="Bazaar"), sequence(1, title="Bazaar")
    publish_now(first)
    Exhibition.objects.filter(pk=second.pk).update(publish_at=timezone.now())
    monkeypatch.setattr(publishing, "PUBLISH_RULES", rules_without_the_address_check())
    assert publishing.exhibitions_scheduled_publish() == []
    second.refresh_from_db()
    assert not second.is_published and second.publish_at is not None


def test_a_rename_racing_a_publication_to_one_address_is_a_form_error_not_a_500(client, monkeypatch):
    published = sequence(1, title="Market")
    publish_now(published)
    exhibition = sequence(1)
    publish_now(exhibition)
    monkeypatch.setattr(studio_forms, "address_taken", lambda **_kwargs: False)  # the check ran first
    client.force_login(exhibition.owner)
    response = client.post(studio("details", exhibition), details(exhibition, slug=published.slug))
    assert response.status_code == 200 and str(ADDRESS_TAKEN) in response.content.decode()
    exhibition.refresh_from_db()
    assert exhibition.slug != published.slug


# --- Inviting curators -----------------------------------------------------------------------------------------------


def invite(client, exhibition: Exhibition, username: str) -> str:
    """The owner invites `username`; the page they land on, with the name and per-request tokens taken out."""
    response = client.post(studio("collaborator-add", exhibition), {"username": username}, follow=True)
    assert response.status_code == 200
    html = re.sub(r'(nonce|value|datetime)="[^"]*"', "", response.content.decode())
    return html.replace(username, "NAME")


def invited_entry(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<li>“NAME”.*?</li>", html, re.S).group(0))


def test_the_owner_gets_the_same_answer_for_a_curator_a_photographer_and_a_name_nobody_has(client):
    exhibition = sequence(1)
    curator = factories.curator(username="zq-curator-5518")
    photographer = factories.photographer(username="zq-photographer-5518")
    client.force_login(exhibition.owner)
    pages = {name: invite(client, exhibition, name) for name in (curator.username, photographer.username, "zq-nobody")}
    messages = {name: re.search(r'<li class="message[^>]*>(.*?)</li>', html).group(1) for name, html in pages.items()}
    assert len(set(messages.values())) == 1 and "If a curator signs in with that user name" in messages["zq-nobody"]
    assert len({invited_entry(html) for html in pages.values()}) == 1
    # Nobody joined: the invited curator is not among the curators, under any name.
    sharing = client.get(studio("sharing", exhibition)).content.decode()
    assert curator.username not in sharing.split("Invited")[0]
    assert not exhibition.collaborators.exists()


def test_declining_tells_the_owner_nothing(client):
    exhibition = sequence(1)
    curator = factories.curator(username="zq-curator-5518")
    client.force_login(exhibition.owner)
    invite(client, exhibition, curator.username)
    invite(client, exhibition, "zq-nobody")
    client.force_login(curator)
    assert "Invitations to edit" in client.get(reverse("studio:list")).content.decode()
    assert client.post(studio("invitation-decline", exhibition)).status_code == 302
    assert "Invitations to edit" not in client.get(reverse("studio:list")).content.decode()
    client.force_login(exhibition.owner)
    html = re.sub(r'(nonce|value|datetime)="[^"]*"', "", client.get(studio("sharing", exhibition)).content.decode())
    declined, nobody = (invited_entry(html.replace(name, "NAME")) for name in (curator.username, "zq-nobody"))
    assert declined == nobody


def test_an_invitation_is_answered_only_by_the_curator_it_names(client):
    exhibition = sequence(1)
    curator = factories.curator(username="zq-curator-5518")
    client.force_login(exhibition.owner)
    invite(client, exhibition, curator.username)
    for stranger in (factories.curator(), factories.photographer(), exhibition.owner):
        client.force_login(stranger)
        assert client.post(studio("invitation-accept", exhibition)).status_code == 404
    client.force_login(curator)
    assert client.get(studio("sequencer", exhibition)).status_code == 404  # not before accepting
    assert client.post(studio("invitation-accept", exhibition)).status_code == 302
    assert client.get(studio("sequencer", exhibition)).status_code == 200
    assert not CollaboratorInvitation.objects.exists()
    # Now the owner sees them, as a curator who chose to join.
    client.force_login(exhibition.owner)
    assert curator.username in client.get(studio("sharing", exhibition)).content.decode()


def test_a_cancelled_invitation_cannot_be_accepted(client):
    exhibition = sequence(1)
    curator = factories.curator()
    client.force_login(exhibition.owner)
    invite(client, exhibition, curator.username)
    invitation = CollaboratorInvitation.objects.get()
    client.post(studio("invitation-cancel", exhibition), {"invitation": invitation.pk})
    assert not CollaboratorInvitation.objects.exists()
    client.force_login(curator)
    assert client.post(studio("invitation-accept", exhibition)).status_code == 404


def test_only_the_owner_invites_and_cancels(client):
    exhibition = sequence(1)
    client.force_login(exhibition.owner)
    invite(client, exhibition, "zq-nobody")
    invitation = CollaboratorInvitation.objects.get()
    other = factories.curator()
    client.force_login(other)
    assert client.post(studio("collaborator-add", exhibition), {"username": "x"}).status_code == 404
    assert client.post(studio("invitation-cancel", exhibition), {"invitation": invitation.pk}).status_code == 404
    assert CollaboratorInvitation.objects.count() == 1
