"""IIIF Presentation 3: each published exhibition's Manifest and the Collection of them all, as a viewer on another
site reads them: valid against the Presentation 3 models, in every language written, consent applied, cached."""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from curation import credits, subjects
from curation.models import Consent, Photo, Rendition, Subject
from exhibitions import sequencing
from exhibitions.models import Exhibition, ExhibitionItem
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, publish_now, unpublish
from tests.support.iiif import assert_valid_iiif, iiif_problems

pytestmark = pytest.mark.django_db

PROFILE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'


def manifest_url(exhibition: Exhibition) -> str:
    return reverse("iiif:manifest", args=[exhibition.slug])


def get_json(client, url: str, **headers) -> dict:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"] == PROFILE
    document = json.loads(response.content)
    assert_valid_iiif(document)
    return document


def canvases(manifest: dict) -> list[dict]:
    return manifest["items"]


def painted(canvas: dict) -> dict:
    """The image a canvas is painted with."""
    (page,) = canvas["items"]
    (annotation,) = page["items"]
    assert annotation["motivation"] == "painting" and annotation["target"] == canvas["id"]
    return annotation["body"]


def metadata(resource: dict) -> dict[str, dict]:
    """Metadata values by their English label."""
    return {pair["label"]["en"][0]: pair["value"] for pair in resource.get("metadata", [])}


def homepages(resource: dict) -> dict[str, str]:
    """A resource's pages by the language they are in."""
    return {page["language"][0]: page["id"] for page in resource["homepage"]}


def in_each_language(name: str, *args) -> dict[str, str]:
    urls = {}
    for code in ("en", "ru", "kk"):
        with translation.override(code):
            urls[code] = "http://testserver" + reverse(name, args=args)
    assert len(set(urls.values())) == 3, urls  # each language has its own address
    return urls


def write(obj, **columns) -> None:
    """A curator's or photographer's words in several languages, written to their columns."""
    type(obj).objects.filter(pk=obj.pk).update(**columns)


# --- The manifest --------------------------------------------------------------------------------------------


