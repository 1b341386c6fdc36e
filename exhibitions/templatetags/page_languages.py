"""The public page's other languages: {% language_alternates as alternates %} (hreflang links) and
{% og_locales as og %} (OpenGraph's og:locale and its alternates). See exhibitions/languages.py."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from exhibitions import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[languages.Alternate]:
    request = context.get("request")
    return languages.alternates(request) if request is not None else []


@register.simple_tag
def og_locales() -> dict[str, Any]:
    locale, others = languages.og_locales(get_language() or "")
    return {"locale": locale, "alternates": others}
