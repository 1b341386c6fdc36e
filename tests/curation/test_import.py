"""manage.py import_photos: a folder of Pillow-drawn files, a broken one and a duplicate, through the upload rules."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from curation.models import Photo, Rendition, UploadBatch
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(tmp_path: Path) -> Path:
    """A memory card: photos in two folders, a copy of one, a PDF, and the system files a Mac leaves behind."""
    dcim = tmp_path / "DCIM" / "100FUJI"
    dcim.mkdir(parents=True)
    first = factories.jpeg_bytes(size=(640, 480))
    (dcim / "DSCF0001.JPG").write_bytes(first)
    (dcim / "DSCF0002.JPG").write_bytes(factories.jpeg_bytes(size=(640, 480)))
    (dcim / "DSCF0003.JPG").write_bytes(first)  # the same frame twice
    later = tmp_path / "DCIM" / "101FUJI"
    later.mkdir()
    (later / "DSCF0101.JPG").write_bytes(factories.jpeg_bytes(size=(480, 640)))
    (later / "notes.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
    (dcim / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (dcim / "._DSCF0001.JPG").write_bytes(b"\0\5\26\7")
    return tmp_path


def run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_photos", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_card_is_imported_with_one_json_line_per_file(card):
    owner = factories.photographer(username="aigerim")
    out, err = run(card, owner="aigerim", json=True)
    lines = [json.loads(line) for line in out.splitlines()]
    by_name = {Path(line["path"]).name: line for line in lines}
    assert list(by_name) == ["DSCF0001.JPG", "DSCF0002.JPG", "DSCF0003.JPG", "DSCF0101.JPG", "notes.pdf"]
    assert [by_name[n]["status"] for n in by_name] == ["imported", "imported", "duplicate", "imported", "refused"]
    assert by_name["notes.pdf"]["reason"] == "Not a photo: this is a PDF file."
    assert by_name["notes.pdf"]["photo_id"] is None
    assert by_name["DSCF0003.JPG"]["photo_id"] == by_name["DSCF0001.JPG"]["photo_id"]
    assert by_name["DSCF0003.JPG"]["reason"] == "Already in your library."
    assert by_name["DSCF0001.JPG"]["processing"] == "pending" and by_name["DSCF0001.JPG"]["renditions"] == []
    assert err == ""  # no progress bar with --json
    photos = Photo.objects.filter(owner=owner)
    assert photos.count() == 3
    batch = UploadBatch.objects.get(owner=owner)
    assert batch.source == UploadBatch.Source.IMPORT and set(photos.values_list("batch", flat=True)) == {batch.pk}


def test_importing_again_stores_nothing_twice(card):
    factories.photographer(username="aigerim")
    run(card, owner="aigerim", json=True)
    out, _ = run(card, owner="aigerim", json=True)
    statuses = [json.loads(line)["status"] for line in out.splitlines()]
    assert statuses == ["duplicate", "duplicate", "duplicate", "duplicate", "refused"]
    assert Photo.objects.count() == 3


def test_without_json_a_progress_line_per_file_goes_to_stderr_and_a_summary_to_stdout(card):
    factories.photographer(username="aigerim")
    out, err = run(card / "DCIM" / "101FUJI", card / "DCIM" / "100FUJI" / "DSCF0002.JPG", owner="aigerim")
    assert err.splitlines() == [
        "[1/3] imported  DSCF0101.JPG",
        "[2/3] refused   notes.pdf",
        "[3/3] imported  DSCF0002.JPG",
    ]
    assert "refused" in out and "notes.pdf: Not a photo: this is a PDF file." in out
    assert "Imported 2, already in the library 0, refused 1." in out
    assert "/library/?batch=" in out


def test_the_progress_bar_redraws_in_place_on_a_terminal(card):
    from curation.management.commands.import_photos import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def write(self, text: str, ending: str = "\n") -> None:
            super().write(text + ending)

    screen = Terminal()
    bar = Progress(screen, total=2, total_bytes=3 * 1024 * 1024)
    bar.step(1, 1024 * 1024, "DSCF0001.JPG", "imported")
    bar.step(2, 2 * 1024 * 1024, "DSCF0002.JPG", "imported")
    drawn = screen.getvalue()
    assert drawn.startswith("\r[##############··············] 1/2 · 1.0 MB/3.0 MB · DSCF0001.JPG")
    assert "\r[############################] 2/2 · 3.0 MB/3.0 MB · DSCF0002.JPG" in drawn and drawn.endswith("\n")


def test_a_wrong_owner_or_path_stops_before_anything_is_imported(card):
    factories.curator(username="daniyar")
    factories.photographer(username="aigerim")
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run(card, owner="nobody")
    with pytest.raises(CommandError, match="daniyar is not a photographer"):
        run(card, owner="daniyar")
    with pytest.raises(CommandError, match="Not found"):
        run(card, card / "missing", owner="aigerim")
    assert not Photo.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_wait_returns_when_the_workers_are_done_and_lists_the_renditions_made(tmp_path, celery_worker):
    factories.photographer(username="aigerim")
    good = factories.jpeg_bytes(size=(800, 600))
    (tmp_path / "good.jpg").write_bytes(good)
    whole = factories.jpeg_bytes(size=(1600, 1200))
    # Cut halfway through the scan (the compressed pixels after the start-of-scan marker): the header is whole, so
    # the import accepts the file on it, and only decoding, in the worker, finds the end missing.
    scan = whole.index(b"\xff\xda")
    (tmp_path / "cut.jpg").write_bytes(whole[: scan + (len(whole) - scan) // 2])
    out, _ = run(tmp_path, owner="aigerim", json=True, wait=True, timeout=60)
    lines = {Path(line["path"]).name: line for line in map(json.loads, out.splitlines())}
    assert lines["good.jpg"]["processing"] == "ready"
    names = lines["good.jpg"]["renditions"]
    assert len(names) == 10 and all(storages["renditions"].exists(name) for name in names)
    cut_line = lines["cut.jpg"]
    # Imported, then failed by the worker: --wait reports the final status and the worker's reason.
    assert cut_line["photo_id"] == Photo.objects.get(original_filename="cut.jpg").pk
    assert (cut_line["status"], cut_line["processing"], cut_line["renditions"]) == ("failed", "failed", [])
    assert cut_line["reason"] == "The file is cut short — copy it from the card again."
    # The run's thumbnails all came before its full sets.
    thumbnails = Rendition.objects.filter(spec="320.jpeg")
    full_sets = Rendition.objects.exclude(spec__startswith="320.")
    assert max(r.created_at for r in thumbnails) <= min(r.created_at for r in full_sets)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_wait_reports_each_photo_of_a_card_once_every_one_is_ready_or_failed(tmp_path, celery_worker):
    factories.photographer(username="aigerim")
    for i in range(6):
        (tmp_path / f"DSCF{i:04d}.JPG").write_bytes(factories.jpeg_bytes(size=(1600, 1200)))
    whole = factories.jpeg_bytes(size=(1600, 1200))
    (tmp_path / "DSCF0099.JPG").write_bytes(whole[: len(whole) * 3 // 4])  # cut inside its pixel data
    out, _ = run(tmp_path, owner="aigerim", wait=True, timeout=90)
    assert "Imported 7, already in the library 0, refused 0." in out
    assert "failed    DSCF0099.JPG: The file is cut short" in out
    assert "Renditions: 6 ready, 1 failed." in out
