"""A museum's IIIF viewer on another site opens a published exhibition's manifest: Mirador, from npm, served by a
small static server on another port (another origin, so CORS is exercised for real), nothing from any CDN."""

from __future__ import annotations

import base64
import hashlib
import http.server
import shutil
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from exhibitions import sequencing
from exhibitions.models import Exhibition, ExhibitionItem
from tests.conftest import ROOT, screenshot, tool_missing, wait_until
from tests.support.gallery import build_exhibition, publish_now

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Mirador's standalone build (React and OpenSeadragon bundled in), pinned by version and by the registry's digest.
MIRADOR = "mirador@4.0.0"
MIRADOR_INTEGRITY = "sha512-uWsE9e2oqSc/lUu+vVwDGhTsycuhGsfZ2KfX6CLfXiT3wgGy6qT9+q5M3V9Zz72hkdIgsJugKesaowmRtYmvrA=="
VIEWER_DIR = ROOT / "var" / "iiif-viewer" / MIRADOR.replace("@", "-")

LABELS = {"en": "Green Bazaar", "ru": "Зелёный базар", "kk": "Көк базар"}
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A IIIF viewer on another site</title></head>
<body style="margin:0">
<div id="viewer" style="position:absolute;inset:0"></div>
<script src="mirador.min.js"></script>
<script>
  const query = new URLSearchParams(location.search);
  // Mirador has no Russian or Kazakh of its own: listed here, its menus stay English, and its language decides
  // which of the manifest's languages it shows.
  window.mirador = Mirador.viewer({
    id: "viewer",
    language: query.get("language"),
    availableLanguages: %(languages)s,
    windows: [{manifestId: query.get("manifest"), thumbnailNavigationPosition: "far-bottom"}],
    window: {allowClose: false, sideBarOpen: false},
  });
</script>
</body>
</html>
"""


def _mirador_fetch(target: Path) -> None:
    """Fetch Mirador's package from the npm registry and keep its standalone build (and licence) in `target`.

    `npm pack` downloads the package alone: its built file bundles everything it needs, while `npm install` would
    add 200 packages (some 375 MB) that the built file does not use.
    """
    npm = shutil.which("npm")
    if npm is None:
        tool_missing("the IIIF viewer fetches Mirador from the npm registry, which needs npm (Debian package 'npm')")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        subprocess.run(
            [npm, "pack", MIRADOR, "--pack-destination", work, "--no-audit", "--no-fund", "--silent"],
            check=True,
            capture_output=True,
            timeout=300,
        )
        (archive,) = Path(work).glob("*.tgz")
        digest = "sha512-" + base64.b64encode(hashlib.sha512(archive.read_bytes()).digest()).decode()
        assert digest == MIRADOR_INTEGRITY, f"{MIRADOR} from the registry is not the package pinned here"
        unpacked = Path(work) / "unpacked"
        unpacked.mkdir()
        with tarfile.open(archive) as package:
            for name in ("package/dist/mirador.min.js", "package/LICENSE"):
                (unpacked / Path(name).name).write_bytes(package.extractfile(name).read())
        # Whole or not at all: a run stopped half-way leaves no file a later run would take as complete.
        if not target.exists():
            unpacked.rename(target)


@pytest.fixture(scope="session")
def mirador() -> Path:
    """Mirador's standalone build, fetched once into the project's var/ folder (not in git)."""
    if not (VIEWER_DIR / "mirador.min.js").exists():
        _mirador_fetch(VIEWER_DIR)
    return VIEWER_DIR / "mirador.min.js"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the name the base class gives it
        pass


@pytest.fixture(scope="session")
def viewer_site(mirador: Path, tmp_path_factory) -> Iterator[str]:
    """The viewer's page and Mirador, on 127.0.0.1 at a port of their own: another origin than the live server."""
    site = tmp_path_factory.mktemp("viewer-site")
    shutil.copy(mirador, site / "mirador.min.js")
    languages = "{" + ", ".join(f'{code}: "{name}"' for code, name in LANGUAGE_NAMES.items()) + "}"
    (site / "index.html").write_text(PAGE % {"languages": languages}, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def show() -> Exhibition:
    """Three photos, the last two in a chapter; titled in English, Russian and Kazakh."""
    exhibition = build_exhibition(3, size=(1200, 800), title="Green Bazaar", publish=False)
    Exhibition.objects.filter(pk=exhibition.pk).update(title_ru=LABELS["ru"], title_kk=LABELS["kk"])
    sequencing.exhibition_section_add(exhibition=exhibition, title="Evening", position=1)
    ExhibitionItem.objects.filter(exhibition=exhibition, title_en="Evening").update(title_ru="Вечер", title_kk="Кеш")
    publish_now(exhibition)
    return exhibition


def only_loopback(page) -> list[str]:
    """Let the page reach 127.0.0.1 only; the addresses of everything else it tried, refused."""
    refused: list[str] = []

    def route(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return refused


def title(page) -> str:
    return page.locator(".mirador-window-top-bar h2").first.inner_text().strip()


def test_mirador_on_another_site_shows_every_photo_and_the_title_in_the_language_chosen(
    page, live_server, viewer_site, show
):
    server = live_server.url.replace("localhost", "127.0.0.1")
    manifest = server + reverse("iiif:manifest", args=[show.slug])
    refused = only_loopback(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    loaded: dict[str, int] = {}
    page.on("response", lambda response: loaded.__setitem__(response.url, response.status))

    # The first photo in the main view comes from its largest public rendition.
    first = show.items.filter(photo__isnull=False).order_by("position").first().photo
    largest = server + first.renditions.filter(format="jpeg").order_by("-width", "long_edge").first().file.url
    with page.expect_response(lambda response: response.url == largest, timeout=20_000) as main_view:
        page.goto(f"{viewer_site}/index.html?" + urlencode({"manifest": manifest, "language": "en"}))
    assert main_view.value.status == 200
    wait_until(lambda: title(page) == LABELS["en"], timeout=20, message="the English title")
    assert loaded[manifest] == 200

    # A thumbnail for each photo, each loaded.
    thumbnails = page.locator(".mirador-thumbnail-nav-canvas")
    wait_until(lambda: thumbnails.count() == 3, timeout=20, message="three thumbnails")
    wait_until(
        lambda: (
            page.evaluate(
                """() => [...document.querySelectorAll('.mirador-thumbnail-nav-canvas img')]
                 .filter(img => img.complete && img.naturalWidth > 0).length"""
            )
            == 3
        ),
        timeout=20,
        message="the thumbnails to load",
    )
    screenshot(page, "iiif-mirador-en")

    # Mirador's own language menu: the title follows, from the manifest's language map.
    for code in ("ru", "kk"):
        page.get_by_role("button", name="Workspace settings").click()
        page.get_by_role("menuitem", name="Language").click()
        page.locator(f'li[lang="{code}"]').click()
        page.keyboard.press("Escape")  # the language menu, then the settings menu
        page.keyboard.press("Escape")
        wait_until(lambda code=code: title(page) == LABELS[code], timeout=10, message=f"the title in {code}")
    screenshot(page, "iiif-mirador-kk")

    assert refused == [], f"the viewer tried to reach other hosts: {refused}"
    assert all(status == 200 for url, status in loaded.items() if url.startswith(server)), loaded
    # Mirador 4 on React 19 says this of its own code, whatever it shows.
    errors = [e for e in errors if not e.startswith("Accessing element.ref was removed in React 19.")]
    assert errors == [], errors
