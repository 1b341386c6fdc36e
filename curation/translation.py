"""The photographer's words a visitor may read, in each of the site's languages (django-modeltranslation).

Each field below gets a column per language (`title_kk`, `title_ru`, `title_en`); `title` itself reads the active
language and falls back through the others, which is what the studio's own pages want. Public pages never rely
on that fallback: they read every language into the published snapshot and choose with the exhibition's default
language (curation/texts.py).
"""

from modeltranslation.translator import TranslationOptions, register

from curation.models import Photo, Profile, Subject


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("title", "caption", "alt_text", "place_name")
    required_languages = ()


@register(Subject)
class SubjectTranslation(TranslationOptions):
    # Only what may be published: the photographer's own label, notes and contact details stay in one language.
    fields = ("public_name", "public_story")
    required_languages = ()


@register(Profile)
class ProfileTranslation(TranslationOptions):
    fields = ("credit_name",)
    required_languages = ()
