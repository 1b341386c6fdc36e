"""The forms of the photographer's sharing page and of the library's "Share with a curator" bulk action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from curation import sharing
from curation.forms import BulkForm

NO_SUCH_CURATOR = _("There is no curator with this user name.")


class CuratorForm(forms.Form):
    """A curator, by user name: whether the name is nobody's or a photographer's, the answer is the same."""

    username = forms.CharField(label=_("Curator's user name"), max_length=150)

    def clean_username(self):
        curator = sharing.curator_find(username=self.cleaned_data["username"])
        if curator is None:
            raise forms.ValidationError(NO_SUCH_CURATOR)
        return curator


class BulkShareForm(BulkForm):
    """The library's bulk actions, with one more: share the selection with a curator (by user name)."""

    ACTIONS = [*BulkForm.ACTIONS[:-1], ("share", _("Share with a curator")), BulkForm.ACTIONS[-1]]

    action = forms.ChoiceField(choices=ACTIONS)
    curator = forms.CharField(required=False, max_length=150)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "share":
            curator = sharing.curator_find(username=data.get("curator") or "")
            if curator is None:
                self.add_error("curator", NO_SUCH_CURATOR)
            else:
                data["curator"] = curator
        return data
