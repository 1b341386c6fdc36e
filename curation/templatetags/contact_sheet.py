"""The contact sheet's cells, written in Python rather than in a template.

A library page shows a hundred cells. Rendered by Django's template engine they cost more than the page's
database work and the rest of its template together (bench/library.py); written here they cost a fifth.
Every value goes through html.escape, which is what Django's autoescape calls, and the markup is the one
library.js and library.css expect. The words are translated once per page, not once per cell.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from curation.bursts import StackPlace
from curation.library import Cell, stars_label
from curation.models import Photo

register = template.Library()

_WAITING = '<span class="thumb thumb-waiting" role="img" aria-label="{label}"><span>{word}</span></span>'


def _label_words() -> dict[str, str]:
    """What a screen reader hears for each colour label. The chip is drawn by CSS from the cell's data-label alone
    (so an unlabelled cell costs no markup); these words are written for labelled cells only, and the page's
    script writes them when a key changes the label."""
    return {value: escape(_("Colour label: %(colour)s") % {"colour": label}) for value, label in Photo.Label.choices}


@register.simple_tag
def label_words_data() -> SafeString:
    """`data-label-words-red="Colour label: Red" …`: the words the page's script says a new colour label with."""
    words = (f'data-label-words-{value}="{text}"' for value, text in _label_words().items() if value)
    return mark_safe(" ".join(words))  # noqa: S308 -- escaped in _label_words


class _Stacks:
    """The markup of bursts stacked on the page (curation/bursts.py): a badge "3/7" on every frame, a link that
    opens or closes the stack (the page's script does it in place), a button that keeps the frame and rejects the
    rest of its burst. A stack's frames other than its cover are written hidden and without the `cell` class,
    so that the grid's keys walk only the cells that show until the stack opens (`open_stack`, or the script)."""

    def __init__(self, request, stack_query: str, open_stack: int) -> None:
        self.open_stack = open_stack
        self.path = request.path if request is not None else ""
        self.query = stack_query
        # Read after the visible "3/7", so that the name a voice user says is the one on the screen.
        self.words = escape(_("frames of one burst: show or hide them"))
        self.pick = escape(_("Pick, reject the rest"))
        self.pick_head, _sep, self.pick_tail = reverse("curation:burst-pick", args=[0]).rpartition("/0/")
        self.next_path = request.get_full_path() if request is not None else ""

    def is_open(self, place: StackPlace) -> bool:
        return place.stack == self.open_stack

    def shown_as(self, place: StackPlace | None) -> str:
        """The `<li>`'s class: a cell, or a frame hidden in its closed stack."""
        if place is None or place.cover or self.is_open(place):
            return 'class="cell"'
        return 'class="stack-member" hidden'

    def attributes(self, place: StackPlace | None) -> str:
        if place is None:
            return ""
        marks = f' data-stack="{place.stack}" data-stack-position="{place.position}" data-stack-size="{place.size}"'
        if place.cover:
            marks += " data-stack-cover"
        if self.is_open(place):
            marks += " data-stack-open"
        return marks

    def badge_and_pick(self, place: StackPlace | None, pk: int) -> str:
        if place is None:
            return ""
        is_open = self.is_open(place)
        parts = [self.query] if self.query else []
        if not is_open:
            parts.append(f"open={place.stack}")
        href = escape(f"{self.path}?{'&'.join(parts)}#photo-{pk}" if parts else f"{self.path}#photo-{pk}")
        expanded = "true" if is_open else "false"
        fraction = f"{place.position}/{place.size}"
        pick_next = escape(f"{self.next_path.partition('#')[0]}#photo-{pk}")
        return (
            f'\n  <a class="stack-toggle" href="{href}" data-stack-toggle aria-expanded="{expanded}">'
            f'{fraction}<span class="visually-hidden"> {self.words}</span></a>'
            f'\n  <button class="link-button stack-pick" type="submit" form="bulk" data-stack-pick'
            f' formaction="{self.pick_head}/{pk}/{self.pick_tail}" name="next" value="{pick_next}">{self.pick}</button>'
        )


