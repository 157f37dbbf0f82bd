"""Forms for commissioning. They parse what people type; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Organisation
from coopcouncil.commissioning.models import SeatType
from coopcouncil.commissioning.models.acquisition import Bid, CallKind, Criterion, CriterionKind
from coopcouncil.core.models import DecisionMethod
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


class NoticeForm(forms.Form):
    published_on = DateInputField(label=_("Date the award notice was published"))


class NoAwardForm(forms.Form):
    reasons = forms.CharField(label=_("Why there is no award (published)"), widget=forms.Textarea(attrs={"rows": 3}))
