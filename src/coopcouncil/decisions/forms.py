"""The filters on the public decision log. They read the query string; bad values are explained."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Organisation, OrganisationKind
from coopcouncil.decisions.kinds import KINDS
from coopcouncil.decisions.selectors import DecisionFilters
from coopcouncil.frontend.fields import DateInputField
from coopcouncil.places.models import Community, Ward
from coopcouncil.places.selectors import communities_list, wards_current


class DecisionFilterForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        to_field_name="slug",
        label=_("Community"),
        help_text=_("Includes the communities within it, such as a neighbourhood's wards."),
        empty_label=_("Any community"),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Co-operative"),
        help_text=_("Decisions a co-operative took: its general meetings, board and commissioning."),
        empty_label=_("Any co-operative"),
    )
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.none(),
        required=False,
        to_field_name="gss_code",
        label=_("Ward"),
        help_text=_("Decisions of the ward and of the neighbourhoods and communities that cover it."),
        empty_label=_("Any ward"),
    )
    kind = forms.ChoiceField(required=False, label=_("Kind of decision"))
    decided_from = DateInputField(required=False, label=_("Decided on or after"), help_text=_("For example, 1 4 2027"))
    decided_to = DateInputField(required=False, label=_("Decided on or before"), help_text=_("For example, 31 3 2028"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        community_field = self.fields["community"]
        assert isinstance(community_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        community_field.queryset = communities_list()
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        organisation_field.queryset = Organisation.objects.filter(kind=OrganisationKind.COOPERATIVE)
        ward_field = self.fields["ward"]
        assert isinstance(ward_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        ward_field.queryset = wards_current(on=timezone.localdate()).order_by("name")
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)  # noqa: S101 - declared above
        kind_field.choices = [("", _("Any kind")), *((key, label) for key, label in KINDS.items())]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("decided_from"), cleaned.get("decided_to")
        if start and end and start > end:
            self.add_error("decided_to", _("The end date must be the same as or after the start date"))
        return cleaned

    def filters(self) -> DecisionFilters:
        """The filters to apply: none of them when the form has errors, so the page still lists decisions."""
        if not self.is_bound or not self.is_valid():
            return DecisionFilters()
        data = self.cleaned_data
        return DecisionFilters(
            community=data.get("community"),
            organisation=data.get("organisation"),
            ward=data.get("ward"),
            kind=data.get("kind") or "",
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
        )
