"""The physical show's forms: they read what the curator typed and hand it to exhibitions.show.services, whose
ValidationErrors they show under the fields they are about (nothing typed is lost)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exhibitions.show.models import Opening, Venue, Wall, WorkForm
from exhibitions.show.presets import PRESETS
from exhibitions.show.services import WORK_FORM_FIELDS


class ServiceErrorsMixin:
    """Puts a service's ValidationError under the fields it names (or above the form when it names none)."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = name if name in self.fields else None  # type: ignore[attr-defined]
                for message in messages:
                    self.add_error(target, message)  # type: ignore[attr-defined]
        else:
            for message in error.messages:
                self.add_error(None, message)  # type: ignore[attr-defined]


class VenueForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "centre_line_mm", "min_gap_mm", "margin_mm"]


class RoomForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Room name"), max_length=300)


class WallForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Wall name"), max_length=300)
    room = forms.ModelChoiceField(queryset=None, label=_("Room"), required=False, empty_label=_("The last room"))
    length_mm = forms.IntegerField(label=_("Length (mm)"), min_value=1)
    height_mm = forms.IntegerField(label=_("Height (mm)"), min_value=1)

    def __init__(self, *args: Any, venue: Venue, **kwargs: Any) -> None:
        super().__init__(*args, prefix="wall", **kwargs)
        self.fields["room"].queryset = venue.rooms.all()


class OpeningForm(ServiceErrorsMixin, forms.Form):
    wall = forms.ModelChoiceField(queryset=None, label=_("Wall"), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Opening.Kind.choices)
    offset_mm = forms.IntegerField(label=_("From the wall's left end (mm)"), min_value=0)
    width_mm = forms.IntegerField(label=_("Width (mm)"), min_value=1)
    bottom_mm = forms.IntegerField(label=_("Above the floor (mm)"), min_value=0, initial=0)
    height_mm = forms.IntegerField(label=_("Height (mm)"), min_value=1)

    def __init__(self, *args: Any, venue: Venue, **kwargs: Any) -> None:
        super().__init__(*args, prefix="opening", **kwargs)
        self.fields["wall"].queryset = Wall.objects.filter(room__venue=venue).order_by("room__position", "position")


class ShowPlanForm(ServiceErrorsMixin, forms.Form):
    venue = forms.ModelChoiceField(queryset=None, label=_("Venue"), empty_label=_("Choose a venue"))
    chapter_starts_wall = forms.BooleanField(
        label=_("A chapter starts a new wall"),
        required=False,
        initial=True,
        help_text=_("Unless the wall has no work on it yet."),
    )

    def __init__(self, *args: Any, venues: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="plan", **kwargs)
        self.fields["venue"].queryset = venues


def _preset_choices() -> list[tuple[str, Any]]:
    return [("", _("Sizes typed below")), *((key, preset.label) for key, preset in PRESETS.items())]


class WorkFormForm(ServiceErrorsMixin, forms.ModelForm):
    """One work's printed form. A preset fills every size; a size typed over it (changed from what the form showed)
    is kept over the preset's."""

    preset = forms.ChoiceField(label=_("Preset"), choices=_preset_choices, required=False)

    class Meta:
        model = WorkForm
        fields = list(WORK_FORM_FIELDS)
        widgets = {"framing_notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, item_id: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"work-{item_id}", **kwargs)
        self.item_id = item_id
        # The preset first: choosing one fills the sizes under it.
        self.order_fields(["preset", *WORK_FORM_FIELDS])
        if self.is_bound and self.data.get(self.add_prefix("preset")):
            # A preset chosen: the sizes it fills are not required from the curator.
            for name in WORK_FORM_FIELDS:
                self.fields[name].required = False

    def _post_clean(self) -> None:
        # The service validates the model (it knows the item and the preset); the form checks the fields alone.
        pass

    def service_arguments(self) -> dict[str, Any]:
        preset = self.cleaned_data.get("preset") or None
        names = [n for n in WORK_FORM_FIELDS if n in self.changed_data] if preset else list(WORK_FORM_FIELDS)
        values = {name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name) is not None}
        for name in ("edition", "currency", "framing_notes"):
            if name in names:
                values[name] = self.cleaned_data.get(name) or ""
        if "price" in names:
            values["price"] = self.cleaned_data.get("price")
        return {"preset": preset, **values}


class PlaceForm(ServiceErrorsMixin, forms.Form):
    """A work hung by hand: its centre this far from the wall's left end. The walls are given as (id, name) choices,
    read once for every work's form."""

    wall = forms.TypedChoiceField(label=_("Wall"), coerce=int, choices=())
    offset_mm = forms.IntegerField(label=_("Centre from the wall's left end (mm)"), min_value=0)

    def __init__(self, *args: Any, walls: list[tuple[int, str]], item_id: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"place-{item_id}", **kwargs)
        self.fields["wall"].choices = walls
