"""Forms for commissioning. They parse what people type; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Organisation, OrganisationKind
from coopcouncil.commissioning.models import (
    KPI,
    STATUTORY_CHARACTERISTICS,
    AssetKind,
    Contract,
    DecisionMaker,
    DeliveryRoute,
    EiaOutcome,
    EvidenceItem,
    EvidenceKind,
    Impact,
    KPIDirection,
    KPIFrequency,
    MarketEventKind,
    Outcome,
    ProtectedCharacteristic,
    Rating,
    ReviewOutcome,
    SeatType,
)
from coopcouncil.commissioning.models.acquisition import Award, Bid, CallKind, Criterion, CriterionKind
from coopcouncil.commissioning.models.delivery import KPI_DIGITS, KPI_PLACES
from coopcouncil.core.models import DecisionMethod
from coopcouncil.frontend.fields import DateInputField, OwnerChoiceField, PoundsField
from coopcouncil.meetings.models import MeetingDecision
from coopcouncil.places.models import Ward
from coopcouncil.places.selectors import communities_list


class ProgrammeForm(forms.Form):
    owner = OwnerChoiceField(
        label=_("Who is it for?"),
        help_text=_("A community, or a co-operative that commissions services itself."),
        error_messages={"required": _("Choose the community or co-operative it is for.")},
    )
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
        owner = self.fields["owner"]
        assert isinstance(owner, OwnerChoiceField)  # noqa: S101 - declared above
        owner.owners_set(
            communities=communities_list(), organisations=Organisation.objects.filter(kind=OrganisationKind.COOPERATIVE)
        )


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


# Stages 1 to 3: evidence, assets, needs and outcomes; dots, the budget split, the equality
# assessment and the decisions; market engagement and the options appraisal.


if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SaysWhatIsMissing(forms.Form):
    """Each required field says what to enter when it is left empty, in GOV.UK's words."""

    missing: ClassVar[dict[str, str | _StrPromise]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.say_what_is_missing()

    def say_what_is_missing(self) -> None:
        for name, message in self.missing.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


def _text(label: str | _StrPromise, *, rows: int = 4, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class EvidenceForm(SaysWhatIsMissing):
    missing = {
        "kind": _("Choose what kind of evidence it is"),
        "title": _("Enter a title"),
        "summary": _("Say what it tells us"),
        "source": _("Say where it comes from"),
        "gathered_on": _("Enter the date it was gathered"),
    }
    kind = forms.ChoiceField(
        label=_("What kind of evidence is it?"), choices=EvidenceKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = _text(_("What it tells us"))
    source = forms.CharField(
        label=_("Where it comes from"), max_length=300, help_text=_("For example, Census 2021 or the youth forum.")
    )
    gathered_on = DateInputField(label=_("When it was gathered"), help_text=_("For example, 27 3 2026."))
    upload = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("Only the panel and the officers can open it. Do not attach anything that names residents."),
    )
    is_public = forms.BooleanField(label=_("Show this evidence on the programme's public page"), required=False)


class AssetForm(SaysWhatIsMissing):
    missing = {"name": _("Enter the name"), "kind": _("Choose what it is")}
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("What is it?"), choices=AssetKind.choices, widget=forms.RadioSelect)
    description = _text(_("What it offers (optional)"), required=False)
    ward = forms.ModelChoiceField(
        label=_("Ward (optional)"), queryset=Ward.objects.none(), required=False, empty_label=_("Not one ward")
    )
    place = forms.CharField(
        label=_("Place (optional)"), max_length=200, required=False, help_text=_("For example, Brixton town centre.")
    )
    run_by = forms.CharField(label=_("Who runs it (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, wards: QuerySet[Ward], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = wards  # type: ignore[attr-defined]


class NeedForm(SaysWhatIsMissing):
    missing = {"statement": _("Enter the need")}
    statement = _text(
        _("The need, in plain words"), help_text=_("For example, young people have nowhere safe to meet after school.")
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("The evidence that shows it"),
        queryset=EvidenceItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, evidence: QuerySet[EvidenceItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence  # type: ignore[attr-defined]


class IndicatorFields(SaysWhatIsMissing):
    missing = {
        "measure": _("Enter what is measured"),
        "baseline": _("Enter the baseline"),
        "method": _("Enter how it is measured"),
        "title": _("Enter the outcome"),
        "outcome": _("Choose the outcome"),
    }
    measure = forms.CharField(
        label=_("What is measured"), max_length=300, help_text=_("For example, young people who say they feel safe.")
    )
    baseline = forms.CharField(label=_("Where it is now (the baseline)"), max_length=200)
    method = forms.CharField(
        label=_("How it is measured"), max_length=300, help_text=_("For example, the annual youth survey.")
    )


class OutcomeForm(IndicatorFields):
    title = forms.CharField(
        label=_("The outcome"), max_length=200, help_text=_("A change for people, like young people feel safe.")
    )
    description = _text(_("More about it (optional)"), required=False)
    field_order = ["title", "description", "measure", "baseline", "method"]


class IndicatorForm(IndicatorFields):
    outcome = forms.ModelChoiceField(label=_("Outcome"), queryset=Outcome.objects.none())
    field_order = ["outcome", "measure", "baseline", "method"]

    def __init__(self, *args: Any, outcomes: QuerySet[Outcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = outcomes  # type: ignore[attr-defined]


class DotVoteOpenForm(SaysWhatIsMissing):
    missing = {"dots_per_member": _("Enter how many dots each member has")}
    dots_per_member = forms.IntegerField(
        label=_("Dots for each panel member"), min_value=1, max_value=50, initial=5, help_text=_("Usually 5.")
    )


def outcome_field_name(outcome: Outcome) -> str:
    return f"outcome_{outcome.pk}"


class DotsForm(forms.Form):
    """A number of dots for each outcome; the service checks the total."""

    def __init__(self, *args: Any, outcomes: list[Outcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for outcome in outcomes:
            self.fields[outcome_field_name(outcome)] = forms.IntegerField(
                label=outcome.title,
                min_value=0,
                max_value=50,
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            )

    def dots(self) -> dict[int, int]:
        return {outcome.pk: self.cleaned_data.get(outcome_field_name(outcome)) or 0 for outcome in self.outcomes}


class BudgetSplitForm(forms.Form):
    def __init__(self, *args: Any, outcomes: list[Outcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for outcome in outcomes:
            self.fields[outcome_field_name(outcome)] = PoundsField(label=outcome.title, required=False)

    def amounts(self) -> dict[int, int]:
        return {
            outcome.pk: amount
            for outcome in self.outcomes
            if (amount := self.cleaned_data.get(outcome_field_name(outcome))) is not None
        }


class RecommendationForm(SaysWhatIsMissing):
    missing = {"reasons": _("Say why the panel recommends these priorities")}
    reasons = _text(_("Why the panel recommends these priorities (published)"))


class DecisionMakerFields(SaysWhatIsMissing):
    missing = {
        "decision_maker": _("Choose who took the decision"),
        "decided_on": _("Enter the date of the decision"),
        "rationale": _("Give the reasons for the decision"),
        "route": _("Choose the route"),
        "reasons": _("Say why this route was chosen"),
    }
    decision_maker = forms.ChoiceField(
        label=_("Who took the decision"), choices=DecisionMaker.choices, widget=forms.RadioSelect
    )
    decided_by = forms.CharField(
        label=_("The officer's name and post"),
        max_length=200,
        required=False,
        help_text=_("Needed when a named officer decided under delegated authority."),
    )


class PrioritiesDecisionForm(DecisionMakerFields):
    decided_on = DateInputField(label=_("Date of the decision"))
    rationale = _text(_("The reasons for the decision (published)"))


class EqualityAssessmentForm(SaysWhatIsMissing):
    """One impact and mitigation for each characteristic, then the outcome of the assessment."""

    missing = {
        "evidence_used": _("Say what evidence the assessment used"),
        "outcome": _("Choose the outcome of the assessment"),
        "completed_on": _("Enter the date it was completed"),
    }

    evidence_used = _text(_("Evidence used"), help_text=_("For example, the census by ward and the youth survey."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for characteristic in ProtectedCharacteristic:
            self.fields[f"impact_{characteristic.value}"] = forms.ChoiceField(
                label=_("Impact on: %(characteristic)s") % {"characteristic": characteristic.label},
                choices=Impact.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"mitigation_{characteristic.value}"] = forms.CharField(
                label=_("Mitigation for %(characteristic)s (needed for a negative impact)")
                % {"characteristic": characteristic.label.lower()},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Outcome of the assessment"), choices=EiaOutcome.choices, widget=forms.RadioSelect
        )
        self.fields["completed_on"] = DateInputField(label=_("Date completed"))
        self.fields["upload"] = forms.FileField(label=_("Attach the full assessment (optional)"), required=False)
        self.say_what_is_missing()

    def clean(self) -> dict[str, Any]:
        """The same rules as the service, so that every gap shows at once, beside its characteristic."""
        data = super().clean() or {}
        for characteristic in STATUTORY_CHARACTERISTICS:
            if not data.get(f"impact_{characteristic.value}"):
                self.add_error(
                    f"impact_{characteristic.value}",
                    _("Say what the impact is on %(characteristic)s.")
                    % {"characteristic": characteristic.label.lower()},
                )
        for characteristic in ProtectedCharacteristic:
            negative = data.get(f"impact_{characteristic.value}") == Impact.NEGATIVE
            if negative and not (data.get(f"mitigation_{characteristic.value}") or "").strip():
                self.add_error(
                    f"mitigation_{characteristic.value}",
                    _("Say how the negative impact on %(characteristic)s will be reduced.")
                    % {"characteristic": characteristic.label.lower()},
                )
        return data

    def impacts(self) -> dict[ProtectedCharacteristic, tuple[Impact, str]]:
        return {
            characteristic: (Impact(impact), self.cleaned_data.get(f"mitigation_{characteristic.value}") or "")
            for characteristic in ProtectedCharacteristic
            if (impact := self.cleaned_data.get(f"impact_{characteristic.value}"))
        }


class MarketEngagementForm(SaysWhatIsMissing):
    missing = {
        "held_on": _("Enter the date"),
        "kind": _("Choose the kind of engagement"),
        "organisations": _("Enter the organisations that took part"),
        "notes": _("Enter what was learnt"),
    }
    held_on = DateInputField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Kind of engagement"), choices=MarketEventKind.choices, widget=forms.RadioSelect)
    organisations = _text(_("Organisations that took part"), rows=3)
    notes = _text(_("What was learnt"), rows=5)


class OptionAppraisalForm(SaysWhatIsMissing):
    missing = {
        "route": _("Choose a delivery route"),
        "benefits": _("Enter the benefits"),
        "risks": _("Enter the risks"),
        "is_viable": _("Say whether this route is viable"),
    }
    route = forms.ChoiceField(label=_("Delivery route"), choices=DeliveryRoute.choices, widget=forms.RadioSelect)
    benefits = _text(_("Benefits"), rows=3)
    risks = _text(_("Risks"), rows=3)
    cost_estimate_pence = PoundsField(label=_("Estimated cost"), help_text=_("In pounds, for the whole programme."))
    is_viable = forms.TypedChoiceField(
        label=_("Is this route viable?"), choices=YES_NO, coerce=lambda value: value == "yes", widget=forms.RadioSelect
    )


class RouteChoiceForm(DecisionMakerFields):
    route = forms.ChoiceField(label=_("The chosen route"), choices=DeliveryRoute.choices, widget=forms.RadioSelect)
    reasons = _text(_("Why this route (published)"))
    field_order = ["route", "decision_maker", "decided_by", "reasons"]


# Stages 5 and 6: delivery, monitoring and review ------------------------------------------


def _kpi_number(**labels: Any) -> forms.DecimalField:
    return forms.DecimalField(
        **labels,
        max_digits=KPI_DIGITS,
        decimal_places=KPI_PLACES,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"max_decimal_places": _("Give the value to at most 2 decimal places.")},
    )


class AwardChoiceField(forms.ModelChoiceField[Award]):
    def label_from_instance(self, obj: Award) -> str:
        return f"{obj.call.title}: {obj.bid.organisation.name}"


class ContractForm(forms.Form):
    award = AwardChoiceField(
        label=_("The award it follows"),
        queryset=Award.objects.none(),
        required=False,
        empty_label=_("None: recorded without a call"),
        help_text=_("Awards whose standstill period is over and that have no contract yet."),
    )
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

    def __init__(self, *args: Any, awards: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["award"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        if awards is None:
            del self.fields["award"]
        else:
            field.queryset = awards


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


# Stage 4: acquisition ----------------------------------------------------------------------


class SpecificationDraftForm(forms.Form):
    title = forms.CharField(label=_("Title of the specification"), max_length=200)
    body = forms.CharField(
        label=_("The specification"),
        help_text=_("The outcomes the service must achieve, for whom, where, and how it will be measured."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    change_note = forms.CharField(
        label=_("What changed since the last version (optional)"), max_length=300, required=False
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment on this draft"), widget=forms.Textarea(attrs={"rows": 4}))


class AgreeForm(forms.Form):
    decided_by = forms.CharField(
        label=_("Who agreed it"), max_length=200, help_text=_("For example, the youth services panel.")
    )
    reasons = forms.CharField(
        label=_("Why (published on the timeline)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Name of the call"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"), max_length=100, help_text=_("Lower-case words joined by hyphens, like youth-clubs.")
    )
    kind = forms.ChoiceField(label=_("Kind of call"), choices=CallKind.choices, widget=forms.RadioSelect)
    lot = forms.CharField(
        label=_("Lot (optional)"), max_length=200, required=False, help_text=_("For example, Detached youth work.")
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    value_limit_pence = PoundsField(label=_("The most the council will pay"), help_text=_("In pounds."))
    closes_on = DateInputField(label=_("Closing date"), help_text=_("Bids close at noon. For example, 27 3 2027."))


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of criterion"), choices=CriterionKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Criterion"), max_length=200)
    question = forms.CharField(
        label=_("The question bidders answer (optional for price)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    weight = forms.IntegerField(label=_("Weight, in percentage points"), min_value=1, max_value=100)
    seat_types = forms.MultipleChoiceField(
        label=_("Which kinds of seat score it"),
        help_text=_("Leave empty for price: it is scored by formula."),
        choices=SeatType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CriterionChangeForm(forms.Form):
    weight = forms.IntegerField(label=_("Weight, in percentage points"), min_value=1, max_value=100)
    seat_types = forms.MultipleChoiceField(
        label=_("Which kinds of seat score it"),
        choices=SeatType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ComplianceForm(forms.Form):
    compliant = forms.TypedChoiceField(
        label=_("Is the bid compliant?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Why not (needed when it is not compliant)"), max_length=500, required=False)


class ProviderRegisterForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    scheme = forms.ChoiceField(
        label=_("How is it registered?"),
        choices=[
            ("GB-CHC", _("Charity registered with the Charity Commission")),
            ("GB-COH", _("Company registered with Companies House")),
            ("GB-MPR", _("Society on the Mutuals Public Register")),
        ],
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label=_("Registered number"),
        max_length=20,
        help_text=_("A company number has 8 characters, with its leading zeros, like 01234567."),
    )
    role_title = forms.CharField(label=_("Your role in the organisation"), max_length=100)
    website = forms.URLField(label=_("Website (optional)"), required=False)
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=10, required=False)

    def org_id(self) -> str:
        return f"{self.cleaned_data['scheme']}-{self.cleaned_data['number'].strip().replace(' ', '')}"


class BidStartForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation is bidding?"), queryset=Organisation.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        )


class BidForm(forms.Form):
    """One answer a criterion, and the price when price is a criterion."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            if criterion.is_price:
                self.fields["price_pence"] = PoundsField(
                    label=_("Your price for the whole contract"), help_text=_("In pounds."), required=False
                )
            else:
                self.fields[f"answer_{criterion.pk}"] = forms.CharField(
                    label=criterion.title,
                    help_text=criterion.question,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6}),
                )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("answer_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_")
        }


class AttachmentForm(forms.Form):
    label = forms.CharField(label=_("What the file is"), max_length=200, help_text=_("For example, audited accounts."))
    upload = forms.FileField(label=_("Upload a file"))


class InterestsForm(forms.Form):
    """A line for each bidder; an interest written against a bidder keeps the evaluator off that bid."""

    confirm = forms.BooleanField(
        label=_("I have declared every personal, professional or financial interest I have in these bidders"),
        error_messages={"required": _("Confirm that you have declared every interest you have.")},
    )

    def __init__(self, *args: Any, bids: list[Bid], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bid in bids:
            self.fields[f"interest_{bid.pk}"] = forms.CharField(
                label=_("Your interest in %(organisation)s (leave empty if none)") % {"organisation": bid.organisation},
                max_length=500,
                required=False,
            )
        self.order_fields([name for name in self.fields if name != "confirm"] + ["confirm"])

    def interests(self) -> dict[int, str]:
        return {
            int(name.removeprefix("interest_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("interest_") and value.strip()
        }


def _scale_choices(scale: list[str]) -> list[tuple[int, str]]:
    return [(score, f"{score}: {descriptor}") for score, descriptor in enumerate(scale)]


class ScoresForm(forms.Form):
    """A score on the call's scale for each criterion, each with its written reasons."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], scale: list[str], reason_label: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for %(criterion)s") % {"criterion": criterion.title},
                choices=_scale_choices(scale),
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=reason_label % {"criterion": criterion.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"reason_{c.pk}"]) for c in self.criteria}


class RecommendForm(forms.Form):
    bid = forms.ModelChoiceField(label=_("Recommended bid"), queryset=Bid.objects.none(), widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("The panel's reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, bids: list[Bid], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = Bid.objects.filter(pk__in=[b.pk for b in bids])  # type: ignore[attr-defined]
        self.fields["bid"].label_from_instance = lambda bid: str(bid.organisation)  # type: ignore[attr-defined]


class AwardDecideForm(forms.Form):
    decided_by = forms.CharField(
        label=_("Who decided"),
        max_length=200,
        help_text=_("For example, Cabinet, or the Director of Children's Services."),
    )
    method = forms.ChoiceField(
        label=_("How"),
        choices=[
            (DecisionMethod.OFFICER.value, DecisionMethod.OFFICER.label),
            (DecisionMethod.BODY.value, DecisionMethod.BODY.label),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons (published)"), widget=forms.Textarea(attrs={"rows": 3}))
    ratification = forms.ModelChoiceField(
        label=_("The board's ratification"),
        queryset=MeetingDecision.objects.none(),
        required=False,
        help_text=_("A co-operative's board ratifies its panel's recommendation at a board meeting."),
    )

    def __init__(self, *args: Any, ratifications: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ratifications is None:
            del self.fields["ratification"]
        else:
            field = self.fields["ratification"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = ratifications


class NoticeForm(forms.Form):
    published_on = DateInputField(label=_("Date the award notice was published"))


class NoAwardForm(forms.Form):
    reasons = forms.CharField(label=_("Why there is no award (published)"), widget=forms.Textarea(attrs={"rows": 3}))
