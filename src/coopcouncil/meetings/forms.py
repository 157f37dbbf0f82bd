"""Forms for meetings. They parse what people type; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import AccessNeed, Person
from coopcouncil.frontend.fields import DateInputField, OwnerChoiceField
from coopcouncil.meetings.models import ConsentAnswer, Meeting, MeetingKind, VenueFeature


class RegistrationForm(forms.Form):
    joining_online = forms.TypedChoiceField(
        label=_("How will you take part?"),
        choices=[("no", _("In person")), ("yes", _("Online"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    access_needs = forms.MultipleChoiceField(
        label=_("What would help you take part?"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. Only the organisers see this, so they can arrange it before the day."),
    )
    language = forms.CharField(
        label=_("Which language, if you need translation or interpreting?"), max_length=100, required=False
    )
    other_needs = forms.CharField(
        label=_("Anything else we should arrange?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not meeting.online_link:
            del self.fields["joining_online"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Meeting code"),
        max_length=10,
        help_text=_("The six letters and numbers shown in the room."),
        error_messages={"required": _("Enter the meeting code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}),
    )


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class AttendanceForm(forms.Form):
    person = PersonChoiceField(
        label=_("Who is here?"),
        queryset=Person.objects.none(),
        help_text=_("People registered for the meeting who are not yet recorded."),
        error_messages={"required": _("Choose who is here.")},
    )
    online = forms.BooleanField(label=_("Joined online"), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = people


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        help_text=_('Published minutes are public: never name anyone under 18. Write "a young member" instead.'),
    )
    publish = forms.BooleanField(label=_("Publish the minutes on the meeting's page"), required=False)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What is to be done"), max_length=500)
    owner_name = forms.CharField(
        label=_("Who will do it"),
        max_length=200,
        help_text=_("Actions are public: for anyone under 18, name a role or a group, not the person."),
    )
    due_on = DateInputField(label=_("Due by (optional)"), required=False, help_text=_("For example, 30 4 2027"))


class VoteDecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=200)
    proposal = forms.CharField(label=_("What was put to the meeting"), widget=forms.Textarea(attrs={"rows": 3}))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    participants = PeopleChoiceField(
        label=_("Who took part"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(label=_("Why, for the decision log"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        # The organiser's page also has the consent form, with fields of the same names: its own ids
        # keep each label (and each error summary link) on its own field.
        kwargs.setdefault("auto_id", "vote-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = people


class ConsentDecisionForm(forms.Form):
    """One answer (and reason) per person at the meeting; people left blank did not take part."""

    title = forms.CharField(label=_("Decision"), max_length=200)
    proposal = forms.CharField(label=_("What was put to the meeting"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=_("Why, for the decision log"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: Sequence[Person], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "consent-%s")  # as the vote form: its own ids on a shared page
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            self.fields[f"answer_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=[("", _("Did not take part")), *ConsentAnswer.choices],
                required=False,
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=_("%(name)s's reason (needed for an objection or a block)") % {"name": person.full_name},
                required=False,
                max_length=500,
            )

    def answers(self) -> list[tuple[Person, ConsentAnswer, str]]:
        given = []
        for person in self.people:
            answer = self.cleaned_data.get(f"answer_{person.pk}")
            if answer:
                given.append((person, ConsentAnswer(answer), self.cleaned_data.get(f"reason_{person.pk}", "")))
        return given


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=300, help_text=_("The people coming are told.")
    )


class MeetingScheduleForm(forms.Form):
    owner = OwnerChoiceField(
        label=_("Whose meeting is it?"),
        help_text=_("A community, or a co-operative (for its board or general meetings)."),
        error_messages={"required": _("Choose the community or co-operative.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    summary = forms.CharField(label=_("What it is for (optional)"), max_length=300, required=False)
    date = DateInputField(label=_("Date"), help_text=_("For example, 14 4 2027"))
    starts_at = forms.TimeField(label=_("Starts at"), help_text=_("For example, 18:30"))
    ends_at = forms.TimeField(label=_("Ends at"), help_text=_("For example, 20:00"))
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    venue_features = forms.MultipleChoiceField(
        label=_("What the venue has"),
        choices=VenueFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("So people know before they come."),
    )
    accessibility_notes = forms.CharField(
        label=_("Getting there and getting in (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, the step-free entrance, the lift, the nearest step-free station."),
    )
    online_link = forms.URLField(label=_("Link to join online (optional)"), required=False)
    is_public = forms.BooleanField(label=_("Anyone may come"), required=False, initial=True)
    agenda = forms.CharField(
        label=_("Agenda (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line."),
    )

    def __init__(self, *args: Any, communities: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, OwnerChoiceField)  # noqa: S101 - declared above
        field.owners_set(communities=communities, organisations=organisations)
