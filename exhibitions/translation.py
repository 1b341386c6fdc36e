"""The exhibition's words, in each of the site's languages (django-modeltranslation; see curation/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from exhibitions.models import Exhibition, ExhibitionItem, Section


@register(Exhibition)
class ExhibitionTranslation(TranslationOptions):
    fields = ("title", "subtitle", "statement", "credits", "venue")
    # A title in any one language is enough: the forms check that, not a column per language.
    required_languages = ()


@register(ExhibitionItem)
class ExhibitionItemTranslation(TranslationOptions):
    fields = ("title", "caption", "alt_text", "text")
    required_languages = ()


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ()
