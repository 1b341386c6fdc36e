"""Consent benchmark: the publish gate on a 500-photo exhibition, and a withdrawal across 40 published ones.

    .venv/bin/python bench/consent.py            # about 15 s
    .venv/bin/python bench/consent.py --quick    # smoke run, a few seconds

Runs on the embedded defaults (SQLite, file cache) in a temporary directory. Photos are made directly as rows (the
gate and the snapshots only need their words); subjects, consent and exhibitions go through the services. Baselines,
measured in the same run on the same rows: the publish checks without the consent rule (what consent adds), a naive
consent rule that asks for each photo's people and each person's consent one by one, publishing one of the
exhibitions (what a withdrawal costs next to the publish it undoes), and loading a snapshot's photos and renditions
(what a public page pays anyway, next to the consent rule it now applies where it is served).
Writes var/bench/consent.json.
"""

from __future__ import annotations

import argparse
import atexit
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from _common import bench_workdir, private_django, runs_measured

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "consent.json"
PHOTOS = 500
PEOPLE = 200
SHOWS = 40
SHOW_PHOTOS = 60


def _photos(owner, count: int, start: int) -> list:
    from django.utils import timezone

    from curation.models import Photo

    now = timezone.now()
    return Photo.objects.bulk_create(
        Photo(
            owner=owner,
            original=f"originals/bench/{start + i}.jpg",
            original_filename=f"DSCF{start + i:05d}.JPG",
            content_hash=f"{start + i:064x}",
            width=2400,
            height=1600,
            title=f"Plate {start + i}",
            alt_text="A market stall piled with apples.",
            status=Photo.Status.READY,
            uploaded_at=now,
        )
        for i in range(count)
    )


