"""Forms of the subject pages: search, a subject's words, a person's consent, a merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from curation.models import Consent, Subject
from curation.subjects import RELEASE_MAX_BYTES, MergeConsent
from curation.text_forms import TextsMixin

CONSENT_FILTER_CHOICES = [
    ("", _("Any consent")),
    ("needed", _("Not covered for the web")),
    ("covered", _("Covered for the web")),
    ("refused", _("Declined or withdrawn")),
]


class SubjectSearchForm(forms.Form):
    """The list's query string; invalid values are dropped, never an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Subject.Kind.choices])
    consent = forms.ChoiceField(label=_("Consent"), required=False, choices=CONSENT_FILTER_CHOICES)

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()
        for name in list(self.errors):
            self.cleaned_data.pop(name, None)

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("q", "kind", "consent"))


class SubjectForm(TextsMixin, forms.ModelForm):
    """Validation and widgets only: the views save through curation.subjects. What a visitor may read (the public
    name and story) is written in each language; the photographer's own words stay in one."""

    texts = {
        "public_name": lambda: forms.CharField(
            label=_("Name as it may be shown"),
            max_length=300,
            required=False,
            help_text=_("Shown on published exhibitions. Empty: the name above."),
        ),
        "public_story": lambda: forms.CharField(
            label=_("Public story"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("Shown on the public story page, with the same formatting."),
        ),
    }

    class Meta:
        model = Subject
        fields = [
            "kind",
            "name",
            "place_name",
            "met_on",
            "story",
            "private_notes",
            "contact_details",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "met_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "story": forms.Textarea(attrs={"rows": 6}),
            "private_notes": forms.Textarea(attrs={"rows": 3}),
            "contact_details": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "story": _(
                "Private, for you and the curators. Blank lines make paragraphs; *emphasis*, **strong**, "
                "[words](https://link)."
            ),
            "private_notes": _("Never published."),
            "contact_details": _("Never published."),
        }

    def service_values(self) -> dict[str, Any]:
        """The arguments of subject_create and subject_update: the fields, the public texts as language maps."""
        names = self.text_field_names()
        return {
            **{name: value for name, value in self.cleaned_data.items() if name not in names},
            **self.language_maps(),
        }


class ConsentForm(forms.Form):
    SCOPES = [("web", _("Web")), ("print", _("Print")), ("exhibition", _("Exhibition"))]

    status = forms.ChoiceField(label=_("Answer"), choices=Consent.Status.choices, widget=forms.RadioSelect)
    scope = forms.MultipleChoiceField(
        label=_("Where it may be shown"), choices=SCOPES, required=False, widget=forms.CheckboxSelectMultiple
    )
    given_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: no expiry."),
    )
    is_minor = forms.BooleanField(
        label=_("The person is a minor"),
        required=False,
        help_text=_("Then only a guardian's signed release lets their photos be published."),
    )
    document = forms.FileField(
        label=_("Release document"),
        required=False,
        help_text=_("A scan or photo of the signed form: PDF, JPEG, PNG, WebP or HEIC. Private, never published."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/jpeg,image/png,image/webp,image/heic"}),
    )
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How and where you asked, for example."),
    )

    @classmethod
    def initial_for(cls, record: Consent | None) -> dict:
        if record is None:
            return {"status": Consent.Status.NOT_ASKED, "scope": []}
        return {
            "status": record.status,
            "scope": [
                name
                for name, on in (
                    ("web", record.scope_web),
                    ("print", record.scope_print),
                    ("exhibition", record.scope_exhibition),
                )
                if on
            ],
            "given_on": record.given_on,
            "expires_on": record.expires_on,
            "is_minor": record.is_minor,
        }

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > RELEASE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the %(limit)d MB limit.") % {"limit": RELEASE_MAX_BYTES // 2**20}
            )
        return document

    def clean(self) -> dict:
        data = super().clean()
        given, expires = data.get("given_on"), data.get("expires_on")
        if given and expires and expires < given:
            self.add_error("expires_on", _("The consent cannot expire before it was given."))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        scope = set(data.get("scope") or [])
        return {
            "status": data["status"],
            "scope_web": "web" in scope,
            "scope_print": "print" in scope,
            "scope_exhibition": "exhibition" in scope,
            "given_on": data.get("given_on"),
            "expires_on": data.get("expires_on"),
            "is_minor": bool(data.get("is_minor")),
            "note": data.get("note") or "",
        }


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When and how the person asked, for example."),
    )


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(label=_("The same as"), queryset=Subject.objects.none())
    consent_from = forms.ChoiceField(
        label=_("Consent to keep"),
        required=False,
        choices=[(MergeConsent.KEEP.value, _("This subject's")), (MergeConsent.MERGED.value, _("The other's"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, subject: Subject, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (
            Subject.objects.filter(owner_id=subject.owner_id, kind=subject.kind).exclude(pk=subject.pk).order_by("name")
        )

    @property
    def consent_choice(self) -> MergeConsent | None:
        value = self.cleaned_data.get("consent_from")
        return MergeConsent(value) if value else None
