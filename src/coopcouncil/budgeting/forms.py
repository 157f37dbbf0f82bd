"""Forms for participatory budgeting. They parse what people type; the services decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import AreaClaimKind, Organisation, OrganisationKind
from coopcouncil.budgeting import services
from coopcouncil.budgeting.ballot_rules import Choice, pot_field
from coopcouncil.budgeting.models import (
    BallotsPerPerson,
    BallotType,
    Category,
    CountingRule,
    DeliveryStatus,
    FeasibilityOutcome,
    Phase,
    Pot,
    Proposal,
    Round,
)
from coopcouncil.budgeting.presenters import money
from coopcouncil.cooperatives.models import Cooperative, MembershipClass
from coopcouncil.frontend.fields import DateInputField, OwnerChoiceField, PoundsField
from coopcouncil.places.models import Ward
from coopcouncil.places.selectors import communities_list, wards_current


class PotChoiceField(forms.ModelChoiceField[Pot]):
    def label_from_instance(self, obj: Pot) -> str:
        if obj.max_project_cost_pence:
            return str(
                _("%(pot)s: projects up to %(limit)s") % {"pot": obj.name, "limit": money(obj.max_project_cost_pence)}
            )
        return obj.name


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("A few words, like “Benches and shade in Slade Gardens”."),
        error_messages={"required": _("Give your idea a short title.")},
    )
    description = forms.CharField(
        label=_("Describe your idea"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What would happen, who it would help, and why it matters."),
        error_messages={"required": _("Describe your idea: what it is, who it helps and where.")},
    )
    estimated_cost_pence = PoundsField(
        label=_("Roughly how much would it cost?"),
        help_text=_("In pounds. Officers will check the cost with you."),
        error_messages={"required": _("Enter roughly what it would cost, in pounds.")},
    )
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your idea is about.")},
    )
    place_name = forms.CharField(
        label=_("Where would it happen? (optional)"),
        max_length=200,
        required=False,
        help_text=_("A street, park, building or area."),
    )
    ward = forms.ModelChoiceField(
        label=_("Ward (optional)"), queryset=Ward.objects.none(), required=False, empty_label=_("Not sure")
    )
    pot = PotChoiceField(label=_("Which pot is it for?"), queryset=Pot.objects.none(), widget=forms.RadioSelect)

    def __init__(self, *args: Any, round: Round, wards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ward_field = self.fields["ward"]
        assert isinstance(ward_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        ward_field.queryset = wards
        pots = round.pots.all()
        pot_field = self.fields["pot"]
        assert isinstance(pot_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        if pots.count() > 1:
            pot_field.queryset = pots
        else:
            del self.fields["pot"]


class FeasibilityReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Can it go on the ballot?"),
        choices=FeasibilityOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it can go on the ballot.")},
    )
    costed_pence = PoundsField(
        label=_("The council's costing"), required=False, help_text=_("In pounds. Needed when it is feasible.")
    )
    published_reason = forms.CharField(
        label=_("Reason, published with the proposal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain words anyone can read: what was checked and what was found."),
        error_messages={"required": _("Give the reason everyone will read.")},
    )
    notes_for_proposer = forms.CharField(
        label=_("Notes for the proposers (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent only to them, for example how to change it to make it feasible."),
    )
    pot = forms.ModelChoiceField(label=_("Pot"), queryset=Pot.objects.none(), required=False)

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pots = round.pots.all()
        pot_field = self.fields["pot"]
        assert isinstance(pot_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        if pots.count() > 1:
            pot_field.queryset = pots
        else:
            del self.fields["pot"]


class PhaseAdvanceForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the record (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Add a comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=30,
        help_text=_("16 letters and numbers, like K7QM-3XHP-WN2D-8RTF."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}),
    )


class VotingCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=30,
        help_text=_("It is printed on the card you were given, like ABCD-EFGH-JKMN-PQRS."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}),
    )


class TieDrawForm(forms.Form):
    order = forms.CharField(
        label=_("Ballot numbers in the order drawn"),
        max_length=200,
        help_text=_("First drawn first, separated by commas, for example 7, 3."),
    )
    method = forms.CharField(label=_("How the lots were drawn"), max_length=300)
    witnesses = forms.CharField(label=_("Who saw it"), max_length=300)

    def clean_order(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["order"].split(",") if part.strip()]


class DeliveryUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DeliveryStatus.choices, widget=forms.RadioSelect)
    percent_complete = forms.IntegerField(label=_("How far along, in per cent"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What has happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    spent_pence = PoundsField(label=_("Spent so far (optional)"), required=False)


class PaperBatchForm(forms.Form):
    label = forms.CharField(label=_("Where the papers will be used"), max_length=100)
    how_many = forms.IntegerField(label=_("How many papers"), min_value=1, max_value=10000)


class VotingCodesForm(forms.Form):
    label = forms.CharField(label=_("Where the codes will be handed out"), max_length=100)
    how_many = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=5000)


class ReconcileForm(forms.Form):
    issued = forms.IntegerField(label=_("Papers handed to voters"), min_value=0)
    returned = forms.IntegerField(label=_("Papers in the ballot box"), min_value=0)


# --------------------------------------------------------------------------------------------------
# The ballot itself


def proposal_label(proposal: Proposal) -> str:
    return f"{proposal.ballot_number}. {proposal.title} ({money(proposal.cost_pence)})"


class BallotForm(forms.Form):
    """One section per pot, shaped by the round's ballot type.

    Approval and knapsack ballots are checkboxes; cumulative ballots a points box per project;
    ranked ballots a choice of rank per project. ``choices()`` gives what the services take, and
    ``add_service_errors`` puts the services' per-pot messages on the right field.
    """

    def __init__(self, *args: Any, round: Round, pots: Mapping[Pot, Sequence[Proposal]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.round = round
        self.pots = pots
        self.kind = BallotType(round.ballot_type)
        self.sections: list[tuple[Pot, list[str]]] = []
        for pot, proposals in pots.items():
            names = self._add_pot(pot, list(proposals))
            self.sections.append((pot, names))

    @property
    def bound_sections(self) -> list[tuple[Pot, list[Any]]]:
        """Each pot with its bound fields, for the template."""
        return [(pot, [self[name] for name in names]) for pot, names in self.sections]

    @property
    def boxes_per_project(self) -> bool:
        return self.kind in (BallotType.CUMULATIVE, BallotType.RANKED)

    def _pot_hint(self, pot: Pot) -> str:
        if self.kind == BallotType.APPROVAL and self.round.max_choices:
            return str(_("Choose up to %(limit)d.") % {"limit": self.round.max_choices})
        if self.kind == BallotType.KNAPSACK:
            hint = str(
                _("Choose projects that together cost no more than %(budget)s.") % {"budget": money(pot.budget_pence)}
            )
            if self.round.minimum_spend_percent:
                hint += " " + str(
                    _("Spend at least %(percent)d%% of it.") % {"percent": self.round.minimum_spend_percent}
                )
            return hint
        if self.kind == BallotType.CUMULATIVE:
            return str(
                _("Share out up to %(points)d points. Give more points to what matters most to you.")
                % {"points": self.round.points_per_voter or 0}
            )
        return str(_("Put 1 by your first choice, 2 by your second, and so on."))

    def _add_pot(self, pot: Pot, proposals: list[Proposal]) -> list[str]:
        name = pot_field(pot)
        label = pot.name if len(self.pots) > 1 else _("Your choices")
        if self.kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=label,
                choices=[(p.pk, proposal_label(p)) for p in proposals],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=self._pot_hint(pot),
            )
            return [name]
        names = []
        for proposal in proposals:
            field_name = f"p_{proposal.pk}"
            if self.kind == BallotType.CUMULATIVE:
                self.fields[field_name] = forms.IntegerField(
                    label=proposal_label(proposal),
                    min_value=0,
                    max_value=self.round.points_per_voter or 0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
                )
            else:
                depth = self.round.max_choices or len(proposals)
                self.fields[field_name] = forms.TypedChoiceField(
                    label=proposal_label(proposal),
                    choices=[("", _("Not ranked")), *((n, str(n)) for n in range(1, depth + 1))],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
            names.append(field_name)
        if names:
            self.fields[names[0]].help_text = self._pot_hint(pot)
        return names

    def choices(self) -> list[Choice]:
        picked: list[Choice] = []
        for _pot, names in self.sections:
            if self.kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
                picked.extend(Choice(pk) for pk in self.cleaned_data.get(names[0]) or [])
                continue
            for field_name in names:
                value = self.cleaned_data.get(field_name)
                if not value:
                    continue
                pk = int(field_name.removeprefix("p_"))
                picked.append(
                    Choice(pk, points=value) if self.kind == BallotType.CUMULATIVE else Choice(pk, rank=value)
                )
        return picked

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each per-pot message on the pot's field (or, for boxes per project, the first box)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        fields = {pot_field(pot): names[0] for pot, names in self.sections if names}
        for key, messages in error.error_dict.items():
            self.add_error(fields.get(key), messages)


# --------------------------------------------------------------------------------------------------
# Officers' forms


class RoundForm(forms.Form):
    owner = OwnerChoiceField(
        label=_("Who is it for?"),
        help_text=_("A community, or a co-operative running a round for its members."),
        error_messages={"required": _("Choose the community or co-operative it is for.")},
    )
    title = forms.CharField(label=_("Name of the round"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=100,
        help_text=_("Lower-case words joined by hyphens, like brixton-green-fund-2027."),
    )
    summary = forms.CharField(label=_("One-line summary"), max_length=300)
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    budget_pence = PoundsField(label=_("Money to spend"), help_text=_("In pounds."))
    ballot_type = forms.ChoiceField(label=_("Ballot"), choices=BallotType.choices, widget=forms.RadioSelect)
    max_choices = forms.IntegerField(
        label=_("Most projects a voter may choose or rank (optional)"),
        min_value=1,
        required=False,
        help_text=_("Needed for 'choose up to a number of projects'."),
    )
    points_per_voter = forms.IntegerField(
        label=_("Points each voter shares out (optional)"), min_value=1, required=False
    )
    minimum_spend_percent = forms.IntegerField(
        label=_("Least share of the money a knapsack ballot must spend, in per cent (optional)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    counting_rule = forms.ChoiceField(
        label=_("How the votes are counted"), choices=CountingRule.choices, widget=forms.RadioSelect
    )
    ballots_per_person = forms.ChoiceField(
        label=_("Ballots per person"), choices=BallotsPerPerson.choices, widget=forms.RadioSelect
    )
    allow_ballot_change = forms.BooleanField(
        label=_("Voters may change their ballot with their receipt until voting closes"),
        required=False,
        initial=True,
    )
    pots = forms.CharField(
        label=_("Pots (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One pot a line as name: money, like 'Small projects: 5000'. Leave blank for one pot holding everything."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, OwnerChoiceField)  # noqa: S101 - declared above
        owner.owners_set(
            communities=communities_list(), organisations=Organisation.objects.filter(kind=OrganisationKind.COOPERATIVE)
        )

    def clean_pots(self) -> list[services.PotPlan]:
        plans = []
        for number, line in enumerate(self.cleaned_data["pots"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _colon, amount = line.partition(":")
            try:
                pence = PoundsField().clean(amount)
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(number)d: write the pot as name: money, like 'Small projects: 5000'.")
                    % {"number": number}
                ) from error
            plans.append(services.PotPlan(name.strip(), pence or 0))
        return plans


class AgeRuleForm(forms.Form):
    minimum_age = forms.IntegerField(label=_("Youngest age (optional)"), min_value=0, required=False)
    maximum_age = forms.IntegerField(label=_("Oldest age (optional)"), min_value=0, required=False)
    age_on = DateInputField(label=_("The date ages are worked out on"))


class AreaRuleForm(forms.Form):
    wards = forms.ModelMultipleChoiceField(
        label=_("Wards"),
        queryset=wards_current(on=timezone.localdate()).none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    postcode_districts = forms.CharField(
        label=_("Postcode districts (optional)"),
        max_length=200,
        required=False,
        help_text=_("Separated by commas, like SW2, SW9."),
    )
    connections = forms.MultipleChoiceField(
        label=_("Who counts as being from the area"),
        choices=AreaClaimKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Working, studying or volunteering there needs a claim an officer has verified."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wards"].queryset = wards_current(on=timezone.localdate())  # type: ignore[attr-defined]


class MembershipClassChoiceField(forms.ModelChoiceField[MembershipClass]):
    def label_from_instance(self, obj: MembershipClass) -> str:
        return f"{obj.cooperative.name}: {obj.name}"


class MembershipRuleForm(forms.Form):
    cooperative = forms.ModelChoiceField(
        label=_("Members of which co-operative?"),
        queryset=Cooperative.objects.none(),
        error_messages={"required": _("Choose the co-operative.")},
    )
    membership_class = MembershipClassChoiceField(
        label=_("Only one kind of member (optional)"),
        queryset=MembershipClass.objects.none(),
        required=False,
        empty_label=_("Every member"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = Cooperative.objects.select_related("organisation")  # type: ignore[attr-defined]
        self.fields["membership_class"].queryset = MembershipClass.objects.select_related(  # type: ignore[attr-defined]
            "cooperative__organisation"
        )


class PaperKeyForm(forms.Form):
    serial = forms.IntegerField(label=_("Paper number"), min_value=1)
    spoilt = forms.BooleanField(label=_("This paper is spoilt and cannot be counted"), required=False)
    spoilt_reason = forms.CharField(label=_("Why it is spoilt (if it is)"), max_length=200, required=False)


class ResolveForm(forms.Form):
    spoilt = forms.BooleanField(label=_("The paper is spoilt and cannot be counted"), required=False)
    spoilt_reason = forms.CharField(label=_("Why it is spoilt (if it is)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("What the paper shows, and why the keyings differed"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeskSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Find the voter"),
        max_length=100,
        help_text=_("Their name, postcode or email address."),
    )


class PhaseWindowForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=[])
    starts_on = DateInputField(label=_("Starts on"))
    ends_on = DateInputField(label=_("Ends on (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p.value, p.label) for p in Phase if p != Phase.DRAFT]  # type: ignore[attr-defined]


class CoProposerForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("They need an account on this site. They will be able to change the idea too."),
    )


class MergeForm(forms.Form):
    merged = forms.ModelMultipleChoiceField(
        label=_("Proposals to merge into this one"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Why they are merged"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, into: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = into.round.proposals.exclude(pk=into.pk).exclude(status__in=["withdrawn", "merged"])
        self.fields["merged"].queryset = others  # type: ignore[attr-defined]


class RoundEditForm(forms.Form):
    """The round's words; and, while it is a draft, the rules of the vote (RoundForm's fields)."""

    title = forms.CharField(label=_("Name of the round"), max_length=200)
    summary = forms.CharField(label=_("One-line summary"), max_length=300)
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if round.phase == Phase.DRAFT:
            rules = RoundForm()
            for name in services.rounds.DRAFT_EDITABLE:
                self.fields[name] = rules.fields[name]
