"""Forms for commissioning. They parse what people type; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Organisation
from coopcouncil.commissioning.models import (
    KPI,
    Contract,
    KPIDirection,
    KPIFrequency,
    Rating,
    ReviewOutcome,
    SeatType,
)
from coopcouncil.commissioning.models.delivery import KPI_DIGITS, KPI_PLACES
from coopcouncil.frontend.fields import DateInputField, PoundsField
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


# Stages 5 and 6: delivery, monitoring and review ------------------------------------------


def _kpi_number(**labels: Any) -> forms.DecimalField:
    return forms.DecimalField(
        **labels,
        max_digits=KPI_DIGITS,
        decimal_places=KPI_PLACES,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"max_decimal_places": _("Give the value to at most 2 decimal places.")},
    )


class ContractForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Organisation.objects.all(),
        help_text=_("The organisation that delivers the service."),
        error_messages={"required": _("Choose the supplier.")},
    )
    title = forms.CharField(label=_("Contract title"), max_length=200)
    value_pence = PoundsField(label=_("Contract value"), help_text=_("In pounds, for the whole contract."))
    starts_on = DateInputField(label=_("Starts on"), help_text=_("For example, 1 4 2027"))
    ends_on = DateInputField(label=_("Ends on"), help_text=_("For example, 31 3 2030"))


class KPIForm(forms.Form):
    name = forms.CharField(label=_("Name of the KPI"), max_length=200)
    definition = forms.CharField(
        label=_("How it is measured (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, help_text=_("For example, young people, or %."))
    direction = forms.ChoiceField(
        label=_("Which way is better?"), choices=KPIDirection.choices, widget=forms.RadioSelect
    )
    frequency = forms.ChoiceField(
        label=_("How often is it reported?"), choices=KPIFrequency.choices, widget=forms.RadioSelect
    )
    baseline = _kpi_number(label=_("Baseline"), help_text=_("The value before the contract started."))
    target = _kpi_number(label=_("Target"))
    green_at = _kpi_number(label=_("Green from"), help_text=_("A value at this threshold, or better, is green."))
    amber_at = _kpi_number(
        label=_("Amber from"), help_text=_("A value at this threshold, or better, but short of green, is amber.")
    )


class KPIReturnForm(forms.Form):
    kpi = forms.ModelChoiceField(label=_("KPI"), queryset=KPI.objects.none(), widget=forms.RadioSelect)
    period_start = DateInputField(
        label=_("First day of the period"),
        help_text=_("The 1st of the month, or of the quarter (January, April, July, October). For example, 1 4 2027"),
    )
    value = _kpi_number(label=_("Value"), help_text=_("Up to 2 decimal places."))
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("For example, the attendance register. Needed the first time; optional when sending again."),
    )

    def __init__(self, *args: Any, kpis: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = kpis  # type: ignore[attr-defined]


class ReturnReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Your check"),
        choices=[("verify", _("Verify: the evidence supports the value")), ("query", _("Query: ask the provider"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to verify or query the return.")},
    )
    note = forms.CharField(
        label=_("Note to the provider"),
        required=False,
        help_text=_("Needed when you query the return."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FeedbackForm(forms.Form):
    contract = forms.ModelChoiceField(
        label=_("Which service?"), queryset=Contract.objects.none(), widget=forms.RadioSelect
    )
    rating = forms.TypedChoiceField(
        label=_("How good is the service?"),
        choices=[
            (5, _("5: very good")),
            (4, _("4: good")),
            (3, _("3: all right")),
            (2, _("2: poor")),
            (1, _("1: very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=2000,
        help_text=_("Comments are read by an officer before they are published. Do not include anyone's name."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]


class PerformanceRatingForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=Contract.objects.none(), widget=forms.RadioSelect)
    period_start = DateInputField(label=_("Period starts on"))
    period_end = DateInputField(label=_("Period ends on"))
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Why (published)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Refer to the KPIs and feedback."),
    )
    by_panel = forms.BooleanField(label=_("The panel decided this rating"), required=False)

    def __init__(self, *args: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]


class ReviewDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The review's decision"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label=_("Why (published)"), widget=forms.Textarea(attrs={"rows": 4}))
    by_panel = forms.BooleanField(label=_("The panel took this decision"), required=False)
    next_title = forms.CharField(
        label=_("Name of the next cycle"),
        max_length=200,
        required=False,
        help_text=_("Only when recommissioning. For example, Youth services 2030 to 2033."),
    )
    next_slug = forms.SlugField(
        label=_("Web address of the next cycle"),
        max_length=100,
        required=False,
        help_text=_("Only when recommissioning. Lower-case words joined by hyphens."),
    )
