"""`<option>` lists for the library's menus, written in Python: a page offers a few hundred (tags, people and
recent uploads, some twice), and a template loop spent more on them than on the rest of the page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from html import escape
from typing import Any

from django import template
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe

from curation.library import stars_label
from curation.models import Photo

register = template.Library()


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any]], selected: Any = None) -> SafeString:
    """One `<option>` per (value, label), the chosen value selected; every value escaped as autoescape would."""
    chosen = "" if selected is None else str(selected)
    html = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == chosen else ""
        html.append(f'<option value="{escape(value)}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(html))  # noqa: S308 -- escaped above


@register.simple_tag
def batch_options(batches: Iterable[tuple[int, str, datetime]], selected: Any = None) -> SafeString:
    """Uploads as "25 Nov 2026, 17:55 · card 3", in local time; the month names are looked up once, not per row."""
    months = {m: dateformat.format(date(2000, m, 1), "M") for m in range(1, 13)}
    zone = timezone.get_current_timezone()  # once: timezone.localtime() looks it up again for every row
    labelled = []
    for pk, label, when in batches:
        local = when.astimezone(zone)
        text = f"{local.day} {months[local.month]} {local.year}, {local.hour:02d}:{local.minute:02d}"
        labelled.append((pk, f"{text} · {label}" if label else text))
    return options(labelled, selected)


@register.simple_tag
def star_options() -> SafeString:
    """The ratings from none to five stars, as a menu's options."""
    return options((n, stars_label(n)) for n in range(Photo.MAX_RATING + 1))


@register.simple_tag
def stars_data() -> SafeString:
    """`data-stars-0="0 stars" … data-stars-5="5 stars"`: the words the page's script says a rating with."""
    words = (f'data-stars-{n}="{escape(stars_label(n))}"' for n in range(Photo.MAX_RATING + 1))
    return mark_safe(" ".join(words))  # noqa: S308 -- escaped above