@register.simple_tag(takes_context=True)
def contact_sheet_cells(
    context: template.Context, cells: list[Cell], query: str = "", stack_query: str = "", open_stack: int = 0
) -> SafeString:
    """The `<li>` of every cell: thumbnail, selection box, name, stars, flag, colour label, its place in a stack
    of a burst, and a failure with its Retry. A click opens the loupe in the same filter and order (`query`)."""
    request = context.get("request")
    next_path = escape(request.get_full_path()) if request is not None else ""
    failed, processing = escape(_("Failed")), escape(_("Processing…"))
    processing_failed, retry = escape(_("Processing failed.")), escape(_("Retry"))
    select = _("Select %(name)s")
    stars = {n: escape(stars_label(n)) for n in range(Photo.MAX_RATING + 1)}
    flags = {value: escape(str(label)) for value, label in Photo.Flag.choices if value}  # no word for "none"
    retry_head, _sep, retry_tail = reverse("curation:photo-retry", args=[0]).rpartition("/0/")
    loupe_head, _sep, loupe_tail = (escape(part) for part in reverse("curation:loupe", args=[0]).rpartition("/0/"))
    loupe_tail += f"?{escape(query)}" if query else ""
    said = '<span class="visually-hidden" data-label-words>{}</span>'
    label_words = {value: said.format(words) for value, words in _label_words().items()}
    stacks = _Stacks(request, stack_query, open_stack)
    html = []
    for cell in cells:
        photo = cell.photo
        pk, rating, flag = photo.pk, photo.rating, escape(photo.flag)
        label = escape(getattr(photo, "label", ""))
        place = cell.stack
        title = cell.title
        if cell.thumb_jpeg:
            source = ""
            if cell.thumb_webp:
                srcset = f"{cell.thumb_webp}, {cell.thumb_webp_2x} 2x" if cell.thumb_webp_2x else cell.thumb_webp
                source = f'<source type="image/webp" srcset="{escape(srcset)}">'
            thumbnail = (
                f'<picture>{source}<img class="thumb" src="{escape(cell.thumb_jpeg)}"'
                f' alt="{escape(photo.alt_text or title)}" loading="lazy" decoding="async"></picture>'
            )
        else:
            word = failed if photo.status == Photo.Status.FAILED else processing
            thumbnail = _WAITING.format(label=escape(title), word=word)
        failure = ""
        if photo.status == Photo.Status.FAILED:
            reason = escape(photo.failure_reason)
            failure = (
                f'\n  <div class="cell-failure">\n    <span title="{reason}">{reason or processing_failed}</span>\n'
                f'    <button class="link-button" type="submit" form="bulk" formaction="{retry_head}/{pk}/{retry_tail}"'
                f' name="next" value="{next_path}">{retry}</button>\n  </div>'
            )
        title = escape(title)
        html.append(
            f'<li {stacks.shown_as(place)} id="photo-{pk}" data-photo="{pk}" data-status="{escape(photo.status)}"'
            f' data-rating="{rating}" data-flag="{flag}" data-label="{label}"{stacks.attributes(place)}>\n'
            f'  <input class="cell-select" type="checkbox" name="photo" value="{pk}" id="select-{pk}" form="bulk">\n'
            f'  <label class="visually-hidden" for="select-{pk}">{escape(select % {"name": cell.title})}</label>\n'
            f'  <a class="cell-link" href="{loupe_head}/{pk}/{loupe_tail}">{thumbnail}</a>'
            f"{stacks.badge_and_pick(place, pk)}\n"
            f'  <div class="cell-meta">\n'
            f'    <span class="cell-name" title="{title}">{title}</span>\n'
            f'    <span class="marks"><span class="stars" data-stars role="img" aria-label="{stars[rating]}">'
            f'<span class="star-on" aria-hidden="true">{"★" * rating}</span>'
            f'<span class="star" aria-hidden="true">{"★" * (Photo.MAX_RATING - rating)}</span></span>\n'
            f'    <span class="flag flag-{flag or "none"}" data-flag-label>{flags.get(photo.flag, "")}</span>'
            f"{label_words[photo.label] if label else ''}</span>\n"
            f"  </div>{failure}\n"
            "</li>\n"
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value above went through escape()