def _measure(run: Callable[[], object], rounds: int) -> tuple[int, float]:
    """Queries of one run (the same every time) and the median wall time in ms over `rounds` runs."""
    queries, median_ms = runs_measured(run, rounds)
    assert len(set(queries)) == 1, f"query count varied between runs: {sorted(set(queries))}"
    return queries[0], median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke test")
    args = parser.parse_args()
    rounds = 3 if args.quick else 11

    workdir = bench_workdir("consent")
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    private_django("consent", workdir)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from curation import roles, subjects
    from curation.models import Consent, Photo, consent_web_gap
    from exhibitions import consent, publishing, sequencing, services
    from exhibitions.models import Exhibition, ExhibitionItem

    print(f"Seeding a {PHOTOS}-photo exhibition with {PEOPLE} people, and {SHOWS} published ones ...", flush=True)
    call_command("migrate", verbosity=0)
    groups = roles.roles_ensure()
    users = get_user_model().objects
    photographer = users.create(username="photographer", password=make_password(None))
    photographer.groups.add(groups[roles.PHOTOGRAPHERS])
    curator = users.create(username="curator", password=make_password(None))
    curator.groups.add(groups[roles.CURATORS])

    # --- The gate: 500 photos, 200 people in 2-3 photos each; most signed, some not asked with an override.
    photos = _photos(photographer, PHOTOS, 0)
    large = services.exhibition_create(owner=curator, title="Large")
    sequencing.exhibition_photos_add(exhibition=large, photos=photos)
    people = []
    for n in range(PEOPLE):
        shown_in = [photos[(n * 5 + k) % PHOTOS] for k in range(2 + n % 2)]
        person = subjects.subject_create(owner=photographer, name=f"Person {n}", photos=shown_in)
        if n % 10:
            subjects.consent_record(subject=person, actor=photographer, status=Consent.Status.SIGNED, scope_web=True)
        else:
            consent.consent_override_create(
                exhibition=large, subject=person, reason="Agreed on the day; the form follows.", actor=curator
            )
        people.append(person)

    def photo_items() -> list:
        return list(
            ExhibitionItem.objects.filter(exhibition=large, kind=ExhibitionItem.Kind.PHOTO)
            .select_related("photo")
            .order_by("position")
        )

    without_consent = [rule for rule in publishing.PUBLISH_RULES if rule is not consent.rule_consent]

    def gate() -> None:
        # What the publish page pays: publishing.publish_blockers loads the items and runs every rule.
        assert publishing.publish_blockers(large) == []

    def gate_without_consent() -> None:
        items = photo_items()
        assert not [b for rule in without_consent for b in rule(large, items)]

    def gate_naive() -> None:
        # The obvious rule: each photo's people, then each person's consent, one query at a time.
        items = photo_items()
        today = timezone.localdate()
        overridden = set(large.consent_overrides.active().values_list("subject_id", flat=True))
        for item in items:
            for person in item.photo.subjects.filter(kind="person"):
                record = Consent.objects.filter(subject=person).first()
                assert not consent_web_gap(record, today) or person.pk in overridden

    gate_ours = _measure(gate, rounds)
    gate_base = _measure(gate_without_consent, rounds)
    gate_slow = _measure(gate_naive, max(3, rounds // 3))

    # --- Withdrawal: 40 published exhibitions; each round one person in one of them withdraws.
    shows = []
    for n in range(SHOWS):
        show_photos = _photos(photographer, SHOW_PHOTOS, 10_000 + n * SHOW_PHOTOS)
        show = services.exhibition_create(owner=curator, title=f"Show {n}")
        sequencing.exhibition_photos_add(exhibition=show, photos=show_photos)
        shows.append((show, show_photos))
    withdrawing = []
    for n in range(rounds):
        show, show_photos = shows[n * 7 % SHOWS]
        person = subjects.subject_create(
            owner=photographer, name=f"Withdrawing {n}", photos=[show_photos[n], show_photos[n + 20]]
        )
        subjects.consent_record(subject=person, actor=photographer, status=Consent.Status.VERBAL, scope_web=True)
        withdrawing.append(person)
    for show, _unused in shows:
        publishing.exhibition_publish(exhibition=show, actor=curator, check_blockers=True)

    def withdraw() -> None:
        outcome = subjects.consent_withdraw(subject=withdrawing.pop(), actor=photographer)
        assert len(outcome.published_changed) == 1 and len(outcome.published_changed[0].photos) == 2

    touched = {n * 7 % SHOWS for n in range(rounds)}
    republish_targets = [show for n, (show, _unused) in enumerate(shows) if n not in touched]

    def publish_one() -> None:
        publishing.exhibition_publish(exhibition=republish_targets.pop(), actor=curator, check_blockers=True)

    take_down = _measure(withdraw, rounds)
    publish = _measure(publish_one, rounds)

    # --- The rule where pages are served: what a page pays to leave out whoever may not be shown now, against
    # loading the same snapshot's photos and renditions, which the page pays anyway.
    from exhibitions.snapshot import exhibition_snapshot_build, snapshot_photos_load
    from exhibitions.visibility import visible_snapshot, visible_snapshots

    large_snapshot = exhibition_snapshot_build(large)
    published = dict(Exhibition.objects.published().values_list("pk", "published_snapshot"))
    served_one = _measure(lambda: visible_snapshot(large.pk, large_snapshot), rounds)
    loaded_one = _measure(lambda: snapshot_photos_load(large_snapshot), rounds)
    served_all = _measure(lambda: visible_snapshots(published), rounds)
    every_item = {"items": [e for snap in published.values() for e in snap["items"] if e.get("kind") == "photo"]}
    loaded_all = _measure(lambda: snapshot_photos_load(every_item), rounds)
    assert Exhibition.objects.published().count() == SHOWS
    assert Photo.objects.count() == PHOTOS + SHOWS * SHOW_PHOTOS

    report = {
        "photos": PHOTOS,
        "people": PEOPLE,
        "gate_queries": gate_ours[0],
        "gate_ms": round(gate_ours[1], 2),
        "withdrawal_published_exhibitions": SHOWS,
        "withdrawal_queries": take_down[0],
        "withdrawal_ms": round(take_down[1], 2),
        "baselines": {
            "gate_without_consent_queries": gate_base[0],
            "gate_without_consent_ms": round(gate_base[1], 2),
            "naive_consent_gate_queries": gate_slow[0],
            "naive_consent_gate_ms": round(gate_slow[1], 2),
            f"publish_{SHOW_PHOTOS}_photos_queries": publish[0],
            f"publish_{SHOW_PHOTOS}_photos_ms": round(publish[1], 2),
        },
        "ratios": {
            "gate_over_gate_without_consent_ms": round(gate_ours[1] / gate_base[1], 2),
            "naive_over_ours_gate_ms": round(gate_slow[1] / gate_ours[1], 2),
            "naive_over_ours_gate_queries": round(gate_slow[0] / gate_ours[0], 2),
            "withdrawal_over_publish_ms": round(take_down[1] / publish[1], 2),
        },
        "served_check_500_photos_queries": served_one[0],
        "served_check_500_photos_ms": round(served_one[1], 2),
        f"served_check_{SHOWS}_published_queries": served_all[0],
        f"served_check_{SHOWS}_published_ms": round(served_all[1], 2),
        "served_baselines": {
            "load_500_photos_queries": loaded_one[0],
            "load_500_photos_ms": round(loaded_one[1], 2),
            f"load_{SHOWS}_published_photos_queries": loaded_all[0],
            f"load_{SHOWS}_published_photos_ms": round(loaded_all[1], 2),
        },
        "served_ratios": {
            "check_over_load_500_photos_ms": round(served_one[1] / loaded_one[1], 2),
            f"check_over_load_{SHOWS}_published_ms": round(served_all[1] / loaded_all[1], 2),
        },
        "rounds": rounds,
        "database": "sqlite",
    }
    print(f"\nPublish checks on {PHOTOS} photos showing {PEOPLE} people (median of {rounds}):")
    print(f"  with the consent rule     {gate_ours[0]:5d} queries  {gate_ours[1]:8.2f} ms")
    print(
        f"  without it                {gate_base[0]:5d} queries  {gate_base[1]:8.2f} ms"
        f"  (ours is {gate_ours[1] / gate_base[1]:.2f}x)"
    )
    print(
        f"  naive consent rule        {gate_slow[0]:5d} queries  {gate_slow[1]:8.2f} ms"
        f"  ({gate_slow[1] / gate_ours[1]:.1f}x ours)"
    )
    print(f"Withdrawal with {SHOWS} published exhibitions (median of {rounds}):")
    print(f"  take down 2 photos        {take_down[0]:5d} queries  {take_down[1]:8.2f} ms")
    print(
        f"  publish {SHOW_PHOTOS} photos, baseline {publish[0]:5d} queries  {publish[1]:8.2f} ms"
        f"  (withdrawal is {take_down[1] / publish[1]:.2f}x)"
    )
    print(f"The consent rule where pages are served (median of {rounds}):")
    print(
        f"  {PHOTOS} photos, {PEOPLE} people   {served_one[0]:5d} queries  {served_one[1]:8.2f} ms"
        f"  (loading its photos, baseline: {loaded_one[0]} queries {loaded_one[1]:.2f} ms; "
        f"{served_one[1] / loaded_one[1]:.2f}x)"
    )
    print(
        f"  {SHOWS} published at once    {served_all[0]:5d} queries  {served_all[1]:8.2f} ms"
        f"  (loading their photos, baseline: {loaded_all[0]} queries {loaded_all[1]:.2f} ms; "
        f"{served_all[1] / loaded_all[1]:.2f}x)"
    )
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWrote {RESULT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
