"""Language names for the switchers (each language named in itself, the way its speakers look for it), and the
`lang` attribute of a text shown in another language than its page's."""

from datetime import date

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, get_language_info

from curation import texts

register = template.Library()

# Django's name_local for Kazakh is the adjective "Қазақ"; the language is "Қазақша" (as "Русский" is Russian).
_ENDONYMS = {"kk": "Қазақша"}


@register.filter
def endonym(code: str) -> str:
    return _ENDONYMS.get(code) or get_language_info(code)["name_local"]


@register.filter
def lang_attr(text: object) -> str:
    """` lang="xx"` for a text written in another language than the page's (a fallback), so that screen readers
    read it in its own language; "" otherwise. Takes a `curation.texts.Text`; plain strings get nothing."""
    code = lang_attr_code(text)
    return format_html(' lang="{}"', code) if code else ""


@register.filter
def lang_attr_code(text: object) -> str:
    """The language code of a text shown in another language than its page's ("" otherwise), for an attribute
    written by hand (an image's `lang`, which covers its alt text)."""
    code = getattr(text, "lang", "")
    return "" if not code or code == (get_language() or "").split("-")[0] else code


@register.filter
def lang_span(text: object) -> str:
    """The text, escaped, in a `<span lang="xx">` when it is written in another language than the page's: for a text
    inside a sentence of the page's own, with no element to carry the attribute ("Фото: <span lang="ru">…</span>")."""
    code = lang_attr_code(text)
    return format_html('<span lang="{}">{}</span>', code, text) if code else conditional_escape(text)


@register.filter
def long_date(value: date | None) -> str:
    """A date written out as the page's language writes it (curation.texts.long_date)."""
    return texts.long_date(value) if value else ""
