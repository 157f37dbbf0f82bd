"""Forms for following things and choosing how updates arrive. They parse; the services decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import ContactPreference
from coopcouncil.notifications.models import Topic

# Digits with the spaces, brackets, dashes and leading + people write numbers with.
_PHONE = re.compile(r"^\+?[\d\s()-]+$")


class FollowTopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select at least one thing to get updates about")},
    )

    def __init__(self, *args: Any, target_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].label = _("Get updates about %(name)s") % {"name": target_name}


class ContactPreferenceForm(forms.Form):
    """Parses the choice; contact_preference_set says what each channel needs (an address, a number)."""

    contact_preference = forms.ChoiceField(
        label=_("How should we send you updates?"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how we should send you updates")},
    )
    address = forms.CharField(
        label=_("Address for letters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        help_text=_("Needed if you choose letter by post."),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
        help_text=_("Needed if you choose text message. For example, 07700 900 982."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"

    def clean_address(self) -> str:
        # Browsers send CRLF; letters are printed from one line per part of the address.
        lines = (line.strip() for line in self.cleaned_data.get("address", "").splitlines())
        return "\n".join(line for line in lines if line)

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and (not _PHONE.match(phone) or len(re.sub(r"\D", "", phone)) < 10):
            raise ValidationError(_("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
        return phone
