"""Whether a person may propose and vote in a round, and if not, why, in plain words.

A round's rules are data (``EligibilityRule``); every rule must be met. An answer is yes, no, or
"cannot confirm" (only a year of birth is known, say), in which case an officer can confirm.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import AgeAnswer, age_between
from coopcouncil.accounts.models import Person
from coopcouncil.accounts.permissions import CannotTakePart, can_take_part
from coopcouncil.budgeting.models import EligibilityKind, EligibilityRule, Round
from coopcouncil.cooperatives.permissions import is_current_member
from coopcouncil.places.eligibility import area_check, area_described


class Answer(enum.Enum):
    YES = "yes"
    NO = "no"
    CANNOT_CONFIRM = "cannot_confirm"


@dataclass(frozen=True)
class Eligibility:
    answer: Answer
    # One sentence per rule not met (or not confirmed), to show the person.
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return self.answer is Answer.YES


def _membership_words(rule: EligibilityRule, sentence: str) -> str:
    assert rule.cooperative is not None  # noqa: S101 - a check constraint requires it
    who = (
        _("%(coop)s (%(kind)s)") % {"coop": rule.cooperative.name, "kind": rule.membership_class.name}
        if rule.membership_class is not None
        else rule.cooperative.name
    )
    return sentence % {"who": who}


def eligibility_for(person: Person | None, round: Round, *, on: date) -> Eligibility:
    """Check every rule of the round for the person, on the given day."""
    if person is None:
        return Eligibility(Answer.NO, (_("Sign in, or use a voting code, to take part."),))
    if person.is_anonymised:
        return Eligibility(Answer.NO, (_("This profile has been deleted."),))
    if not can_take_part(person, on=on):
        # A child under 13 waits for a parent or carer, whatever the round's rules (docs/privacy.md).
        return Eligibility(Answer.NO, (str(CannotTakePart()),))
    refused: list[str] = []
    unconfirmed: list[str] = []
    for rule in round.eligibility_rules.all():
        if rule.kind == EligibilityKind.AGE:
            assert rule.age_on is not None  # noqa: S101 - a check constraint requires it
            check = age_between(person, minimum=rule.minimum_age, maximum=rule.maximum_age, on=rule.age_on)
            if check.answer is AgeAnswer.NO:
                refused.append(check.reason)
            elif check.answer is AgeAnswer.CANNOT_CONFIRM:
                unconfirmed.append(check.reason)
        elif rule.kind == EligibilityKind.AREA:
            reason = area_check(person, rule)
            if reason is not None:
                refused.append(reason)
        elif rule.kind == EligibilityKind.MEMBERSHIP:
            assert rule.cooperative is not None  # noqa: S101 - a check constraint requires it
            if not is_current_member(person, rule.cooperative, membership_class=rule.membership_class):
                refused.append(_membership_words(rule, _("This is for members of %(who)s.")))
    if refused:
        return Eligibility(Answer.NO, tuple(refused + unconfirmed))
    if unconfirmed:
        return Eligibility(Answer.CANNOT_CONFIRM, tuple(unconfirmed))
    return Eligibility(Answer.YES)


def rules_described(round: Round) -> list[str]:
    """The round's rules as sentences for its public page."""
    sentences: list[str] = []
    for rule in round.eligibility_rules.all():
        if rule.kind == EligibilityKind.AGE:
            on = date_format(rule.age_on, "j F Y") if rule.age_on else ""
            if rule.minimum_age is not None and rule.maximum_age is not None:
                sentences.append(
                    _("Aged %(minimum)d to %(maximum)d on %(on)s.")
                    % {"minimum": rule.minimum_age, "maximum": rule.maximum_age, "on": on}
                )
            elif rule.minimum_age is not None:
                sentences.append(_("Aged %(minimum)d or over on %(on)s.") % {"minimum": rule.minimum_age, "on": on})
            else:
                sentences.append(_("Aged %(maximum)d or under on %(on)s.") % {"maximum": rule.maximum_age, "on": on})
        elif rule.kind == EligibilityKind.MEMBERSHIP:
            sentences.append(_membership_words(rule, _("You are a member of %(who)s.")))
        else:
            sentences.append(area_described(rule))
    return sentences