def test_a_published_exhibition_is_a_manifest_with_a_canvas_per_photo_painted_with_its_public_rendition(client):
    exhibition = build_exhibition(3, size=(1200, 800))
    manifest = get_json(client, manifest_url(exhibition))
    assert manifest["id"] == f"http://testserver/iiif/{exhibition.slug}/manifest.json"
    assert [c["label"] for c in canvases(manifest)] == [{"en": [f"Plate {i}"]} for i in range(3)]
    page = client.get(detail_url(exhibition)).content.decode()
    photos = [item.photo for item in exhibition.items.order_by("position")]
    for canvas, photo in zip(canvases(manifest), photos, strict=True):
        image = painted(canvas)
        # A photo smaller than a size is rendered at its own size again: the first file of the largest width.
        largest = photo.renditions.filter(format="jpeg").order_by("-width", "long_edge").first()
        assert image == {
            "id": f"http://testserver{largest.url}",
            "type": "Image",
            "format": "image/jpeg",
            "width": largest.width,
            "height": largest.height,
            "label": {"en": [f"Alt {photos.index(photo)}"]},
        }
        assert (canvas["width"], canvas["height"]) == (image["width"], image["height"]) == (1200, 800)
        # The very file the public page shows, and a visitor's browser may load it.
        assert largest.url in page
        response = client.get(largest.url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        (thumbnail,) = canvas["thumbnail"]
        assert thumbnail["width"] < image["width"] and client.get(thumbnail["id"]).status_code == 200
    assert manifest["rights"] == "http://rightsstatements.org/vocab/InC/1.0/"
    # The exhibition's page for a reader of each language, and the site's.
    assert homepages(manifest) == in_each_language("exhibitions:detail", exhibition.slug)
    assert homepages(manifest["provider"][0]) == in_each_language("exhibitions:home")
    assert manifest["partOf"] == [
        {"id": "http://testserver/iiif/collection.json", "type": "Collection", "label": manifest["partOf"][0]["label"]}
    ]
    # The wall text, as plain text: a viewer shows no Markdown.
    assert manifest["summary"] == {"en": ["Wall text."]}


def test_texts_in_three_languages_reach_the_manifest_in_each_language_and_none_stands_in_for_another(client):
    photographer = factories.photographer()
    credits.credit_name_set(user=photographer, credit_name="Aigerim Bekova")
    exhibition = build_exhibition(2, owner=photographer, publish=False)
    first, second = (item.photo for item in exhibition.items.order_by("position"))
    write(
        exhibition,
        title_en="Green Bazaar",
        title_ru="Зелёный базар",
        title_kk="Көк базар",
        subtitle_ru="Рынок на рассвете",  # in Russian only
        venue_en="Kasteyev Museum",
        venue_kk="Қастеев мұражайы",
    )
    write(
        first,
        title_en="Morning",
        title_ru="Утро",
        title_kk="Таң",
        caption_en="",
        caption_kk="Сауда басталды",
        place_name_ru="Алматы",
    )
    write(photographer.profile, credit_name_ru="Айгерим Бекова", credit_name_kk="Әйгерім Бекова")
    gulnara = subjects.subject_create(
        owner=photographer, name="Fruit seller, Green Bazaar", public_name="Gulnara", photos=[second]
    )
    write(gulnara, public_name_ru="Гульнара", public_name_kk="Гүлнара")
    Consent.objects.create(subject=gulnara, status=Consent.Status.VERBAL, scope_web=True)
    publish_now(exhibition)

    manifest = get_json(client, manifest_url(exhibition))
    assert manifest["label"] == {"en": ["Green Bazaar"], "ru": ["Зелёный базар"], "kk": ["Көк базар"]}
    # The subtitle is in Russian only: the English and Kazakh readers' viewers choose, the manifest does not.
    assert manifest["summary"] == {"ru": ["Рынок на рассвете"]}
    assert metadata(manifest)["Venue"] == {"en": ["Kasteyev Museum"], "kk": ["Қастеев мұражайы"]}
    morning, plate = canvases(manifest)
    assert morning["label"] == {"en": ["Morning"], "ru": ["Утро"], "kk": ["Таң"]}
    assert morning["summary"] == {"kk": ["Сауда басталды"]}
    assert metadata(morning)["Place"] == {"ru": ["Алматы"]}
    credit = {"en": ["Aigerim Bekova"], "ru": ["Айгерим Бекова"], "kk": ["Әйгерім Бекова"]}
    assert metadata(morning)["Credit"] == credit == manifest["requiredStatement"]["value"]
    assert metadata(plate)["Person"] == {"en": ["Gulnara"], "ru": ["Гульнара"], "kk": ["Гүлнара"]}
    # Our own labels are in every language too.
    assert set(manifest["requiredStatement"]["label"]) == {"en", "ru", "kk"}
    assert set(manifest["provider"][0]["label"]) == {"en", "ru", "kk"}
    # One document for every reader, whatever language they ask in.
    for headers in ({"HTTP_ACCEPT_LANGUAGE": "ru"}, {"HTTP_ACCEPT_LANGUAGE": "kk"}):
        assert client.get(manifest_url(exhibition), **headers).content == client.get(manifest_url(exhibition)).content


def test_a_photo_without_a_credit_in_any_language_is_credited_in_none_and_never_by_a_login_name(client):
    named = factories.photographer(username="aigerim")
    named.first_name, named.last_name = "Aigerim", "Bekova"
    named.save()
    exhibition = build_exhibition(1, owner=named)
    manifest = get_json(client, manifest_url(exhibition))
    assert metadata(canvases(manifest)[0])["Credit"] == {"none": ["Aigerim Bekova"]}
    # A photographer with no credit and no full name is named nowhere, not by what she signs in with.
    anonymous = build_exhibition(1, owner=factories.photographer(username="logname"), title="Quiet")
    manifest = get_json(client, manifest_url(anonymous))
    assert "Credit" not in metadata(canvases(manifest)[0]) and "requiredStatement" not in manifest
    assert "logname" not in json.dumps(manifest)


def test_chapters_become_ranges_holding_the_photos_up_to_the_next_chapter(client):
    exhibition = build_exhibition(4, publish=False)
    sequencing.exhibition_section_add(
        exhibition=exhibition, title="Evening", text="When the *stalls* close.", position=1
    )
    sequencing.exhibition_section_add(exhibition=exhibition, title="Night", position=4)
    sequencing.exhibition_text_panel_add(exhibition=exhibition, text="A text panel.", position=5)
    evening = ExhibitionItem.objects.get(exhibition=exhibition, title_en="Evening")
    write(evening, title_ru="Вечер", title_kk="Кеш")
    publish_now(exhibition)

    manifest = get_json(client, manifest_url(exhibition))
    ids = [c["id"] for c in canvases(manifest)]
    assert len(ids) == 4
    first, second = manifest["structures"]
    assert first["type"] == second["type"] == "Range"
    assert first["label"] == {"en": ["Evening"], "ru": ["Вечер"], "kk": ["Кеш"]}
    assert first["summary"] == {"en": ["When the stalls close."]}
    assert first["items"] == [{"id": ids[1], "type": "Canvas"}, {"id": ids[2], "type": "Canvas"}]
    assert second["label"] == {"en": ["Night"]} and second["items"] == [{"id": ids[3], "type": "Canvas"}]
    # The photo before the first chapter belongs to none.
    assert all(ids[0] != entry["id"] for chapter in manifest["structures"] for entry in chapter["items"])


def test_dates_give_the_manifest_a_nav_date_and_a_dates_line_in_each_language(client):
    exhibition = build_exhibition(1, publish=False)
    write(exhibition, starts_on="2026-05-14", ends_on="2026-06-20")
    publish_now(exhibition)
    manifest = get_json(client, manifest_url(exhibition))
    assert manifest["navDate"] == "2026-05-14T00:00:00Z"
    dates = metadata(manifest)["Dates"]
    assert dates["en"] == ["14 May 2026 – 20 June 2026"]
    assert dates["ru"] == ["14 мая 2026 – 20 июня 2026"] and dates["kk"] == [
        "2026 жылғы 14 мамыр – 2026 жылғы 20 маусым"
    ]


def test_a_withdrawn_consent_removes_the_canvas_from_the_manifest_at_once(client, django_capture_on_commit_callbacks):
    photographer = factories.photographer()
    exhibition = build_exhibition(3, owner=photographer)
    shown = exhibition.items.order_by("position")[1].photo
    aizhan = subjects.subject_create(owner=photographer, name="Craft stall", public_name="Aizhan", photos=[shown])
    subjects.consent_record(subject=aizhan, actor=photographer, status=Consent.Status.SIGNED, scope_web=True)
    publish_now(exhibition)
    before = get_json(client, manifest_url(exhibition))
    assert len(canvases(before)) == 3 and "Aizhan" in json.dumps(before)
    assert get_json(client, manifest_url(exhibition)) == before  # from the cache now

    with django_capture_on_commit_callbacks(execute=True):
        subjects.consent_withdraw(subject=aizhan, actor=photographer)
    after = get_json(client, manifest_url(exhibition))
    assert [c["id"] for c in canvases(after)] == [c["id"] for i, c in enumerate(canvases(before)) if i != 1]
    assert "Aizhan" not in json.dumps(after)
    assert all(rendition.url not in json.dumps(after) for rendition in shown.renditions.all())


def test_a_consent_narrowed_by_a_raw_write_also_removes_the_canvas(client, django_capture_on_commit_callbacks):
    photographer = factories.photographer()
    exhibition = build_exhibition(2, owner=photographer, publish=False)
    person = Subject.objects.create(owner=photographer, name="Man at the gate", public_name="Serik")
    consent = Consent.objects.create(subject=person, status=Consent.Status.VERBAL, scope_web=True)
    exhibition.items.order_by("position")[0].photo.subjects.add(person)
    publish_now(exhibition)
    assert len(canvases(get_json(client, manifest_url(exhibition)))) == 2
    consent.scope_web = False
    with django_capture_on_commit_callbacks(execute=True):
        consent.save()  # no service, no takedown: the published snapshot still lists him
    manifest = get_json(client, manifest_url(exhibition))
    assert len(canvases(manifest)) == 1 and "Serik" not in json.dumps(manifest)


def test_nothing_private_reaches_the_manifest(client):
    photographer = factories.photographer(username="secret-login")
    photo = factories.processed_photo(
        photographer, data=factories.jpeg_bytes((480, 320), gps=True), filename="DSC_PRIVATE.JPG", title="Gate"
    )
    person = subjects.subject_create(
        owner=photographer,
        name="Fruit seller, Green Bazaar",
        public_name="Gulnara",
        story="Her son drives a taxi.",
        private_notes="Lives by the east gate",
        contact_details="+7 701 000 00 00",
        photos=[photo],
    )
    Consent.objects.create(subject=person, status=Consent.Status.VERBAL, scope_web=True)
    exhibition = build_exhibition(0, owner=photographer, publish=False)
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
    publish_now(exhibition)
    text = client.get(manifest_url(exhibition)).content.decode()
    assert "Gulnara" in text
    original = Photo.objects.get(pk=photo.pk).original.name
    for private in ("secret-login", "Fruit seller", "taxi", "east gate", "+7 701", "DSC_PRIVATE", original, "GPS"):
        assert private not in text, private
    assert not re.search(r"43[.,]2|76[.,]9", text)  # the GPS position, in any notation


# --- The collection ----------------------------------------------------------------------------------------------


def test_the_collection_lists_every_published_exhibition_newest_first_and_nothing_else(client):
    older = build_exhibition(1, title="Older")
    newer = build_exhibition(2, title="Newer")
    build_exhibition(1, title="Drafty", publish=False)
    gone = build_exhibition(1, title="Gone")
    unpublish(gone)
    collection = get_json(client, reverse("iiif:collection"))
    assert collection["id"] == "http://testserver/iiif/collection.json"
    assert [(m["type"], m["id"], m["label"]) for m in collection["items"]] == [
        ("Manifest", f"http://testserver{manifest_url(newer)}", {"en": ["Newer"]}),
        ("Manifest", f"http://testserver{manifest_url(older)}", {"en": ["Older"]}),
    ]
    assert all(client.get(m["id"]).status_code == 200 for m in collection["items"])
    assert homepages(collection) == in_each_language("exhibitions:home")


def test_drafts_and_unpublished_exhibitions_have_no_manifest(client):
    draft = build_exhibition(1, publish=False, title="Drafty")
    assert client.get(manifest_url(draft)).status_code == 404
    assert client.get(reverse("iiif:manifest", args=["no-such-show"])).status_code == 404
    shown = build_exhibition(1, title="Briefly")
    assert client.get(manifest_url(shown)).status_code == 200
    unpublish(shown)
    response = client.get(manifest_url(shown))
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"


# --- Serving: CORS, caching, queries --------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["manifest", "collection"])
def test_a_viewer_on_another_site_may_read_it(client, which):
    exhibition = build_exhibition(1)
    url = manifest_url(exhibition) if which == "manifest" else reverse("iiif:collection")
    response = client.get(url, HTTP_ORIGIN="https://viewer.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == PROFILE
    # The same document for everyone: a shared cache need not keep a copy per visitor's cookie, nor per languages.
    assert "Cookie" not in response["Vary"] and response["Cache-Control"].startswith("public")
    assert "Accept-Language" not in response["Vary"]
    assert "Accept-Language" not in client.get(url, HTTP_ACCEPT_LANGUAGE="kk")["Vary"]
    # A script asking for the IIIF profile in its Accept header asks first (the quotes make it unsafe to send).
    preflight = client.options(
        url,
        HTTP_ORIGIN="https://viewer.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Headers"] == "accept"
    assert client.post(url).status_code == 405


def test_the_manifest_costs_the_same_queries_for_3_photos_as_for_30_and_none_once_cached(client):
    small, large = build_exhibition(3, title="Small"), build_exhibition(30, title="Large")
    counts = []
    for exhibition in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert len(canvases(get_json(client, manifest_url(exhibition)))) == exhibition.items.count()
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    with CaptureQueriesContext(connection) as captured:
        get_json(client, manifest_url(large))
    assert len(captured) == 0


def test_the_collection_costs_the_same_queries_for_one_exhibition_as_for_five(client):
    build_exhibition(1, title="Only")
    with CaptureQueriesContext(connection) as captured:
        get_json(client, reverse("iiif:collection"))
    one = len(captured)
    for i in range(4):
        build_exhibition(2, title=f"More {i}")
    with CaptureQueriesContext(connection) as captured:
        assert len(get_json(client, reverse("iiif:collection"))["items"]) == 5
    assert len(captured) == one


def test_a_changed_credit_reaches_the_cached_manifest_at_once(client):
    photographer = factories.photographer()
    exhibition = build_exhibition(1, owner=photographer)
    assert "requiredStatement" not in get_json(client, manifest_url(exhibition))
    with TestCase.captureOnCommitCallbacks(execute=True):
        credits.credit_name_set(user=photographer, credit_name="Aigerim Bekova")
    assert get_json(client, manifest_url(exhibition))["requiredStatement"]["value"] == {"en": ["Aigerim Bekova"]}


# --- Discovery ---------------------------------------------------------------------------------------------------


def alternates(html: str) -> list[str]:
    found = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)">', html)
    return [href for kind, href in found if kind == PROFILE.replace('"', "&quot;")]


def test_the_exhibition_page_links_its_manifest_and_the_home_page_the_collection(client):
    exhibition = build_exhibition(1)
    page = client.get(detail_url(exhibition)).content.decode().split("</head>")[0]
    assert alternates(page) == [f"http://testserver{manifest_url(exhibition)}"]
    home = client.get(reverse("exhibitions:home")).content.decode().split("</head>")[0]
    assert alternates(home) == ["http://testserver/iiif/collection.json"]


# --- The validator fails for real --------------------------------------------------------------------------------


BREAKAGES = {
    "a label that is a plain string": lambda m: m.update(label="Green Bazaar"),
    "a language map whose value is not a list": lambda m: m.update(summary={"en": "Wall text."}),
    "a misspelt property": lambda m: m.update(lable=m.pop("label")),
    "no items": lambda m: m.pop("items"),
    "a canvas width as a string": lambda m: m["items"][0].update(width=str(m["items"][0]["width"])),
    "a canvas of the wrong type": lambda m: m["items"][0].update(type="Image"),
    "an image without a type": lambda m: painted(m["items"][0]).pop("type"),
    "a relative id": lambda m: m.update(id="/iiif/show/manifest.json"),
    "rights in words": lambda m: m.update(rights="All rights reserved"),
    "a date in words": lambda m: m.update(navDate="spring 2026"),
    "metadata without language maps": lambda m: m.update(metadata=[{"label": "Venue", "value": "Museum"}]),
    "no context": lambda m: m.pop("@context"),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_copy_of_a_served_manifest_is_refused_by_the_validator(client, breakage):
    manifest = get_json(client, manifest_url(build_exhibition(1)))
    broken = copy.deepcopy(manifest)
    BREAKAGES[breakage](broken)
    assert iiif_problems(broken), breakage


def test_an_exhibition_with_a_kazakh_address_has_a_manifest_at_an_address_any_viewer_can_ask_for(client):
    exhibition = build_exhibition(1, title="Жасыл базар", slug="жасыл-базар")
    manifest = get_json(client, manifest_url(exhibition))
    assert (
        manifest["id"]
        == "http://testserver/iiif/%D0%B6%D0%B0%D1%81%D1%8B%D0%BB-%D0%B1%D0%B0%D0%B7%D0%B0%D1%80/manifest.json"
    )
    assert manifest["id"].isascii() and client.get(manifest["id"]).status_code == 200


def test_a_snapshot_published_before_texts_had_languages_gives_each_text_the_language_it_is_written_in(client):
    exhibition = build_exhibition(1)
    snapshot = exhibition.published_snapshot
    snapshot.update(version=1, title="Зелёный базар", subtitle="Market at dawn")
    snapshot.pop("default_language")
    snapshot["items"][0].update(title="Таң", caption="Сауда басталды")
    Exhibition.objects.filter(pk=exhibition.pk).update(published_snapshot=snapshot)
    manifest = get_json(client, manifest_url(exhibition))
    assert manifest["label"] == {"ru": ["Зелёный базар"]} and manifest["summary"] == {"en": ["Market at dawn"]}
    (canvas,) = canvases(manifest)
    assert canvas["label"] == {"kk": ["Таң"]} and canvas["summary"] == {"ru": ["Сауда басталды"]}


def test_a_photo_whose_renditions_are_not_made_yet_is_left_out_rather_than_shown_without_an_image(client):
    exhibition = build_exhibition(2)
    late = exhibition.items.order_by("position")[1].photo
    Rendition.objects.filter(photo=late).delete()
    manifest = get_json(client, manifest_url(exhibition))
    assert [c["label"] for c in canvases(manifest)] == [{"en": ["Plate 0"]}]
