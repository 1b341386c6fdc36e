"""Forms of the photographer's pages: library filters, culling, bulk actions and a photo's description."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from curation import bursts, library, services
from curation.models import Photo, Subject
from curation.text_forms import TextsForm

RATING_FILTERS = [
    ("", _("Any rating")),
    ("0", _("Unrated")),
    ("1", _("★ and up")),
    ("2", _("★★ and up")),
    ("3", _("★★★ and up")),
    ("4", _("★★★★ and up")),
    ("5", _("★★★★★")),
]
FLAG_FILTERS = [
    ("", _("Any flag")),
    ("pick", _("Picks")),
    ("not-reject", _("All but rejects")),
    ("none", _("Unflagged")),
    ("reject", _("Rejects")),
]
STATUS_FILTERS = [
    ("", _("Any status")),
    ("ready", _("Ready")),
    ("pending", _("Processing")),
    ("failed", _("Failed")),
]
# "No label" travels in the query string as "none": an empty value would be dropped from the address.
NO_LABEL = "none"
LABEL_FILTERS = [*((value, label) for value, label in Photo.Label.choices if value), (NO_LABEL, _("No label"))]
BURST_CHOICES = [
    (
        str(seconds),
        ngettext_lazy("Within %(count)d second", "Within %(count)d seconds", "count") % {"count": seconds}
        if seconds
        else _("Don't stack"),
    )
    for seconds in bursts.GAP_CHOICES
]


class LibraryFilterForm(forms.Form):
    """The library's query string. Invalid values are dropped, never an error: a stale link still shows photos."""

    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(key, s.label) for key, s in library.SORTS.items()]
    )
    rating = forms.ChoiceField(label=_("Rating"), required=False, choices=RATING_FILTERS)
    flag = forms.ChoiceField(label=_("Flag"), required=False, choices=FLAG_FILTERS)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    tag = forms.IntegerField(label=_("Tag"), required=False, min_value=1)
    subject = forms.IntegerField(label=_("Subject"), required=False, min_value=1)
    batch = forms.IntegerField(label=_("Upload batch"), required=False, min_value=1)
    taken_from = forms.DateField(
        label=_("Captured from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    taken_to = forms.DateField(
        label=_("Captured until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    not_in_exhibition = forms.BooleanField(label=_("Not in any exhibition"), required=False)
    label = forms.MultipleChoiceField(label=_("Colour label"), required=False, choices=LABEL_FILTERS)
    needs_alt_text = forms.BooleanField(label=_("Needs alt text"), required=False)
    alt_text_to_translate = forms.BooleanField(label=_("Alt text to translate"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # How close in time frames must be to stack as a burst: a setting of the view, remembered in the address like
    # the sort, not a filter (every photo stays shown).
    burst = forms.ChoiceField(label=_("Stack bursts"), required=False, choices=BURST_CHOICES)

    FILTER_FIELDS = (
        "rating",
        "flag",
        "status",
        "tag",
        "subject",
        "batch",
        "taken_from",
        "taken_to",
        "not_in_exhibition",
        "label",
        "needs_alt_text",
        "alt_text_to_translate",
        "q",
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()
        for name in list(self.errors):
            self.cleaned_data.pop(name, None)

    @property
    def sort_key(self) -> str:
        chosen = self.cleaned_data.get("sort")
        if chosen:
            return chosen
        return library.SHOOT_SORT if self.cleaned_data.get("batch") else library.DEFAULT_SORT

    @property
    def ordering(self) -> library.Sort:
        return library.SORTS[self.sort_key]

    @property
    def burst_seconds(self) -> int:
        chosen = self.cleaned_data.get("burst")
        return int(chosen) if chosen else bursts.DEFAULT_GAP_SECONDS

    @property
    def stack_gap(self) -> timedelta | None:
        """How far apart frames of one burst may be, or None when the page does not stack: stacking is off, or the
        sort is not by capture time (see curation/bursts.py)."""
        if not self.burst_seconds or self.ordering.field != "taken_at":
            return None
        return timedelta(seconds=self.burst_seconds)

    @property
    def stacks_need_capture_order(self) -> bool:
        """Stacking is on but the sort hides it: the page says so."""
        return bool(self.burst_seconds) and self.ordering.field != "taken_at"

    def library_filter(self) -> library.LibraryFilter:
        data = self.cleaned_data
        return library.LibraryFilter(
            taken_from=data.get("taken_from"),
            taken_to=data.get("taken_to"),
            batch_id=data.get("batch"),
            subject_id=data.get("subject"),
            tag_id=data.get("tag"),
            rating=data.get("rating") or "",
            flag=data.get("flag") or "",
            status=data.get("status") or "",
            not_in_exhibition=bool(data.get("not_in_exhibition")),
            labels=tuple(Photo.Label.NONE if value == NO_LABEL else value for value in data.get("label") or ()),
            needs_alt_text=bool(data.get("needs_alt_text")),
            alt_text_to_translate=bool(data.get("alt_text_to_translate")),
            words=data.get("q") or "",
        )

    def menus(self) -> list[tuple[str, str, list, str]]:
        """(name, label, choices, chosen) of the plain menus, which the library renders by hand: widget templates
        would cost a millisecond each on a page that must stay under fifty."""
        chosen = {**self.cleaned_data, "sort": self.sort_key, "burst": str(self.burst_seconds)}
        return [
            (name, self.fields[name].label, self.fields[name].choices, chosen.get(name) or "")
            for name in ("sort", "burst", "rating", "flag", "status")
        ]

    def label_menu(self) -> list[tuple[str, str, bool]]:
        """(value, label, chosen) of the colour-label checkboxes."""
        chosen = set(self.cleaned_data.get("label") or ())
        return [(value, str(label), value in chosen) for value, label in LABEL_FILTERS]

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.FILTER_FIELDS)


class CullForm(forms.Form):
    """One photo's stars, flag or colour label, as the keyboard or the loupe's buttons send them."""

    rating = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[(str(n), str(n)) for n in range(Photo.MAX_RATING + 1)]
    )
    flag = forms.ChoiceField(required=False, choices=[("none", "none"), *Photo.Flag.choices[1:]])
    label = forms.ChoiceField(required=False, choices=[("none", "none"), *Photo.Label.choices[1:]])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("rating") is None and not data.get("flag") and not data.get("label"):
            raise forms.ValidationError(_("Choose a rating, a flag or a colour label."))
        return data


class PhotoForm(TextsForm):
    """The photographer's words about one photo: those a visitor reads in each language, tags and subjects once."""

    texts = {
        "title": lambda: forms.CharField(label=_("Title"), max_length=300, required=False),
        "caption": lambda: forms.CharField(
            label=_("Caption"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        ),
        "alt_text": lambda: forms.CharField(
            label=_("Alt text"),
            max_length=500,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("What the photo shows, for people who cannot see it. Required before it can be published."),
        ),
        "place_name": lambda: forms.CharField(label=_("Place"), max_length=300, required=False),
    }

    tags = forms.CharField(label=_("Tags"), max_length=2000, required=False, help_text=_("Separate tags with commas."))
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"), queryset=Subject.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = Subject.objects.filter(owner=owner).order_by("name")

    @classmethod
    def initial_for(cls, photo: Photo) -> dict:
        return {
            **cls.texts_initial(photo),
            "tags": ", ".join(tag.name for tag in photo.tags.all()),
            "subjects": [subject.pk for subject in photo.subjects.all()],
        }

    def clean_tags(self) -> list[str]:
        return services.tag_names_parse(self.cleaned_data["tags"])


class BulkForm(forms.Form):
    """A bulk action on the selected photos, or on every photo of the filter the page was showing."""

    ACTIONS = [
        ("tag", _("Add tags")),
        ("rate", _("Rate")),
        ("flag", _("Flag")),
        ("subject", _("Add a subject")),
        ("exhibition", _("Add to an exhibition")),
        ("delete", _("Delete")),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    photo = forms.TypedMultipleChoiceField(coerce=int, required=False)
    all_matching = forms.BooleanField(required=False)
    query = forms.CharField(required=False, max_length=2000)
    tags = forms.CharField(required=False, max_length=2000)
    rating = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[(str(n), str(n)) for n in range(Photo.MAX_RATING + 1)]
    )
    flag = forms.ChoiceField(required=False, choices=[("none", "none"), *Photo.Flag.choices[1:]])
    subject = forms.IntegerField(required=False)
    exhibition = forms.IntegerField(required=False)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any id may be posted; the view scopes them to the owner's photos.
        self.fields["photo"].valid_value = lambda value: True

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("photo") and not data.get("all_matching"):
            raise forms.ValidationError(_("Select some photos first."))
        action = data.get("action")
        if action == "tag" and not services.tag_names_parse(data.get("tags") or ""):
            self.add_error("tags", _("Type the tags to add, separated by commas."))
        if action == "rate" and data.get("rating") is None:
            self.add_error("rating", _("Choose how many stars."))
        if action == "flag" and not data.get("flag"):
            self.add_error("flag", _("Choose a flag."))
        if action == "subject" and not data.get("subject"):
            self.add_error("subject", _("Choose a subject."))
        if action == "exhibition" and not data.get("exhibition"):
            self.add_error("exhibition", _("Choose an exhibition."))
        return data


class CreditForm(TextsForm):
    """The line public pages credit the photographer's work to, in each language (curation/credits.py)."""

    texts = {
        "credit_name": lambda: forms.CharField(
            label=_("Credit name"),
            max_length=200,
            required=False,
            help_text=_(
                "How captions name you: “Photograph: …”. Leave it empty to be credited by your full name, or by no "
                "name when your account has none. Your user name is never shown."
            ),
        ),
    }
