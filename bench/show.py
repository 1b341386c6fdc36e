"""Physical show benchmark: every document of a 40-work show on 6 walls, against the public page of the same show.

    .venv/bin/python bench/show.py            # about a minute
    .venv/bin/python bench/show.py --quick    # smoke run, one round

Runs on the embedded defaults (SQLite, file cache) in a temporary directory. The photos' rows and small rendition
files are made directly (the documents inline the small JPEGs, read through the renditions' storage); the
exhibition, venue, walls, printed forms and publication go through the services. Measured in the same run, as the
studio serves them: the six PDFs (each download reads the draft afresh), the layout alone, the documents' data alone
and each PDF's rendering alone; the baseline is the public exhibition page of the same show, rendered uncached
(every cache cleared before each request). Writes var/bench/show.json.
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from _common import bench_workdir, private_django, runs_measured

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "show.json"
WORKS = 40
WALLS = [  # name, length, openings (kind, offset, width, bottom, height), mm; 3 m high
    ("North", 9000, [("door", 7800, 900, 0, 2100)]),
    ("East", 6000, [("window", 2000, 1500, 900, 1400)]),
    ("South", 9000, [("radiator", 3000, 1200, 150, 600)]),
    ("West", 6000, []),
    ("Annex left", 4500, [("door", 200, 900, 0, 2100)]),
    ("Annex right", 4500, []),
]
PRESETS = ("30x40", "40x50", "50x70", "a3")


def _seed():
    """A published exhibition of WORKS photos hung on WALLS, six people (two agreed to the web only)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from curation import roles
    from curation.models import Consent, Photo, Rendition, Subject, renditions_storage
    from exhibitions import publishing, sequencing, services
    from exhibitions.show import services as show

    groups = roles.roles_ensure()
    users = get_user_model().objects
    photographer = users.create(username="photographer", first_name="Aigerim", password=make_password(None))
    photographer.groups.add(groups[roles.PHOTOGRAPHERS])
    curator = users.create(username="curator", password=make_password(None))
    curator.groups.add(groups[roles.CURATORS])
    people = [
        Subject.objects.create(owner=photographer, name=f"Seller {i}", public_name=f"Person {i}") for i in range(6)
    ]
    # Everyone agreed to the web (the page shows them); two of them not to print or exhibitions: their works are
    # listed as blocked in the documents, which is part of the work measured.
    Consent.objects.bulk_create(
        Consent(
            subject=person,
            status=Consent.Status.SIGNED,
            scope_web=True,
            scope_print=i >= 2,
            scope_exhibition=i >= 2,
        )
        for i, person in enumerate(people)
    )
    now = timezone.now()
    photos = Photo.objects.bulk_create(
        Photo(
            owner=photographer,
            original=f"originals/bench/{i}.jpg",
            original_filename=f"DSCF{1000 + i}.JPG",
            content_hash=f"{i:064x}",
            width=6000 if i % 4 else 4000,
            height=4000 if i % 4 else 6000,
            taken_at=now,
            title_en=f"Plate {i}",
            title_kk=f"Сурет {i}",
            title_ru=f"Снимок {i}",
            caption_en="Apples from her own garden in Talgar, thirty years at the same stall.",
            caption_kk="Талғардағы өз бағының алмалары, бір дүңгіршекте отыз жыл.",
            caption_ru="Яблоки из её сада в Талгаре, тридцать лет за одним прилавком.",
            alt_text="A market stall piled with red and yellow apples under a striped awning.",
            status=Photo.Status.READY,
            uploaded_at=now,
        )
        for i in range(WORKS)
    )
    for photo in photos[::5]:
        photo.subjects.add(people[photo.pk % len(people)])
    renditions = []
    for photo in photos:
        for edge in (320, 640, 1024):
            buffer = io.BytesIO()
            size = (edge, edge * 2 // 3) if photo.width > photo.height else (edge * 2 // 3, edge)
            Image.new("RGB", size, (photo.pk * 37 % 256, 90, 60)).save(buffer, "JPEG", quality=80)
            name = renditions_storage.save(f"bench/{photo.pk}-{edge}.jpg", ContentFile(buffer.getvalue()))
            renditions.append(
                Rendition(
                    photo=photo,
                    spec=f"{edge}.jpeg",
                    long_edge=edge,
                    format="jpeg",
                    file=name,
                    width=size[0],
                    height=size[1],
                    size=len(buffer.getvalue()),
                )
            )
    Rendition.objects.bulk_create(renditions)

    exhibition = services.exhibition_create(owner=curator, title="Resilience and community")
    items = []
    for start in range(0, WORKS, 10):
        sequencing.exhibition_section_add(exhibition=exhibition, title=f"Chapter {start // 10 + 1}")
        items += sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos[start : start + 10])
    publishing.exhibition_publish(exhibition=exhibition)

    venue = show.venue_create(owner=curator, name="Green Bazaar, upper floor")
    for name, length, openings in WALLS:
        wall = show.wall_add(venue=venue, name=name, length_mm=length, height_mm=3000)
        for kind, offset, width, bottom, height in openings:
            show.opening_add(wall=wall, kind=kind, offset_mm=offset, width_mm=width, bottom_mm=bottom, height_mm=height)
    show.show_plan_set(exhibition=exhibition, venue=venue, chapter_starts_wall=False)
    for i, item in enumerate(items):
        show.work_form_set(
            item=item, preset=PRESETS[i % len(PRESETS)], edition=f"{i % 5 + 1}/5", price=150000 + i * 1000, currency="₸"
        )
    exhibition.refresh_from_db()
    return exhibition, curator


