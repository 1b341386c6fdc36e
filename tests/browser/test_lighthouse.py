"""Lighthouse's accessibility and SEO audits on the Kazakh and Russian public pages: none fails.

Lighthouse (from npm, pinned, installed under var/ by the test) drives Debian's Chromium against the live server.
Performance is left out on purpose: timings belong in bench/, never in a test's pass or fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import chromium_path, tool_missing
from tests.support.npm import npm_package
from tests.support.trilingual import trilingual_exhibition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Lighthouse 13 needs Node 22; 12.2 runs on the Node 20 of Debian and of our machines.
LIGHTHOUSE = "12.2.3"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run --disable-dev-shm-usage"
)


def lighthouse(url: str, language: str) -> dict:
    chromium = chromium_path()
    node = shutil.which("node")
    if chromium is None or node is None:
        tool_missing("Lighthouse needs Chromium and Node.js (Debian packages 'chromium' and 'nodejs')")
    cli = npm_package("lighthouse", LIGHTHOUSE) / "cli" / "index.js"
    result = subprocess.run(
        [
            node,
            str(cli),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            "--only-categories=accessibility,seo",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--locale={language}",
            # The page's language as a returning visitor's choice; prefixed addresses carry it anyway.
            "--extra-headers",
            json.dumps({"Cookie": f"django_language={language}", "Accept-Language": language}),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def failures(report: dict) -> list[str]:
    """Every audit of the two categories that counts and did not pass, with what Lighthouse says of it."""
    failed = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in ("binary", "numeric") and audit["score"] is not None and audit["score"] < 1:
                failed.append(f"{category['id']}: {audit['id']} — {audit['title']}")
    return failed


# Every kind of public page in Kazakh; the exhibition and its viewer in Russian too (each run costs a Chromium).
PAGES = {"kk": ("home", "detail", "photo", "story"), "ru": ("detail", "photo")}


@pytest.mark.parametrize("language", sorted(PAGES))
def test_the_public_pages_pass_lighthouses_accessibility_and_seo_audits(live_server, language):
    exhibition = trilingual_exhibition()
    person = exhibition.published_snapshot["items"][-1]["subjects"][0]["id"]
    args = {"home": [], "detail": [exhibition.slug], "photo": [exhibition.slug, 1], "story": [person]}
    with translation.override(language):
        paths = [reverse(f"exhibitions:{name}", args=args[name]) for name in PAGES[language]]
    found = {}
    for path in paths:
        report = lighthouse(live_server.url + path, language)
        assert report["categories"]["accessibility"]["score"] is not None, path
        found[path] = failures(report)
    assert found == {path: [] for path in paths}
