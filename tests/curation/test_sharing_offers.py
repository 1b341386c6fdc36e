"""Offering a library by user name: the photographer's answer never says whether a name is a curator's, a
photographer's or nobody's; only a curator of that name, accepting in their studio, turns the offer into a share."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from curation import sharing
from curation.models import LibraryOffer, LibraryShare, Photo
from exhibitions import services
from tests import factories

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def a_photo(owner, title: str) -> Photo:
    return factories.processed_photo(owner, data=factories.jpeg_bytes(size=(90, 60)), title=title, alt_text=title)


@pytest.fixture
def aigerim():
    return factories.photographer(username="aigerim-test")


@pytest.fixture
def daniyar():
    return factories.curator(username="daniyar-test")


def picker_html(client, curator) -> str:
    exhibition = services.exhibition_create(owner=curator, title="Bazaar")
    client.force_login(curator)
    return client.get(reverse("studio:picker", args=[exhibition.pk])).content.decode()


def studio_html(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("studio:list")).content.decode()


def the_offer() -> LibraryOffer:
    return LibraryOffer.objects.get()


def answer(client, method: str, path: str, name: str, data: dict | None = None) -> str:
    """A response as the photographer sees it, with the name typed and the CSRF token blanked out."""
    response = getattr(client, method)(path, data or {})
    head = f"{response.status_code} {response.get('Location', '')}\n"
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', head + response.content.decode()).replace(name, "NAME")


# --- The leak, closed ------------------------------------------------------------------------------------------


def test_the_answer_is_the_same_for_a_curator_a_photographer_and_nobody(client, aigerim, daniyar):
    """Before, a name that was not an active curator's was answered "There is no curator with this user name.",
    any other was shared with: a photographer could learn who has an account and who is a curator."""
    factories.photographer(username="bolat-photog")
    market = a_photo(aigerim, "Market")
    client.force_login(aigerim)
    page, grant, bulk = reverse("curation:sharing"), reverse("curation:sharing-grant"), reverse("curation:bulk")
    seen = {}
    for name in ("daniyar-test", "bolat-photog", "nobody-at-all"):
        steps = [
            # Chosen photos from the library's bulk action: the redirect, then the page with the message and the row.
            answer(client, "post", bulk, name, {"action": "share", "curator": name, "photo": [market.pk]}),
            answer(client, "get", page, name),
            # Then the whole library, from the sharing page.
            answer(client, "post", grant, name, {"username": name}),
            answer(client, "get", page, name),
            # Withdrawn: the same again, and nothing left of it.
            answer(client, "post", reverse("curation:sharing-offer-withdraw"), name, {"username": name}),
            answer(client, "get", page, name),
        ]
        seen[name] = steps
    assert seen["daniyar-test"] == seen["bolat-photog"] == seen["nobody-at-all"]
    chosen, whole = seen["nobody-at-all"][1], seen["nobody-at-all"][3]
    assert "1 more photo offered to “NAME”." in chosen and "1 chosen photo" in chosen
    assert "Your library is offered to “NAME”." in whole and "The whole library" in whole
    assert "Offered to “NAME” — waiting for them to accept" in whole
    assert "Your offer to “NAME” is withdrawn." in seen["nobody-at-all"][5]
    assert "There is no curator" not in "".join(seen["nobody-at-all"])
    assert not LibraryShare.objects.exists() and not LibraryOffer.objects.exists()


def test_a_filter_sent_with_a_note_is_answered_alike_for_every_name(client, aigerim, daniyar):
    """Sending a saved filter is one more kind of offer: it tells her no more about a name than the others."""
    factories.photographer(username="bolat-photog")
    pick = a_photo(aigerim, "Market")
    Photo.objects.filter(pk=pick.pk).update(flag="pick", rating=4)
    client.force_login(aigerim)
    grant, page = reverse("curation:sharing-grant"), reverse("curation:sharing")
    seen = {}
    for name in ("daniyar-test", "bolat-photog", "nobody-at-all"):
        sent = {"filter-username": name, "filter-note": "For the bazaar show", "filter-query": "flag=pick&rating=4"}
        steps = [answer(client, "post", grant, name, sent), answer(client, "get", page, name)]
        # Each sending has its own row id on her page (to stop it): the same for every name, but for the number.
        seen[name] = [re.sub(r'name="handoff" value="\d+"', 'name="handoff" value=""', step) for step in steps]
        client.post(reverse("curation:sharing-offer-withdraw"), {"username": name}, follow=True)
    assert seen["daniyar-test"] == seen["bolat-photog"] == seen["nobody-at-all"]
    listed = seen["nobody-at-all"][1]
    assert "Your filter “Picks · ★★★★ and up” (1 photo now) is offered to “NAME”." in listed
    assert "Filter: Picks · ★★★★ and up" in listed and "For the bazaar show" in listed
    assert not LibraryOffer.objects.exists()


def test_a_filter_that_repeats_a_colour_is_sent_once_and_kept(client, aigerim, daniyar):
    """An address made by hand may repeat a value past what a filter can hold: it is sent as the filter it means."""
    red = a_photo(aigerim, "Red")
    Photo.objects.filter(pk=red.pk).update(label="red")
    client.force_login(aigerim)
    query = "&".join(["label=red"] * 150)  # 1,500 characters: more than a filter holds
    response = client.post(
        reverse("curation:sharing-grant"),
        {"filter-username": "daniyar-test", "filter-note": "", "filter-query": query},
        follow=True,
    )
    assert response.status_code == 200
    assert "(1 photo now) is offered to “daniyar-test”" in response.content.decode()
    assert LibraryOffer.objects.get().handoffs.get().query == "label=red"


def test_her_own_name_is_still_refused(client, aigerim):
    client.force_login(aigerim)
    response = client.post(reverse("curation:sharing-grant"), {"username": "aigerim-test"})
    assert "Your own photos need no sharing with yourself." in response.content.decode()
    assert not LibraryOffer.objects.exists()


# --- The curator answers in their studio ---------------------------------------------------------------------


def test_accepting_puts_the_offered_photos_in_the_curators_picker(client, aigerim, daniyar):
    market = a_photo(aigerim, "Market")
    a_photo(aigerim, "Kitchen")
    sharing.library_offer_make(owner=aigerim, username="daniyar-test", photos=[market])
    assert "Market" not in picker_html(client, daniyar)
    studio = studio_html(client, daniyar)
    assert "Photos offered to you" in studio and "aigerim-test offers you 1 chosen photo" in studio
    response = client.post(reverse("curation:sharing-offer-accept", args=[the_offer().pk]), follow=True)
    assert "You may now add the photos aigerim-test shares with you" in response.content.decode()
    assert "Photos offered to you" not in response.content.decode()
    html = picker_html(client, daniyar)
    assert "Market" in html and "Kitchen" not in html
    # She now sees the curator, under their own name, instead of the offer.
    client.force_login(aigerim)
    page = client.get(reverse("curation:sharing")).content.decode()
    assert "daniyar-test" in page and "1 chosen photo" in page and "waiting for them to accept" not in page


def test_a_whole_library_offer_covers_photos_uploaded_later_once_accepted(client, aigerim, daniyar):
    a_photo(aigerim, "Market")
    sharing.library_offer_make(owner=aigerim, username="daniyar-test", whole_library=True)
    a_photo(aigerim, "Uploaded while waiting")
    assert "aigerim-test offers you the whole library" in studio_html(client, daniyar)
    client.post(reverse("curation:sharing-offer-accept", args=[the_offer().pk]))
    a_photo(aigerim, "Uploaded after")
    html = picker_html(client, daniyar)
    assert "Market" in html and "Uploaded while waiting" in html and "Uploaded after" in html


def test_declining_hides_the_offer_from_the_curator_only(client, aigerim, daniyar):
    sharing.library_offer_make(owner=aigerim, username="daniyar-test", whole_library=True)
    client.force_login(aigerim)
    before = answer(client, "get", reverse("curation:sharing"), "daniyar-test")
    client.force_login(daniyar)
    response = client.post(reverse("curation:sharing-offer-decline", args=[the_offer().pk]), follow=True)
    assert "Offer declined." in response.content.decode()
    assert "Photos offered to you" not in studio_html(client, daniyar)
    assert "No photographer shares photos with you yet" in picker_html(client, daniyar)
    # Her page is what it was: declining tells her nothing.
    client.force_login(aigerim)
    assert answer(client, "get", reverse("curation:sharing"), "daniyar-test") == before
    assert not LibraryShare.objects.exists()


def test_withdrawing_takes_the_offer_out_of_the_curators_studio(client, aigerim, daniyar):
    a_photo(aigerim, "Market")
    sharing.library_offer_make(owner=aigerim, username="daniyar-test", whole_library=True)
    offer = the_offer()
    client.force_login(aigerim)
    client.post(reverse("curation:sharing-offer-withdraw"), {"username": "daniyar-test"})
    assert "Photos offered to you" not in studio_html(client, daniyar)
    assert client.post(reverse("curation:sharing-offer-accept", args=[offer.pk])).status_code == 404
    assert "Market" not in picker_html(client, daniyar)


def test_nobody_but_the_curator_it_is_addressed_to_can_answer(client, aigerim, daniyar):
    bolat = factories.photographer(username="bolat-photog")
    other_curator = factories.curator()
    a_photo(aigerim, "Market")
    sharing.library_offer_make(owner=aigerim, username="daniyar-test", whole_library=True)
    sharing.library_offer_make(owner=aigerim, username="bolat-photog", whole_library=True)
    to_daniyar = LibraryOffer.objects.get(username="daniyar-test")
    to_bolat = LibraryOffer.objects.get(username="bolat-photog")
    for user in (other_curator, aigerim, bolat):
        client.force_login(user)
        for action in ("sharing-offer-accept", "sharing-offer-decline"):
            assert client.post(reverse(f"curation:{action}", args=[to_daniyar.pk])).status_code == 404
    # A photographer an offer is addressed to neither sees it nor may take it: offers are for curators.
    assert "Photos offered to you" not in studio_html(client, bolat)
    assert client.post(reverse("curation:sharing-offer-accept", args=[to_bolat.pk])).status_code == 404
    client.logout()
    response = client.post(reverse("curation:sharing-offer-accept", args=[to_daniyar.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # Nothing was taken or declined on anyone's behalf; the curator it is for still may.
    assert not LibraryShare.objects.exists()
    assert not LibraryOffer.objects.exclude(declined_at=None).exists()
    assert "aigerim-test offers you the whole library" in studio_html(client, daniyar)