def _measure(run: Callable[[], object], rounds: int) -> tuple[int, float]:
    """Queries of the last run and the median wall time in ms over `rounds` runs."""
    queries, median_ms = runs_measured(run, rounds)
    return queries[-1], median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round, for a smoke test")
    args = parser.parse_args()
    rounds = 1 if args.quick else 3

    # WeasyPrint logs each step, and its font subsetting (fontTools) every table dropped, at INFO: not our output.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    workdir = bench_workdir("show")
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    private_django("show", workdir)
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from exhibitions.show.document_views import DOCUMENTS, document_pdf
    from exhibitions.show.gather import show_document_data
    from exhibitions.show.services import show_layout

    print(f"Seeding a {WORKS}-work show on {len(WALLS)} walls in {workdir} ...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    exhibition, curator = _seed()
    layouts = show_layout(exhibition)
    hung = sum(len(layout.placements) for layout in layouts)
    assert hung == WORKS, f"only {hung} of {WORKS} works hang: make the walls longer"

    studio = Client(HTTP_ACCEPT_LANGUAGE="en")
    studio.force_login(curator)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        public_path = reverse("exhibitions:detail", args=[exhibition.slug])

    def download(kind: str) -> Callable[[], None]:
        path = reverse("studio:show-document", args=[exhibition.pk, kind]) + "?lang=en"

        def get() -> None:
            response = studio.get(path)
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), (kind, response.status_code)

        return get

    def public_page() -> None:
        for cache in caches.all():
            cache.clear()
        response = visitor.get(public_path)
        assert response.status_code == 200 and b"Plate 39" in response.content, response.status_code

    # Warm: templates compiled, the fonts decoded to TrueType once for this install (var/pdf-fonts), the session.
    first_ms = _measure(download("labels"), 1)[1]
    public_page()

    downloads = {kind: _measure(download(kind), rounds) for kind in DOCUMENTS}
    layout_q, layout_ms = _measure(lambda: show_layout(exhibition), rounds)
    data = show_document_data(exhibition, language="en", base_url="https://photos.example.org/")
    gather_q, gather_ms = _measure(
        lambda: show_document_data(exhibition, language="en", base_url="https://photos.example.org/"), rounds
    )
    renders = {kind: _measure(lambda kind=kind: document_pdf(data, kind, paper="A4"), rounds)[1] for kind in DOCUMENTS}
    page_q, page_ms = _measure(public_page, rounds)

    documents_ms = sum(ms for _q, ms in downloads.values())
    render_ms = sum(renders.values())
    gathers_ms = gather_ms * len(DOCUMENTS)  # each download reads the draft afresh
    slowest = max(renders, key=renders.get)
    parts_ms = render_ms + gathers_ms  # measured apart, so their sum differs a little from the downloads'
    if render_ms >= gathers_ms:
        dominant = (
            f"PDF rendering (WeasyPrint), {render_ms / parts_ms:.0%} of the parts' time (the data read six times: "
            f"{gathers_ms / parts_ms:.0%}); the slowest document is {slowest} ({renders[slowest]:.0f} ms)"
        )
    else:
        dominant = f"reading the data six times, {gathers_ms / parts_ms:.0%} of the parts' time"
    report = {
        "works": WORKS,
        "walls": len(WALLS),
        "rounds": rounds,
        "database": "sqlite",
        "documents_ms": round(documents_ms, 1),
        "downloads": {kind: {"queries": q, "ms": round(ms, 1)} for kind, (q, ms) in downloads.items()},
        "first_download_ms": round(first_ms, 1),
        "layout": {"queries": layout_q, "ms": round(layout_ms, 2)},
        "data": {"queries": gather_q, "ms": round(gather_ms, 2)},
        "render_ms": {kind: round(ms, 1) for kind, ms in renders.items()},
        "pages": {kind: _page_count(document_pdf(data, kind, paper="A4")) for kind in DOCUMENTS},
        "baseline": {"public_page_uncached_queries": page_q, "public_page_uncached_ms": round(page_ms, 2)},
        "ratios": {"documents_over_public_page_ms": round(documents_ms / page_ms, 1)},
        "dominant": dominant,
    }

    print(f"\nEvery document of a {WORKS}-work show on {len(WALLS)} walls, as downloaded (median of {rounds}):")
    for kind, (q, ms) in downloads.items():
        print(f"  {kind:14s} {q:4d} queries  {ms:8.1f} ms  (rendering alone {renders[kind]:7.1f} ms)")
    print(f"  all six                     {documents_ms:8.1f} ms")
    print(f"  the first download, cold    {first_ms:8.1f} ms  (fonts decoded once per install)")
    print(f"Parts: layout {layout_ms:.1f} ms ({layout_q} queries)")
    print(f"       documents' data {gather_ms:.1f} ms ({gather_q} queries), read again by each download")
    print(f"Baseline: the public exhibition page, uncached  {page_q} queries  {page_ms:.1f} ms")
    print(f"  ratio all six documents / public page: {documents_ms / page_ms:.1f}")
    print(f"  dominant: {dominant}")
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWrote {RESULT_PATH.relative_to(ROOT)}")


def _page_count(pdf: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as read:
        return len(read.pages)


if __name__ == "__main__":
    main()
