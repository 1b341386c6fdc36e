"""Language names for the switchers: each language named in itself, the way its speakers look for it."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()

# Django's name_local for Kazakh is the adjective "Қазақ"; the language is "Қазақша" (as "Русский" is Russian).
_ENDONYMS = {"kk": "Қазақша"}


@register.filter
def endonym(code: str) -> str:
    return _ENDONYMS.get(code) or get_language_info(code)["name_local"]
