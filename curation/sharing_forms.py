"""The forms of the photographer's sharing page and of the library's "Share with a curator" bulk action.

Both take a user name as typed and never look it up: whatever the name is, nobody's, a photographer's or a curator's,
the form's answer is the same (curation/sharing.py makes an offer of it).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from curation.forms import BulkForm

NAME_MISSING = _("Type the user name of the curator you are offering the photos to.")


class CuratorForm(forms.Form):
    """A user name to offer the whole library to."""

    username = forms.CharField(
        label=_("Curator's user name"),
        max_length=150,
        help_text=_("They find your offer in their studio and choose whether to accept it."),
        error_messages={"required": NAME_MISSING},
    )


class BulkShareForm(BulkForm):
    """The library's bulk actions, with one more: offer the selection to a curator (by user name)."""

    ACTIONS = [*BulkForm.ACTIONS[:-1], ("share", _("Share with a curator")), BulkForm.ACTIONS[-1]]

    action = forms.ChoiceField(choices=ACTIONS)
    curator = forms.CharField(required=False, max_length=150)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "share" and not data.get("curator"):
            self.add_error("curator", NAME_MISSING)
        return data
