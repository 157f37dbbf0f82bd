"""Forms for co-operatives. They parse what people type; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopcouncil.cooperatives.eligibility import class_rules_described
from coopcouncil.cooperatives.models import Cooperative, MembershipClass


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
