"""The public gallery's pages: home, exhibition, viewer, stories, meta data, sitemap, feed and robots.txt."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from curation import credits, imaging
from curation import services as curation_services
from curation.models import Subject
from exhibitions.models import Exhibition
from exhibitions.public import preview_render
from exhibitions.snapshot import exhibition_snapshot_build
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, photo_url, publish_now, subject, unpublish
from tests.support.markup import Tags

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


# --- Home ---------------------------------------------------------------------------------------------


def test_the_home_page_lists_published_exhibitions_newest_first_with_covers(client):
    build_exhibition(1, title="Older show")
    build_exhibition(2, title="Newer show")
    build_exhibition(1, publish=False, title="Secret draft")
    html = client.get(reverse("exhibitions:home")).content.decode()
    assert html.index("Newer show") < html.index("Older show")
    assert "Secret draft" not in html
    assert "2 photographs" in html and re.search(r"\b1 photograph\b(?!s)", html)
    covers = Tags(html).all("img")
    assert len(covers) == 2
    assert covers[0]["loading"] == "eager" and covers[0]["fetchpriority"] == "high"
    assert covers[1]["loading"] == "lazy"


def test_the_home_page_has_a_friendly_empty_state(client):
    response = client.get(reverse("exhibitions:home"))
    assert response.status_code == 200
    assert b"No exhibitions are open yet" in response.content


# --- The exhibition page ----------------------------------------------------------------------------


def test_an_exhibition_page_shows_statement_photos_captions_and_credits_in_order(client):
    photographer = factories.photographer()
    credits.credit_name_set(user=photographer, credit_name="Aigerim Bekova")
    exhibition = build_exhibition(3, owner=photographer, credits="Printed by **Hand**.")
    html = client.get(detail_url(exhibition)).content.decode()
    assert "Wall <em>text</em>." in html
    assert html.index("Plate 0") < html.index("Plate 1") < html.index("Plate 2")
    assert "Caption 1" in html and "Photograph: Aigerim Bekova" in html
    assert "Printed by <strong>Hand</strong>." in html
    assert "3 photographs" in html


def test_sections_and_text_panels_from_the_snapshot_become_chapters(client):
    exhibition = build_exhibition(2)
    snapshot = exhibition.published_snapshot
    snapshot["items"].insert(1, {"kind": "section", "title": "Evening", "text": "When the *stalls* close."})
    snapshot["items"].append({"kind": "text", "text": "The market is where the city remembers itself."})
    Exhibition.objects.filter(pk=exhibition.pk).update(published_snapshot=snapshot)
    html = client.get(detail_url(exhibition)).content.decode().split("<body")[1]
    assert re.search(r'<section class="chapter" aria-labelledby="c-1">\s*<header class="chapter-header"><h2', html)
    assert html.index("Plate 0") < html.index(">Evening</h2>") < html.index("Plate 1")
    assert "When the <em>stalls</em> close." in html
    assert '<div class="text-panel"><p>The market is where the city remembers itself.</p></div>' in html


def test_the_picture_markup_has_webp_and_jpeg_srcsets_sizes_dimensions_and_priorities(client):
    exhibition = build_exhibition(2, size=(1200, 800))
    tags = Tags(client.get(detail_url(exhibition)).content.decode())
    sources = tags.all("source", type="image/webp")
    images = [img for img in tags.all("img") if "photo" in img.get("class", "")]
    # The cover (the first photo, as no other was chosen), then the two plates.
    assert len(sources) == 3 and len(images) == 3
    cover, first, second = images
    assert re.fullmatch(r"(/media/renditions/\S+\.webp \d+w, )+/media/renditions/\S+\.webp \d+w", sources[1]["srcset"])
    assert "320w" in first["srcset"] and first["srcset"].count("1200w") == 1 and ".jpg" in first["srcset"]
    assert sources[1]["sizes"] == first["sizes"] and "calc(86vh * 1.5000)" in first["sizes"]
    assert (first["width"], first["height"]) == ("1200", "800")
    # The cover is what a visitor sees first: it alone is fetched at once, and first. Screen readers meet the
    # photo once, as plate 1 (the home page's covers are silent too).
    assert cover["loading"] == "eager" and cover["fetchpriority"] == "high" and "62vw" in cover["sizes"]
    assert cover["src"] == first["src"] and cover["alt"] == "" and first["alt"] == "Alt 0"
    assert first["loading"] == second["loading"] == "lazy" and "fetchpriority" not in first


def test_each_photo_shows_its_colour_and_placeholder_from_a_style_block_the_policy_names_by_hash(client):
    exhibition = build_exhibition(1)
    response = client.get(detail_url(exhibition))
    html = response.content.decode()
    photo = exhibition.items.get().photo
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]
    assert f".ph-{photo.pk}{{" in style
    assert f"background-color:{photo.dominant_color};" in style
    assert 'background-image:url("data:image/webp;base64,' in style
    assert f'class="photo ph-{photo.pk}"' in html
    assert ' style="' not in html


def test_a_photo_without_renditions_yet_keeps_its_place_without_a_broken_image(client):
    exhibition = build_exhibition(1)
    exhibition.items.get().photo.renditions.all().delete()
    html = client.get(detail_url(exhibition)).content.decode()
    assert "<img" not in html
    assert 'class="photo photo-pending' in html and 'role="img" aria-label="Alt 0"' in html


def test_the_people_in_a_photo_link_to_their_public_stories(client):
    owner = factories.photographer()
    person = subject(owner)
    exhibition = build_exhibition(1, owner=owner, subjects=[person])
    html = client.get(detail_url(exhibition)).content.decode()
    assert f'<a href="{reverse("exhibitions:story", args=[person.pk])}">Gulnara</a>' in html
    assert "Fruit seller, Green Bazaar" not in html


def test_meta_tags_and_json_ld_describe_the_exhibition_with_absolute_image_urls(client):
    photographer = factories.photographer()
    credits.credit_name_set(user=photographer, credit_name="Aigerim Bekova")
    exhibition = build_exhibition(2, owner=photographer, title="Bazaar </script><script>alert(1)</script>")
    html = client.get(detail_url(exhibition)).content.decode()
    tags = Tags(html)
    og_image = tags.all("meta", property="og:image")[0]["content"]
    assert og_image.startswith("http://testserver/media/renditions/") and og_image.endswith(".jpg")
    assert tags.all("meta", name="twitter:card")[0]["content"] == "summary_large_image"
    assert tags.all("link", rel="canonical")[0]["href"] == f"http://testserver{detail_url(exhibition)}"
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["@type"] == "ExhibitionEvent" and data["name"].startswith("Bazaar </script>")
    works = data["workFeatured"]
    assert [w["name"] for w in works] == ["Plate 0", "Plate 1"]
    assert works[0]["creditText"] == "Aigerim Bekova"
    assert works[0]["@type"] == "ImageObject" and works[0]["creator"] == {"@type": "Person", "name": "Aigerim Bekova"}
    assert works[0]["copyrightNotice"].startswith("© 2026 ") and works[0]["contentUrl"].startswith("http://testserver/")
    assert works[0]["url"] == f"http://testserver{photo_url(exhibition, 1)}"


def test_a_draft_answers_404_like_something_that_never_existed(client):
    draft = build_exhibition(1, publish=False)
    missing = client.get(detail_url(Exhibition(slug="never-was")))
    hidden = client.get(detail_url(draft))
    assert hidden.status_code == missing.status_code == 404

    def same(response) -> str:
        # Each page has its own CSP nonce and its own path in the language form; nothing else may differ.
        html = re.sub(r'nonce="[^"]+"', "", response.content.decode())
        return html.replace(draft.slug, "SLUG").replace("never-was", "SLUG")

    assert same(hidden) == same(missing)


def test_unicode_slugs_work(client):
    exhibition = build_exhibition(1, slug="жасыл-базар")
    assert client.get(detail_url(exhibition)).status_code == 200


# --- Preview (the builder's preview and review links call preview_render) ---------------------------------


def test_a_preview_is_marked_not_indexed_not_cached_and_links_nowhere_public(client):
    owner = factories.photographer()
    exhibition = build_exhibition(2, publish=False, owner=owner, subjects=[subject(owner)])
    request = RequestFactory().get("/studio/preview/")
    response = preview_render(request, exhibition.pk, exhibition_snapshot_build(exhibition))
    html = response.content.decode()
    assert 'class="preview-ribbon"' in html and '<meta name="robots" content="noindex">' in html
    assert response["Cache-Control"] == "private, no-store"
    assert "/stories/" not in html and reverse("exhibitions:photo", args=[exhibition.slug, 1]) not in html
    assert "application/ld+json" not in html and 'rel="canonical"' not in html


# --- The viewer ---------------------------------------------------------------------------------------


def test_the_viewer_shows_one_photo_with_previous_next_and_a_way_back(client):
    exhibition = build_exhibition(3)
    html = client.get(photo_url(exhibition, 2)).content.decode()
    tags = Tags(html)
    assert "Plate 1" in html and "Plate 0" not in html.split("<body")[1].split('rel="prev"')[0]
    assert tags.all("a", rel="prev")[0]["href"] == photo_url(exhibition, 1)
    assert tags.all("a", rel="next")[0]["href"] == photo_url(exhibition, 3)
    assert tags.all("a", **{"data-viewer-close": ""})[0]["href"] == detail_url(exhibition) + "#p-2"
    assert "2 of 3" in html
    image = [img for img in tags.all("img") if "photo" in img.get("class", "")][0]
    assert image["loading"] == "eager" and image["alt"] == "Alt 1"
    assert tags.all("link", rel="prefetch")[0]["href"] == photo_url(exhibition, 3)


def test_the_first_and_last_photos_have_no_previous_or_next(client):
    exhibition = build_exhibition(2)
    first = Tags(client.get(photo_url(exhibition, 1)).content.decode())
    last = Tags(client.get(photo_url(exhibition, 2)).content.decode())
    assert not first.all("a", rel="prev") and first.all("a", rel="next")
    assert last.all("a", rel="prev") and not last.all("a", rel="next")


def test_a_number_outside_the_exhibition_or_a_draft_answers_404(client):
    exhibition = build_exhibition(2)
    draft = build_exhibition(1, publish=False)
    assert client.get(photo_url(exhibition, 0)).status_code == 404
    assert client.get(photo_url(exhibition, 3)).status_code == 404
    assert client.get(photo_url(draft, 1)).status_code == 404


def test_plates_link_to_their_viewer_pages(client):
    exhibition = build_exhibition(2)
    tags = Tags(client.get(detail_url(exhibition)).content.decode())
    assert [a["href"] for a in tags.all("a", **{"class": "plate-link"})] == [
        photo_url(exhibition, 1),
        photo_url(exhibition, 2),
    ]
    assert {f["id"] for f in tags.all("figure")} == {"p-1", "p-2"}


# --- Stories ------------------------------------------------------------------------------------------


def test_a_story_shows_public_fields_only_and_the_published_photos(client):
    owner = factories.photographer()
    person = subject(owner, story="PRIVATE-STORY", private_notes="PRIVATE-NOTES", contact_details="+7 PRIVATE")
    exhibition = build_exhibition(2, owner=owner, subjects=[person], title="Bazaar")
    html = client.get(reverse("exhibitions:story", args=[person.pk])).content.decode()
    assert "<h1" in html and "Gulnara" in html and "Thirty <em>years</em>." in html
    assert "PRIVATE" not in html and "Fruit seller, Green Bazaar" not in html
    links = [a["href"] for a in Tags(html).all("a")]
    assert photo_url(exhibition, 1) in links and photo_url(exhibition, 2) in links and detail_url(exhibition) in links


def test_a_story_opens_with_their_portrait_and_calls_a_person_by_name_not_by_kind(client):
    owner = factories.photographer()
    person = subject(owner)
    place = Subject.objects.create(owner=owner, kind=Subject.Kind.PLACE, name="Green Bazaar", public_story="Stalls.")
    exhibition = build_exhibition(3, owner=owner, publish=False)
    photos = [item.photo for item in exhibition.items.order_by("position")]
    photos[1].subjects.add(person, place)
    photos[2].subjects.add(person)  # alone in the frame: their portrait
    publish_now(exhibition)
    html = client.get(reverse("exhibitions:story", args=[person.pk])).content.decode()
    lead = html.split('<figure class="story-lead">')[1].split("</figure>")[0]
    assert f'href="{photo_url(exhibition, 3)}"' in lead and 'fetchpriority="high"' in lead
    grid = html.split('<ul class="story-photos">')[1].split("</ul>")[0]
    assert f'href="{photo_url(exhibition, 2)}"' in grid and photo_url(exhibition, 3) not in grid
    assert "story-kind" not in html and "Person" not in html.split("<body")[1]
    # A place says what it is, in the visitor's language.
    client.cookies["django_language"] = "ru"
    place_page = client.get(reverse("unprefixed:story", args=[place.pk])).content.decode()
    assert '<p class="story-kind">Место</p>' in place_page


def test_a_person_without_a_public_name_is_named_nowhere_public_and_a_place_by_its_name(client):
    """A person's own label is the photographer's ("the bench couple", or a full name): a visitor reads the name the
    person may be shown by, or none."""
    owner = factories.photographer()
    person = subject(owner, public_name="", name="The bench couple")
    place = Subject.objects.create(owner=owner, kind=Subject.Kind.PLACE, name="Green Bazaar", public_story="Stalls.")
    exhibition = build_exhibition(1, owner=owner, subjects=[person, place])
    for url in (detail_url(exhibition), photo_url(exhibition, 1), reverse("exhibitions:story", args=[place.pk])):
        html = client.get(url).content.decode()
        assert "The bench couple" not in html and "Green Bazaar" in html, url
    assert client.get(reverse("exhibitions:story", args=[person.pk])).status_code == 404


def test_a_public_name_changed_after_publishing_is_what_visitors_read(client, django_capture_on_commit_callbacks):
    owner = factories.photographer()
    person = subject(owner, public_name="Gulnara")
    exhibition = build_exhibition(1, owner=owner, subjects=[person])
    assert "Gulnara" in client.get(detail_url(exhibition)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # She asks to be named by her initial only: every page follows at once, without republishing.
        Subject.objects.filter(pk=person.pk).update(public_name="G.")
        person.refresh_from_db()
        person.save()
    html = client.get(detail_url(exhibition)).content.decode()
    assert "Gulnara" not in html and "G." in html


def test_a_subject_only_in_drafts_or_nowhere_answers_404(client):
    owner = factories.photographer()
    drafted, alone = subject(owner), subject(owner)
    build_exhibition(1, owner=owner, subjects=[drafted], publish=False)
    assert client.get(reverse("exhibitions:story", args=[drafted.pk])).status_code == 404
    assert client.get(reverse("exhibitions:story", args=[alone.pk])).status_code == 404
    assert client.get(reverse("exhibitions:story", args=[999999])).status_code == 404


def test_a_story_disappears_when_its_exhibition_is_unpublished(client):
    owner = factories.photographer()
    person = subject(owner)
    exhibition = build_exhibition(1, owner=owner, subjects=[person])
    url = reverse("exhibitions:story", args=[person.pk])
    assert client.get(url).status_code == 200
    unpublish(exhibition)
    assert client.get(url).status_code == 404


# --- Sitemap, feed, robots.txt, language ------------------------------------------------------------------


def test_the_sitemap_lists_published_pages_only(client):
    owner = factories.photographer()
    person = subject(owner)
    shown = build_exhibition(2, owner=owner, subjects=[person], title="Shown")
    draft = build_exhibition(1, publish=False, title="Hidden")
    xml = client.get(reverse("sitemap")).content.decode()
    assert f"<loc>http://testserver{detail_url(shown)}</loc>" in xml
    assert f"<loc>http://testserver{photo_url(shown, 2)}</loc>" in xml
    assert f"<loc>http://testserver{reverse('exhibitions:story', args=[person.pk])}</loc>" in xml
    assert draft.slug not in xml


def test_the_feed_lists_published_exhibitions_only(client):
    build_exhibition(1, title="Shown show")
    build_exhibition(1, publish=False, title="Hidden show")
    response = client.get(reverse("exhibitions:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"Shown show" in response.content and b"Hidden show" not in response.content


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_private_areas(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /studio/" in text and "Disallow: /library/" in text


def test_the_language_switch_needs_no_csrf_token_and_changes_the_page_language(client):
    exhibition = build_exhibition(1)
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("language"), {"language": "ru", "next": detail_url(exhibition)})
    # From the page's address in English to its address in Russian (tests/exhibitions/test_language_urls.py).
    with translation.override("ru"):
        assert response.status_code == 302 and response["Location"] == detail_url(exhibition)
    page = csrf_client.get(response["Location"])
    assert page["Content-Language"] == "ru" and b'<html lang="ru">' in page.content
    assert csrf_client.post(reverse("language"), {"language": "ru", "next": "https://evil.example/"})[
        "Location"
    ].startswith("/")


def test_avif_renditions_come_first_when_a_photo_has_them(client):
    exhibition = build_exhibition(1)
    photo = exhibition.items.get().photo
    curation_services.photo_renditions_ensure(photo_id=photo.pk, specs=[imaging.RenditionSpec(320, "avif")])
    tags = Tags(client.get(detail_url(exhibition)).content.decode())
    # Twice: the cover and the plate.
    assert [source["type"] for source in tags.all("source")] == ["image/avif", "image/webp"] * 2
    assert tags.all("source")[0]["srcset"].endswith(".avif 320w")
