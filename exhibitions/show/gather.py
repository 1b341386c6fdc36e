"""The physical show's documents' data, read from the exhibition as it is now: `show_document_data`.

Everything comes from the current draft sequence (a reorder, a new photo, a changed printed form or a narrowed
consent shows in the next document with no other action). Consent is decided by THE rule
(curation.people.rules), read in bulk the way the public pages read it (exhibitions.visibility), once for print
and once for exhibition; an active override of the exhibition counts where the rule lets an override count, as
on the web. A constant number of queries, whatever the number of works.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from curation.credits import credit_for
from curation.models import Rendition, renditions_storage
from curation.people.rules import Gap, Use, may_show
from curation.texts import first, languages, pick, text_map
from exhibitions.models import ConsentOverride, Exhibition, ExhibitionItem
from exhibitions.numbering import photo_numbers
from exhibitions.public import snapshot_photo_numbers as published_numbers
from exhibitions.show.models import ShowPlan
from exhibitions.show.presets import PRESETS, preset_form
from exhibitions.show.services import DEFAULT_PRESET, show_layout
from exhibitions.show.sheets import LabelText, ShowDocumentData, WorkRow, millimetres
from exhibitions.visibility import people_gaps

# The thumbnail drawn on the elevation and the checklist: the smallest JPEG at least this long (a 25 mm print at
# 300 dpi), else the largest smaller one.
THUMBNAIL_LONG_EDGE = 320
_USES = (Use.PRINT, Use.EXHIBITION)


def _words_of(use: Use) -> str:
    if use == Use.PRINT:
        return _("Shows %(name)s, whose consent does not cover print: %(why)s.")
    return _("Shows %(name)s, whose consent does not cover exhibitions: %(why)s.")


def _thumbnail(item: ExhibitionItem) -> str:
    """A data: URI of a small JPEG rendition, read through the renditions' storage (local disk or S3 alike), so the
    PDF renderer never fetches a URL."""
    renditions = sorted(item.photo.renditions.all(), key=lambda r: r.long_edge)
    if not renditions:
        return ""
    chosen = next((r for r in renditions if r.long_edge >= THUMBNAIL_LONG_EDGE), renditions[-1])
    try:
        with renditions_storage.open(chosen.file.name, "rb") as handle:
            content = handle.read()
    except OSError:
        return ""  # a rendition listed but gone from storage: the work is drawn without its picture
    return "data:image/jpeg;base64," + base64.b64encode(content).decode("ascii")


def _sizes(item: ExhibitionItem) -> dict[str, Any]:
    form = getattr(item, "work_form", None)
    if form is not None:
        return {
            "print_size_mm": (form.print_w_mm, form.print_h_mm),
            "image_size_mm": (form.image_w_mm, form.image_h_mm),
            "frame_size_mm": (form.frame_w_mm, form.frame_h_mm),
            "frame_depth_mm": form.frame_depth_mm or None,
            "hanger_drop_mm": form.hanger_drop_mm,
            "mat": millimetres(form.mat_mm) if form.mat_mm else "",
            "framing_notes": form.framing_notes,
            "edition": form.edition,
            "price": form.price,
            "currency": form.currency,
        }
    # No printed form yet: the size the layout used for it (services.DEFAULT_PRESET), so the documents agree.
    photo = item.photo
    aspect = photo.width / photo.height if photo.width and photo.height else None
    sizes = preset_form(PRESETS[DEFAULT_PRESET], aspect=aspect)
    return {
        "print_size_mm": (sizes["print_w_mm"], sizes["print_h_mm"]),
        "image_size_mm": (sizes["image_w_mm"], sizes["image_h_mm"]),
        "frame_size_mm": (sizes["frame_w_mm"], sizes["frame_h_mm"]),
        "frame_depth_mm": sizes.get("frame_depth_mm") or None,
        "hanger_drop_mm": sizes["hanger_drop_mm"],
        "mat": millimetres(sizes["mat_mm"]) if sizes.get("mat_mm") else "",
    }


def _items(exhibition: Exhibition) -> list[ExhibitionItem]:
    """The draft sequence now, each photo with its owner's credit, printed form and small JPEGs: two queries."""
    small = Rendition.objects.filter(format="jpeg", long_edge__lte=640).only(
        "id", "photo_id", "long_edge", "format", "file"
    )
    return list(
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk)
        .select_related("photo__owner__profile", "work_form")
        .prefetch_related(Prefetch("photo__renditions", queryset=small))
        .order_by("position")
    )


