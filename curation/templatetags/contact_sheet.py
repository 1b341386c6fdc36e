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

from curation.library import Cell, stars_label
from curation.models import Photo

register = template.Library()

_WAITING = '<span class="thumb thumb-waiting" role="img" aria-label="{label}"><span>{word}</span></span>'


@register.simple_tag(takes_context=True)
def contact_sheet_cells(context: template.Context, cells: list[Cell], query: str = "") -> SafeString:
    """The `<li>` of every cell: thumbnail, selection box, name, stars, flag, and a failure with its Retry.
    A click opens the loupe in the same filter and order (`query`)."""
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
    html = []
    for cell in cells:
        photo = cell.photo
        pk, rating, flag = photo.pk, photo.rating, escape(photo.flag)
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
            f'<li class="cell" id="photo-{pk}" data-photo="{pk}" data-status="{escape(photo.status)}"'
            f' data-rating="{rating}" data-flag="{flag}">\n'
            f'  <input class="cell-select" type="checkbox" name="photo" value="{pk}" id="select-{pk}" form="bulk">\n'
            f'  <label class="visually-hidden" for="select-{pk}">{escape(select % {"name": cell.title})}</label>\n'
            f'  <a class="cell-link" href="{loupe_head}/{pk}/{loupe_tail}">{thumbnail}</a>\n'
            f'  <div class="cell-meta">\n'
            f'    <span class="cell-name" title="{title}">{title}</span>\n'
            f'    <span class="marks"><span class="stars" data-stars role="img" aria-label="{stars[rating]}">'
            f'<span class="star-on" aria-hidden="true">{"★" * rating}</span>'
            f'<span class="star" aria-hidden="true">{"★" * (Photo.MAX_RATING - rating)}</span></span>\n'
            f'    <span class="flag flag-{flag or "none"}" data-flag-label>{flags.get(photo.flag, "")}</span></span>\n'
            f"  </div>{failure}\n"
            "</li>\n"
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value above went through escape()
