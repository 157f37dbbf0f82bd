"""May a person join a co-operative in a class, and if not, why, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import AgeAnswer, age_between
from coopcouncil.accounts.models import Person
from coopcouncil.accounts.permissions import CannotTakePart, can_take_part
from coopcouncil.cooperatives.models import MembershipClass
from coopcouncil.places.eligibility import area_check, area_described


@dataclass(frozen=True)
class ClassEligibility:
    eligible: bool
    # When only a year of birth is known: the application can be made; the approver confirms the age.
    needs_age_confirmed: bool = False
    reasons: tuple[str, ...] = ()


def class_eligibility(person: Person, membership_class: MembershipClass, *, on: date) -> ClassEligibility:
    if not can_take_part(person, on=on):
        # A child under 13 joins once a parent or carer has agreed (docs/privacy.md).
        return ClassEligibility(False, reasons=(str(CannotTakePart()),))
    refused: list[str] = []
    unconfirmed: list[str] = []
    if membership_class.minimum_age is not None or membership_class.maximum_age is not None:
        check = age_between(
            person,
            minimum=membership_class.minimum_age,
            maximum=membership_class.maximum_age,
            on=membership_class.age_date(on),
        )
        if check.answer is AgeAnswer.NO:
            refused.append(check.reason)
        elif check.answer is AgeAnswer.CANNOT_CONFIRM:
            unconfirmed.append(check.reason)
    if membership_class.has_area_rule:
        reason = area_check(person, membership_class)
        if reason is not None:
            refused.append(reason)
    if refused:
        return ClassEligibility(False, reasons=tuple(refused + unconfirmed))
    return ClassEligibility(True, needs_age_confirmed=bool(unconfirmed), reasons=tuple(unconfirmed))


def class_rules_described(membership_class: MembershipClass) -> list[str]:
    sentences: list[str] = []
    low, high = membership_class.minimum_age, membership_class.maximum_age
    when = date_format(membership_class.age_on, "j F Y") if membership_class.age_on else ""
    if low is not None and high is not None:
        sentences.append(
            _("Aged %(minimum)d to %(maximum)d on %(on)s.") % {"minimum": low, "maximum": high, "on": when}
            if when
            else _("Aged %(minimum)d to %(maximum)d.") % {"minimum": low, "maximum": high}
        )
    elif low is not None:
        sentences.append(
            _("Aged %(minimum)d or over on %(on)s.") % {"minimum": low, "on": when}
            if when
            else _("Aged %(minimum)d or over.") % {"minimum": low}
        )
    elif high is not None:
        sentences.append(
            _("Aged %(maximum)d or under on %(on)s.") % {"maximum": high, "on": when}
            if when
            else _("Aged %(maximum)d or under.") % {"maximum": high}
        )
    if membership_class.has_area_rule:
        sentences.append(area_described(membership_class))
    return sentences