def _consent(
    exhibition: Exhibition, photo_ids: set[int], *, language: str, today: date
) -> dict[Use, dict[int, list[str]]]:
    """Per use, photo id -> the refusals in words of the people in it who may not be shown for that use ([] when
    everyone may). Three queries at most: the people and their consent once per use, then the overrides."""
    read = {use: people_gaps(photo_ids, set(), today, use) for use in _USES}
    blocked = {pk for _people, gaps, _names in read.values() for pk, gap in gaps.items() if gap}
    overridable = {
        pk for _people, gaps, _names in read.values() for pk, gap in gaps.items() if may_show(gap, overridden=True)
    }
    overridden: set[int] = set()
    if blocked & overridable:
        overridden = set(
            ConsentOverride.objects.active()
            .filter(exhibition_id=exhibition.pk, subject_id__in=blocked & overridable)
            .values_list("subject_id", flat=True)
        )
    result: dict[Use, dict[int, list[str]]] = {}
    for use, (people, gaps, names) in read.items():
        refusals: dict[int, list[str]] = {}
        for photo_id, subject_ids in people.items():
            for subject_id in sorted(subject_ids):
                gap = gaps.get(subject_id, "")
                if may_show(gap, overridden=subject_id in overridden):
                    continue
                name = pick(names.get(subject_id, {}), language, exhibition.default_language)
                refusals.setdefault(photo_id, []).append(
                    _words_of(use) % {"name": name or _("a person without a public name"), "why": Gap(gap).label}
                )
        result[use] = refusals
    return result


def _public_urls(
    exhibition: Exhibition, items: list[ExhibitionItem], *, base_url: str, language: str
) -> dict[int, str]:
    """Item id -> the photo's public page in `language`, absolute: its published address when the published
    snapshot shows it (numbers are frozen with the snapshot), else the address it will have once the draft as it is
    now is published (the exhibition's future address)."""
    published = published_numbers(exhibition.published_snapshot or {}) if exhibition.is_published else {}
    draft = photo_numbers(items)
    base = base_url.rstrip("/")
    urls = {}
    with translation.override(language):
        for item in items:
            if item.kind != ExhibitionItem.Kind.PHOTO:
                continue
            number = published.get(item.photo_id) or draft[item.pk]
            urls[item.pk] = base + reverse("exhibitions:photo", args=[exhibition.slug, number])
    return urls


def _label_texts(item: ExhibitionItem, default_language: str) -> tuple[LabelText, ...]:
    """The title and caption in every language written, the exhibition's default language first, then the site's
    order (a visitor reads the show's own language at the top of every label)."""
    # The exhibition's own words replace the photographer's as a whole, as on the public pages (snapshot.py).
    titles = text_map(item, "title") or text_map(item.photo, "title")
    captions = text_map(item, "caption") or text_map(item.photo, "caption")
    order = [default_language, *languages()]
    codes = [code for i, code in enumerate(order) if code and code not in order[:i]]
    return tuple(
        LabelText(language=code, title=titles.get(code, ""), caption=captions.get(code, ""))
        for code in codes
        if titles.get(code) or captions.get(code)
    )


def show_document_data(exhibition: Exhibition, *, language: str, base_url: str = "") -> ShowDocumentData:
    """Everything the six documents show, for `exhibition` as its draft is now, written in `language` (titles and
    captions fall back to the exhibition's default language, then any). `base_url` ("https://photos.example.org")
    makes the QR codes' addresses absolute."""
    # Our own words in it ("Untitled", "mm", the consent's reasons) in the document's language, not the curator's.
    with translation.override(language):
        return _show_document_data(exhibition, language=language, base_url=base_url)


def _show_document_data(exhibition: Exhibition, *, language: str, base_url: str) -> ShowDocumentData:
    today = timezone.localdate()
    default = exhibition.default_language
    walls = show_layout(exhibition)
    items = _items(exhibition)
    numbers = photo_numbers(items)
    photos = [item for item in items if item.kind == ExhibitionItem.Kind.PHOTO]
    consent = _consent(exhibition, {item.photo_id for item in photos}, language=language, today=today)
    urls = _public_urls(exhibition, items, base_url=base_url, language=language)
    venue = ShowPlan.objects.filter(exhibition_id=exhibition.pk).values_list("venue__name", flat=True).first()
    rows = []
    for item in photos:
        photo = item.photo
        title = first(text_map(item, "title"), text_map(photo, "title"), language=language, default_language=default)
        caption = first(
            text_map(item, "caption"), text_map(photo, "caption"), language=language, default_language=default
        )
        print_refusals = consent[Use.PRINT].get(photo.pk, [])
        exhibition_refusals = consent[Use.EXHIBITION].get(photo.pk, [])
        rows.append(
            WorkRow(
                work_id=item.pk,
                number=str(numbers[item.pk]),
                title=str(title) or _("Untitled"),
                caption=str(caption),
                credit=str(credit_for(photo.owner, language, default)),
                **_sizes(item),
                print_allowed=not print_refusals,
                print_refusal=" ".join(print_refusals),
                exhibition_allowed=not exhibition_refusals,
                exhibition_refusal=" ".join(exhibition_refusals),
                thumbnail=_thumbnail(item),
                public_url=urls.get(item.pk, ""),
                original_px=(photo.width, photo.height) if photo.width and photo.height else None,
                file_name=photo.original_filename,
                label_texts=_label_texts(item, default),
            )
        )
    return ShowDocumentData(
        title=str(pick(text_map(exhibition, "title"), language, default)),
        language=language,
        walls=walls,
        works=rows,
        venue=venue or "",
    )
