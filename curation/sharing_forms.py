"""The forms of the photographer's sharing page and of the library's "Share with a curator" bulk action.

Both take a user name as typed and never look it up: whatever the name is, nobody's, a photographer's or a curator's,
the form's answer is the same (curation/sharing.py makes an offer of it).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from curation.forms import BulkForm

NAME_MISSING = _("Type the user name of the curator you are offering the photos to.")
NOTE_MAX = 2000


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("A note for the curator"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What these photos are, what to look for: they read it beside the photos."),
    )


class CuratorForm(forms.Form):
    """A user name to offer the whole library to, or a saved library filter (`query`), with a note."""

    username = forms.CharField(
        label=_("Curator's user name"),
        max_length=150,
        help_text=_("They find your offer in their studio and choose whether to accept it."),
        error_messages={"required": NAME_MISSING},
    )
    note = _note_field()
    # The library's query string, as the library page had it; the service keeps only what a share may.
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class BulkShareForm(BulkForm):
    """The library's bulk actions, with one more: offer the selection to a curator (by user name)."""

    ACTIONS = [*BulkForm.ACTIONS[:-1], ("share", _("Share with a curator")), BulkForm.ACTIONS[-1]]

    action = forms.ChoiceField(choices=ACTIONS)
    curator = forms.CharField(required=False, max_length=150)
    note = forms.CharField(required=False, max_length=NOTE_MAX)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "share" and not data.get("curator"):
            self.add_error("curator", NAME_MISSING)
        return data
