"""Forms for commissioning. They parse what people type; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopcouncil.commissioning.models import SeatType
from coopcouncil.frontend.fields import PoundsField
from coopcouncil.places.models import Community
from coopcouncil.places.selectors import communities_list


class ProgrammeForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Which community is it for?"), queryset=Community.objects.none())
    title = forms.CharField(
        label=_("Name of the programme"), max_length=200, help_text=_("For example, Youth services 2027 to 2030.")
    )
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=100,
        help_text=_("Lower-case words joined by hyphens, like youth-services-2027."),
    )
    summary = forms.CharField(label=_("One-line summary"), max_length=300)
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    budget_envelope_pence = PoundsField(label=_("Budget envelope"), help_text=_("In pounds, for the whole programme."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = communities_list()  # type: ignore[attr-defined]


class StageAdvanceForm(forms.Form):
    reason = forms.CharField(
        label=_("What was done in this stage (published on the timeline)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what was done, for the public timeline.")},
    )


class SeatRuleForm(forms.Form):
    seat_type = forms.ChoiceField(label=_("Kind of seat"), choices=SeatType.choices, widget=forms.RadioSelect)
    seats = forms.IntegerField(label=_("Number of seats"), min_value=1, max_value=50)
    quorum = forms.IntegerField(label=_("Quorum: how many must take part in a decision"), min_value=0, max_value=50)
    score_weight = forms.IntegerField(
        label=_("Weight of this kind of seat's scores"),
        min_value=0,
        max_value=100,
        help_text=_("Residents 1 and officers 1 means their agreed scores count equally."),
    )


class AppointForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"), help_text=_("They need an account. Officers can register residents at a hub.")
    )
    seat_type = forms.ChoiceField(label=_("Seat"), choices=SeatType.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Why they were chosen (optional)"), max_length=300, required=False)


class StepDownForm(forms.Form):
    reason = forms.CharField(label=_("Why they are stepping down"), max_length=300)
