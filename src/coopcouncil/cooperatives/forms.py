"""Forms for co-operatives. They parse what people type; the services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.presenters import person_public_name
from coopcouncil.cooperatives.eligibility import class_rules_described
from coopcouncil.cooperatives.models import (
    BoardElection,
    Candidate,
    Cooperative,
    LeavingReason,
    MembershipClass,
    ResolutionKind,
    VoteChoice,
)
from coopcouncil.frontend.fields import DateInputField, PoundsField


class MembershipClassField(forms.ModelChoiceField[MembershipClass]):
    def label_from_instance(self, obj: MembershipClass) -> str:
        rules = " ".join(class_rules_described(obj))
        return f"{obj.name}: {obj.description} {rules}".strip() if obj.description or rules else obj.name


class JoinForm(forms.Form):
    membership_class = MembershipClassField(
        label=_("Which kind of member are you?"),
        queryset=MembershipClass.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the kind of member you are.")},
    )
    supports_aims = forms.BooleanField(
        label=_("I support the co-operative's aims and will take part as a member"),
        required=False,
    )
    statement = forms.CharField(
        label=_("Why do you want to join? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words for the people who approve members."),
    )

    def __init__(self, *args: Any, cooperative: Cooperative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership_class"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = cooperative.classes.all()


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: they join the register")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to approve or refuse.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when refusing: the applicant is told."),
    )


class ResignForm(forms.Form):
    note = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Governance ---------------------------------------------------------------------------------


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose for, against or abstain.")},
    )


class InterestForm(forms.Form):
    description = forms.CharField(
        label=_("What is your interest?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, you work for an organisation the resolution is about. You will not vote on it."),
        error_messages={"required": _("Say what the interest is.")},
    )


class GeneralMeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Annual general meeting"))
    is_annual = forms.BooleanField(label=_("This is the annual general meeting"), required=False, initial=True)
    starts_on = DateInputField(label=_("Date"), help_text=_("At least 14 clear days from today, for example 20 4 2027"))
    starts_at_time = forms.TimeField(label=_("Starts at"), help_text=_("For example, 18:30"))
    ends_at_time = forms.TimeField(label=_("Ends at"), help_text=_("For example, 20:30"))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Link to join online (optional)"), required=False)


class ResolutionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Wording of the resolution"), widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Kind"), choices=ResolutionKind.choices, widget=forms.RadioSelect)
    concerns_award_to_providers = forms.BooleanField(
        label=_("It is about an award to providers: members in a provider class will not vote"), required=False
    )


class CandidateChoiceField(forms.ModelMultipleChoiceField[Candidate]):
    """Candidates by the name the public may see: a child's name never shows."""

    today: date | None = None

    def label_from_instance(self, obj: Candidate) -> str:
        # Young candidates are not named in public, so the member number tells them apart.
        name = person_public_name(obj.member.person, on=self.today or date.today())  # noqa: DTZ011 - set by the form
        return str(_("%(name)s, member %(number)d") % {"name": name, "number": obj.member.member_number})


class ElectionBallotForm(forms.Form):
    candidates = CandidateChoiceField(
        label=_("Who do you vote for?"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one candidate.")},
    )

    def __init__(self, *args: Any, election: BoardElection, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        assert isinstance(field, CandidateChoiceField)  # noqa: S101 - declared above
        field.queryset = election.candidates.select_related("member__person")
        field.help_text = _("Choose up to %(seats)d.") % {"seats": election.seats}
        field.today = today


class ElectionOpenForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=20)


class NominationForm(forms.Form):
    member_number = forms.IntegerField(label=_("Member number of the candidate"), min_value=1)
    statement = forms.CharField(
        label=_("Their statement (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LotsForm(forms.Form):
    order = forms.CharField(
        label=_("Member numbers in the order drawn"),
        help_text=_("Separated by commas, first drawn first, for example 112, 87"),
    )
    how = forms.CharField(label=_("How the lots were drawn, and who saw it"), max_length=300)

    def clean_order(self) -> list[int]:
        try:
            return [int(part) for part in self.cleaned_data["order"].replace(" ", "").split(",") if part]
        except ValueError as error:
            raise forms.ValidationError(_("Enter member numbers separated by commas, like 112, 87.")) from error


class IncomeForm(forms.Form):
    source = forms.CharField(
        label=_("Where the money came from"), max_length=200, help_text=_("For example, a trust or a sponsor.")
    )
    amount_pence = PoundsField(label=_("Amount"), help_text=_("In pounds."))
    received_on = DateInputField(label=_("Received on"), help_text=_("For example, 1 2 2027"))
    description = forms.CharField(label=_("What it is for (optional)"), max_length=300, required=False)


class LeavingForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why they left"),
        choices=[
            (LeavingReason.NO_LONGER_ELIGIBLE, LeavingReason.NO_LONGER_ELIGIBLE.label),
            (LeavingReason.DIED, LeavingReason.DIED.label),
        ],
        widget=forms.RadioSelect,
        help_text=_("A member resigns themselves; expulsion needs notice and a general meeting."),
    )
    on = DateInputField(label=_("Date they left"))
    note = forms.CharField(label=_("What happened, for the register"), max_length=500)


class ExpulsionNoticeForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons, as the member will read them"), widget=forms.Textarea(attrs={"rows": 4})
    )
    notice_given_on = DateInputField(label=_("Date the written notice is given"))
    meeting_on = DateInputField(
        label=_("Date of the general meeting that will hear it"), help_text=_("At least 21 days later.")
    )


class ExpulsionHearingForm(forms.Form):
    heard_on = DateInputField(label=_("Date of the meeting"))
    representations = forms.CharField(
        label=_("What the member (or their representative) said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    votes_for = forms.IntegerField(label=_("Votes for expelling"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)


class MembershipTargetForm(forms.Form):
    target = forms.IntegerField(label=_("How many members you aim for"), min_value=1)
    by = DateInputField(label=_("By when"), help_text=_("For example, 1 4 2028"))


class MembershipClassForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the kind of member"), max_length=100, help_text=_("For example, Young people.")
    )
    description = forms.CharField(label=_("Who it is for (optional)"), max_length=300, required=False)
    minimum_age = forms.IntegerField(label=_("Youngest age (optional)"), min_value=0, max_value=120, required=False)
    maximum_age = forms.IntegerField(label=_("Oldest age (optional)"), min_value=0, max_value=120, required=False)
    is_provider_class = forms.BooleanField(
        label=_("People from organisations that provide services"),
        required=False,
        help_text=_("They never vote on awards to providers."),
    )
