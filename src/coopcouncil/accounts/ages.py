"""Age checks that are honest when only a year of birth is known."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from coopcouncil.accounts.models import Person


class AgeAnswer(enum.Enum):
    YES = "yes"
    NO = "no"
    CANNOT_CONFIRM = "cannot_confirm"


@dataclass(frozen=True)
class AgeCheck:
    answer: AgeAnswer
    reason: str

    @property
    def passed(self) -> bool:
        return self.answer is AgeAnswer.YES


def age_on_date(date_of_birth: date, on: date) -> int:
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def possible_ages(person: Person, on: date) -> tuple[int, int] | None:
    """The youngest and oldest the person can be on ``on``, or None when nothing is known."""
    if person.date_of_birth is not None:
        age = age_on_date(person.date_of_birth, on)
        return age, age
    if person.birth_year is not None:
        # Born some time in that year: before or after their birthday on this date.
        return on.year - person.birth_year - 1, on.year - person.birth_year
    return None


def age_between(person: Person, *, minimum: int | None, maximum: int | None, on: date) -> AgeCheck:
    """Is the person at least ``minimum`` and at most ``maximum`` years old on ``on``?"""
    ages = possible_ages(person, on)
    if ages is None:
        return AgeCheck(AgeAnswer.CANNOT_CONFIRM, _("We do not know your date of birth. An officer can confirm it."))

    def fits(age: int) -> bool:
        return (minimum is None or age >= minimum) and (maximum is None or age <= maximum)

    youngest, oldest = ages
    if fits(youngest) and fits(oldest):
        return AgeCheck(AgeAnswer.YES, _("Your age is within the range."))
    if not fits(youngest) and not fits(oldest):
        if minimum is not None and oldest < minimum:
            reason = _("You need to be at least %(minimum)d on %(on)s.") % {"minimum": minimum, "on": on}
        else:
            reason = _("This is for people aged %(maximum)d or under on %(on)s.") % {"maximum": maximum, "on": on}
        return AgeCheck(AgeAnswer.NO, reason)
    return AgeCheck(
        AgeAnswer.CANNOT_CONFIRM,
        _("We only know your year of birth, so we cannot tell your age on %(on)s. An officer can confirm it.")
        % {"on": on},
    )


def is_child(person: Person, on: date) -> bool:
    """Under 18, or possibly under 18 when only the year is known. Their names are never public."""
    ages = possible_ages(person, on)
    return ages is not None and ages[0] < 18


def needs_parental_consent(date_of_birth: date | None, birth_year: int | None, on: date) -> bool:
    """Under 13 (or possibly under 13): UK GDPR article 8 needs a parent's or carer's consent online."""
    if date_of_birth is not None:
        return age_on_date(date_of_birth, on) < 13
    if birth_year is not None:
        return on.year - birth_year - 1 < 13
    return False
