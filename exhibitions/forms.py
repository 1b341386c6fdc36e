"""The curator's forms: they validate input and hand clean values to the services (sequencing, publishing, …)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curation.models import Photo
from curation.text_forms import TextGroup, TextsMixin
from curation.texts import active_language, languages
from exhibitions.models import ADDRESS_TAKEN, Exhibition, ExhibitionItem
from exhibitions.services import address_taken
from exhibitions.text_inventory import language_name, studio_languages


class StudioTextsMixin(TextsMixin):
    """Texts a visitor reads, one field per language (curation/text_forms.py), in the studio's order of columns
    (Kazakh, Russian, English: exhibitions.text_inventory), and texts needed in at least one language:
    `required_texts` maps each to the message a curator reads when it is written in none. That message goes under
    the field of `required_language()`, where the cursor should go; every language typed stays on the page."""

    required_texts: dict[str, str] = {}

    def text_groups(self, names: Iterable[str] | None = None) -> list[TextGroup]:
        order = studio_languages()
        return [
            replace(group, texts=sorted(group.texts, key=lambda text: order.index(text.code)))
            for group in super().text_groups(names)
        ]

    def required_language(self) -> str:
        return studio_languages()[0]

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, message in self.required_texts.items():
            if not any((cleaned.get(f"{name}_{code}") or "").strip() for code in languages()):
                self.add_error(f"{name}_{self.required_language()}", message)
        return cleaned


class ExhibitionNewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)


def _texts_line(label, *, max_length: int = 300, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=help_text)


def _texts_area(label, *, rows: int, max_length: int | None = None, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ExhibitionDetailsForm(StudioTextsMixin, forms.ModelForm):
    """The exhibition's words in each language, its default language, and the rest of its details."""

    texts = {
        "title": lambda: _texts_line(_("Title"), help_text=_("Needed in at least one language.")),
        "subtitle": lambda: _texts_line(_("Subtitle")),
        "statement": lambda: _texts_area(
            _("Wall text"),
            rows=8,
            help_text=_("Blank lines make paragraphs; *emphasis*, **strong** and [words](https://…) links."),
        ),
        "credits": lambda: _texts_area(_("Credits"), rows=3),
        "venue": lambda: _texts_line(_("Venue"), help_text=_("Where the physical show hangs.")),
    }
    required_texts = {"title": _("Give the exhibition a title in at least one language.")}

    class Meta:
        model = Exhibition
        fields = [
            "default_language",
            "translations_required",
            "slug",
            "cover_photo",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "default_language": _("Visitors read a text missing in their language in this one, else in any."),
            "translations_required": _(
                "Publishing waits until every text is written in every language. Off: the publish page only warns."
            ),
            "slug": _(
                "The last part of the public address. It is yours from the first time you publish; until then "
                "another draft may want the same, and whichever is published first keeps it. Empty: made from the "
                "title in the default language."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        # Not sent by a page loaded before exhibitions had one: then it stays as it is.
        self.fields["default_language"].required = False
        self.fields["default_language"].choices = [(code, language_name(code)) for code in studio_languages()]
        # The cover is one of the exhibition's own photos.
        self.fields["cover_photo"].queryset = Photo.objects.filter(exhibition_items__exhibition=self.instance).order_by(
            "exhibition_items__position"
        )
        self.fields["cover_photo"].label_from_instance = lambda photo: photo.display_title

    def required_language(self) -> str:
        # The title is missing in every language: ask for it in the one visitors fall back to.
        # A default language the site no longer lists has no field to go under.
        chosen = (self.data.get("default_language"), self.instance.default_language)
        return next((code for code in chosen if code in languages()), super().required_language())

    def clean_default_language(self) -> str:
        return self.cleaned_data["default_language"] or self.instance.default_language

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        # Only an address some exhibition holds since publishing is refused, and that address is public anyway;
        # another curator's unpublished draft holds none, so nothing here says what such a draft is called.
        if slug and address_taken(slug=slug, exhibition=self.instance):
            raise forms.ValidationError(ADDRESS_TAKEN)
        return slug

    def service_arguments(self) -> dict:
        """What exhibitions.services.exhibition_details_update takes: each text as a language map."""
        data = self.cleaned_data
        return {
            **self.language_maps(),
            **{name: data[name] for name in self._meta.fields},
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The show cannot close before it opens."))
        return cleaned


class PhotoItemForm(StudioTextsMixin, forms.Form):
    """The exhibition's own words for one photo, in each language; empty in every language: the photographer's."""

    texts = {
        "title": lambda: _texts_line(_("Title in this exhibition")),
        "caption": lambda: _texts_area(_("Caption in this exhibition"), rows=4),
        "alt_text": lambda: _texts_area(_("Alt text in this exhibition"), rows=2, max_length=500),
    }

    def __init__(self, *args, item: ExhibitionItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        photo = item.photo
        # Empty fields fall back to the photographer's words: show them, language by language, as placeholders.
        for name in self.texts:
            for code in languages():
                if fallback := getattr(photo, f"{name}_{code}", None):
                    self.fields[f"{name}_{code}"].widget.attrs["placeholder"] = fallback


class PanelForm(StudioTextsMixin, forms.Form):
    texts = {"text": lambda: _texts_area(_("Text"), rows=6)}
    required_texts = {"text": _("A text panel needs some text in at least one language.")}


class SectionForm(StudioTextsMixin, forms.Form):
    texts = {
        "title": lambda: _texts_line(_("Chapter title")),
        "text": lambda: _texts_area(_("Chapter text"), rows=5),
    }
    required_texts = {"title": _("A chapter needs a title in at least one language.")}


def placement_choices(items: list[ExhibitionItem]) -> list[tuple[str, str]]:
    """Where new items may go: the end, or the end of a chapter (just before the next chapter starts)."""
    choices = [("", _("At the end"))]
    sections = [item for item in items if item.kind == ExhibitionItem.Kind.SECTION]
    for index, section in enumerate(sections):
        following = sections[index + 1].position if index + 1 < len(sections) else len(items)
        choices.append((str(following), _("At the end of “%(title)s”") % {"title": section.title}))
    if sections and sections[0].position > 0:
        choices.insert(1, (str(sections[0].position), _("Before the first chapter")))
    return choices


# The placement that makes a chapter of the curator's selection rather than put a heading at one place.
SELECTION = "selection"


def _placement(value: str) -> int | str:
    return value if value == SELECTION else int(value)


class PlacementForm(forms.Form):
    """Where new items go: an index in the sequence (None: the end), or SELECTION when the view offers it."""

    position = forms.TypedChoiceField(label=_("Where"), coerce=_placement, empty_value=None, required=False)

    def __init__(self, *args, items: list[ExhibitionItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = placement_choices(items)


class PickerFilterForm(forms.Form):
    """What the picker and the contact sheet of shared photos filter and sort by: the photographer's own culling
    (stars, flags, colour labels, tags), who sent it and with which note, who is in it and whether they may be shown.

    Invalid values are dropped, never an error: a stale link still shows photos. The view fills the choices that
    depend on what is shared with the curator (photographers, sendings, tags, people)."""

    FLAGS = [("", _("Any flag")), ("pick", _("Picks")), ("not-reject", _("All but rejects")), ("reject", _("Rejects"))]
    RATINGS = [
        ("", _("Any rating")),
        ("1", _("★ and up")),
        ("2", _("★★ and up")),
        ("3", _("★★★ and up")),
        ("4", _("★★★★ and up")),
        ("5", _("★★★★★")),
    ]
    LABELS = [("", _("Any colour label")), *Photo.Label.choices[1:]]
    PEOPLE = [
        ("", _("Anyone")),
        ("shown", _("Everyone may be shown on the web")),
        ("gap", _("Someone whose consent does not cover the web")),
        ("nobody", _("No people")),
    ]
    SORTS = [("", _("Newest upload first")), ("taken", _("Capture order")), ("rating", _("Most stars first"))]

    q = forms.CharField(label=_("Search titles and file names"), required=False, max_length=200)
    photographer = forms.ModelChoiceField(label=_("Photographer"), queryset=None, required=False, empty_label=_("All"))
    handoff = forms.TypedChoiceField(label=_("Sent"), required=False, coerce=int, empty_value=None, choices=[])
    flag = forms.ChoiceField(label=_("Flag"), required=False, choices=FLAGS)
    rating = forms.TypedChoiceField(label=_("Stars"), required=False, coerce=int, empty_value=None, choices=RATINGS)
    label = forms.ChoiceField(label=_("Colour label"), required=False, choices=LABELS)
    tag = forms.ChoiceField(label=_("Tag"), required=False, choices=[])
    people = forms.ChoiceField(label=_("People"), required=False, choices=PEOPLE)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None, choices=[])
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)
    include_processing = forms.BooleanField(label=_("Include photos still processing"), required=False)
    include_used = forms.BooleanField(label=_("Include photos already in this exhibition"), required=False)

    def __init__(self, data=None, *args, photographers=None, handoffs=(), tags=(), people=(), **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        if photographers is None:
            photographers = get_user_model().objects.filter(photos__isnull=False).distinct().order_by("username")
        self.fields["photographer"].queryset = photographers
        self.fields["photographer"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["handoff"].choices = [("", _("Everything shared with you")), *handoffs]
        self.fields["tag"].choices = [("", _("Any tag")), *((name, name) for name in tags)]
        self.fields["person"].choices = [("", _("Anyone")), *people]

    def values(self) -> dict:
        """The valid values only: a field with a stale value is left out, the others still apply."""
        if self.data:
            self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


class AltTextForm(forms.Form):
    """The publish page's alt text field for one photo that has none, and the language it is written in (the
    exhibition's default language unless the curator picks another)."""

    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the photo shows, in a sentence, for people who cannot see it."),
    )
    language = forms.ChoiceField(label=_("Written in"), required=False)

    def __init__(self, *args, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if language not in languages():
            # A default language the site no longer lists has no column: the text goes where a plain one would.
            language = active_language()
        self.fields["language"].choices = [(code, language_name(code)) for code in studio_languages()]
        self.fields["language"].initial = language
        self.default_language = language
        # Spelling and a screen reader's voice follow the language; the publish page's script keeps it in step.
        self.fields["alt_text"].widget.attrs["lang"] = language

    def language_map(self) -> dict[str, str]:
        return {self.cleaned_data["language"] or self.default_language: self.cleaned_data["alt_text"]}


class PublishScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].help_text = _("Time in %(zone)s.") % {"zone": timezone.get_current_timezone_name()}

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value


class CollaboratorForm(forms.Form):
    """A user name to invite, as typed: never looked up here, so no answer tells whether it is anyone's."""

    username = forms.CharField(
        label=_("Curator's user name"),
        max_length=150,
        help_text=_("They see the invitation in their studio and choose to accept it."),
    )


REVIEW_LINK_DAYS = [(1, _("1 day")), (7, _("7 days")), (30, _("30 days"))]


class ReviewLinkForm(forms.Form):
    label = forms.CharField(label=_("For whom"), max_length=200, required=False)
    days = forms.TypedChoiceField(label=_("Valid for"), choices=REVIEW_LINK_DAYS, coerce=int, initial=7)

    @property
    def valid_for(self) -> timedelta:
        return timedelta(days=self.cleaned_data["days"])
