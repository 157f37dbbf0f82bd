"""Forms for people and accounts. They parse input; the services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.ages import needs_parental_consent
from coopcouncil.accounts.models import (
    OPTIONAL_CONSENT_PURPOSES,
    AccessNeed,
    AreaClaimKind,
    ContactPreference,
    User,
    postcode_normalise,
)
from coopcouncil.accounts.services import person_register_online
from coopcouncil.frontend.fields import DateInputField, PartialDate


def _clean_postcode(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(_("Enter your postcode"))
        return ""
    try:
        return postcode_normalise(value)
    except ValueError as error:
        raise ValidationError(_("Enter a real postcode, like SW2 1RW")) from error


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    date_of_birth = DateInputField(
        label=_("Date of birth"),
        allow_year_only=True,
        required=False,
        help_text=_(
            "For example, 27 3 2007. If you prefer, give only the year. "
            "We use it to check which votes and groups you can join."
        ),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        help_text=_("Where you live. Leave blank if you live outside the borough."),
    )
    parent_name = forms.CharField(
        label=_("Your parent's or carer's full name"),
        max_length=200,
        required=False,
        help_text=_("Only if you are under 13: we ask them to agree before you can take part."),
    )
    parent_email = forms.EmailField(label=_("Your parent's or carer's email address"), required=False)

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "date_of_birth",
        "postcode",
        "parent_name",
        "parent_email",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].widget.set_autocomplete("bday")
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code", "class": "govuk-input--width-10"})

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data.get("postcode", ""), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        birth: PartialDate | None = cleaned.get("date_of_birth")
        if birth is not None:
            full = birth.full
            if full is not None and full > timezone.localdate():
                self.add_error("date_of_birth", _("Date of birth must be in the past"))
            elif needs_parental_consent(full, birth.year, timezone.localdate()):
                if not cleaned.get("parent_name"):
                    self.add_error("parent_name", _("Enter your parent's or carer's full name"))
                if not cleaned.get("parent_email"):
                    self.add_error("parent_email", _("Enter your parent's or carer's email address"))
        return cleaned

    @transaction.atomic
    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        birth: PartialDate | None = self.cleaned_data.get("date_of_birth")
        person_register_online(
            user=user,
            full_name=self.cleaned_data["full_name"],
            date_of_birth=birth.full if birth else None,
            birth_year=birth.year if birth else None,
            postcode=self.cleaned_data.get("postcode", ""),
            parent_name=self.cleaned_data.get("parent_name", ""),
            parent_email=self.cleaned_data.get("parent_email", ""),
        )
        return user


class AssistedRegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Resident's full name"), max_length=200)
    date_of_birth = DateInputField(
        label=_("Date of birth"),
        allow_year_only=True,
        required=False,
        help_text=_("Give just the year if that is all they want to share."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    address = forms.CharField(
        label=_("Address for letters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed if they want news by post."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    contact_preference = forms.ChoiceField(
        label=_("How do they want to hear from us?"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        initial=ContactPreference.POST,
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Access needs for meetings and events"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. Only officers organising events can see these."),
    )
    access_language = forms.CharField(label=_("Language for translation, if needed"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_("The resident agrees that we keep these details so they can take part"),
        error_messages={"required": _("Confirm the resident agrees to us keeping their details")},
    )

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data.get("postcode", ""), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("contact_preference") == ContactPreference.POST and not cleaned.get("address"):
            self.add_error("address", _("Enter an address, or choose another way to hear from us"))
        if cleaned.get("contact_preference") == ContactPreference.SMS and not cleaned.get("phone"):
            self.add_error("phone", _("Enter a phone number, or choose another way to hear from us"))
        return cleaned


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, postcode or email"), max_length=200)


class ActingForStartForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you acting for them?"),
        max_length=255,
        help_text=_("For example, 'In person at Brixton library drop-in'."),
    )


class ClaimProfileForm(forms.Form):
    reference = forms.IntegerField(
        label=_("Reference number"), min_value=1, help_text=_("On the slip the officer gave you.")
    )
    claim_code = forms.CharField(
        label=_("Claim code"), max_length=20, help_text=_("10 letters and numbers, for example K7PD-3XQA-M2.")
    )


class AccessNeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("What would help you take part in meetings and events?"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    language = forms.CharField(label=_("Language for translation, if needed"), max_length=100, required=False)
    other = forms.CharField(
        label=_("Anything else"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class ConsentChangeForm(forms.Form):
    """One button on the consents page: agree to, or withdraw, one optional purpose."""

    purpose = forms.ChoiceField(
        choices=[(purpose.value, purpose.label) for purpose in OPTIONAL_CONSENT_PURPOSES],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose one of the things listed on this page"),
            "invalid_choice": _("You can only agree to, or withdraw, the things listed on this page"),
        },
    )
    action = forms.ChoiceField(
        choices=[("give", _("Agree")), ("withdraw", _("Withdraw"))],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose whether to agree or to withdraw"),
            "invalid_choice": _("Choose whether to agree or to withdraw"),
        },
    )


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Tell us why (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I understand my account will be closed and my details anonymised"),
        error_messages={"required": _("Confirm you understand your account will be closed")},
    )


class DeletionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve: anonymise this person")), ("refuse", _("Refuse"))],
    )
    note = forms.CharField(
        label=_("Note to the resident"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing: for example, a legal duty to keep a record."),
    )


class AgeConfirmForm(forms.Form):
    date_of_birth = DateInputField(label=_("Date of birth"))
    note = forms.CharField(
        label=_("Evidence seen"), max_length=255, help_text=_("For example, 'passport' or 'school ID'.")
    )

    def clean_date_of_birth(self) -> date:
        value: date = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            raise ValidationError(_("Date of birth must be in the past"))
        return value


class ParentalConsentForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you agree?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, they can take part")), ("no", _("No"))],
    )


class AreaClaimForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is your link to the place?"),
        widget=forms.RadioSelect,
        choices=[
            (AreaClaimKind.LIVE.value, _("I live there")),
            (AreaClaimKind.WORK.value, _("I work there")),
            (AreaClaimKind.STUDY.value, _("I study there")),
            (AreaClaimKind.VOLUNTEER.value, _("I volunteer there")),
        ],
        error_messages={"required": _("Choose whether you live, work, study or volunteer there")},
    )
    postcode = forms.CharField(
        label=_("Postcode of the place"),
        max_length=10,
        error_messages={"required": _("Enter the postcode of the place")},
    )
    place_name = forms.CharField(
        label=_("Name of the place (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example, the school, college, employer or group."),
    )
    evidence = forms.CharField(
        label=_("What can you show to prove it? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example, a council tax bill, a payslip or a letter from your school. "
            "An officer will ask to see it, at a drop-in hub or by post."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code", "class": "govuk-input--width-10"})

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        try:
            return postcode_normalise(value)
        except ValueError as error:
            raise ValidationError(_("Enter a real postcode, like SW2 1RW")) from error


class AreaClaimReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Is the claim verified?"),
        widget=forms.RadioSelect,
        choices=[("verified", _("Yes, I have seen evidence")), ("rejected", _("No, it is not verified"))],
        error_messages={"required": _("Choose whether the claim is verified")},
    )
    note = forms.CharField(
        label=_("What did you see?"),
        max_length=255,
        help_text=_(
            "For example, 'council tax bill, May 2026'. If it is not verified, say why, "
            "in words the resident will understand."
        ),
        error_messages={"required": _("Say what evidence you saw, or why the claim is not verified")},
    )
