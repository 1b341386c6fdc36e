"""Form fields for a text a visitor may read, written in each of the site's languages (curation/texts.py).

A form lists its texts once (`texts = {"title": lambda: forms.CharField(...)}`) and gets one field per language,
`title_kk`, `title_ru`, `title_en`, named as the model's columns; `text_groups()` hands the template each text with
its languages side by side, and `language_maps()` hands the service a language map per text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model

from curation.templatetags.languages import endonym
from curation.texts import LanguageMap, active_language, languages

FieldMaker = Callable[[], forms.Field]


@dataclass(frozen=True)
class TextInLanguage:
    code: str
    field: forms.BoundField

    @property
    def name(self) -> str:
        """The language named in itself, as the site's language switcher names it."""
        return endonym(self.code)

    @property
    def missing(self) -> bool:
        """Nothing written in this language (as the form shows it: what was typed, on a refused save)."""
        return not str(self.field.value() or "").strip()


@dataclass(frozen=True)
class TextGroup:
    """One text of a form in every language, for the template `curation/_texts.html`."""

    name: str
    label: str
    help_text: str
    texts: list[TextInLanguage]

    @property
    def missing(self) -> list[str]:
        return [text.code for text in self.texts if text.missing]

    @property
    def written(self) -> bool:
        """Written in at least one language."""
        return len(self.missing) < len(self.texts)

    @property
    def errors(self) -> bool:
        return any(text.field.errors for text in self.texts)


class TextsMixin:
    """For a form with texts in each language: `texts` names each text and makes its field (label, length, widget).
    Before forms.Form or forms.ModelForm in the bases; a model form's instance gives the initial values."""

    texts: dict[str, FieldMaker] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.initial = {**self.texts_initial(instance), **self.initial}
        if self.is_bound:
            self.data = self._one_language_posts_read(self.data)
        for name, make in self.texts.items():
            group_label = make().label
            for code in languages():
                field = make()
                field.help_text = ""  # said once for the group, not under each language
                # The group's label names the text; each field is named by its language, with the text in an
                # error summary or the admin's messages: "Title (Қазақша)".
                field.label = f"{group_label} ({endonym(code)})"
                # Typed in that language: spelling, hyphenation and a screen reader's voice follow it. The blank
                # placeholder lets the stylesheet see a field emptied or filled since the page came
                # (:placeholder-shown).
                field.widget.attrs.update({"lang": code, "spellcheck": "true", "placeholder": " "})
                self.fields[f"{name}_{code}"] = field

    def _one_language_posts_read(self, data: Any) -> Any:
        """A form posted with a text under its plain name (`title`: a page loaded before texts had languages, or a
        script) is the text in the active language, as services read a plain string."""
        plain = [
            name for name in self.texts if name in data and not any(f"{name}_{code}" in data for code in languages())
        ]
        if not plain:
            return data
        data = data.copy()
        for name in plain:
            data[f"{name}_{active_language()}"] = data[name]
        return data

    def text_groups(self, names: Iterable[str] | None = None) -> list[TextGroup]:
        groups = []
        for name in names or self.texts:
            made = self.texts[name]()
            groups.append(
                TextGroup(
                    name=name,
                    label=str(made.label),
                    help_text=str(made.help_text or ""),
                    texts=[TextInLanguage(code, self[f"{name}_{code}"]) for code in languages()],
                )
            )
        return groups

    def text_group(self, name: str) -> TextGroup:
        return self.text_groups([name])[0]

    def language_maps(self) -> dict[str, LanguageMap]:
        """Each text's language map from the cleaned data: every language posted (a blank one clears it); one not
        posted at all is left as it is."""
        data = self.cleaned_data
        return {
            name: {
                code: (data.get(f"{name}_{code}") or "").strip()
                for code in languages()
                if f"{name}_{code}" in self.data
            }
            for name in self.texts
        }

    @classmethod
    def texts_initial(cls, obj: Model) -> dict[str, str]:
        """The form's initial values from a model whose columns are the fields' names (`title_kk`, ...)."""
        return {
            f"{name}_{code}": getattr(obj, f"{name}_{code}", None) or "" for name in cls.texts for code in languages()
        }

    def text_field_names(self) -> set[str]:
        return {f"{name}_{code}" for name in self.texts for code in languages()}


class TextsForm(TextsMixin, forms.Form):
    pass
