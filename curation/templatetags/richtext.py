"""{% load richtext %} … {{ story|richtext }}: formatted, sanitised stories and wall texts."""

from django import template

from curation.richtext import richtext_html, richtext_plain

register = template.Library()
register.filter("richtext", richtext_html)
register.filter("richtext_plain", richtext_plain)
