from __future__ import annotations

from datetime import date

import pytest

from coopcouncil.accounts.ages import AgeAnswer, age_between, is_child, needs_parental_consent
from coopcouncil.accounts.models import Person


def person(*, dob: date | None = None, year: int | None = None) -> Person:
    return Person(full_name="Test", date_of_birth=dob, birth_year=year)


class AgeBetweenTests:
    @pytest.mark.parametrize(
        ("dob", "answer"),
        [
            (date(2010, 6, 1), AgeAnswer.YES),  # 16 on the day
            (date(2010, 6, 2), AgeAnswer.NO),  # turns 16 the day after
            (date(2000, 1, 1), AgeAnswer.NO),  # 26: too old
        ],
    )
    def test_full_date_of_birth_gives_a_definite_answer(self, dob: date, answer: AgeAnswer) -> None:
        check = age_between(person(dob=dob), minimum=16, maximum=25, on=date(2026, 6, 1))
        assert check.answer is answer

    def test_year_only_is_yes_when_every_possible_age_fits(self) -> None:
        check = age_between(person(year=2005), minimum=11, maximum=25, on=date(2026, 6, 1))
        assert check.answer is AgeAnswer.YES

    def test_year_only_cannot_confirm_at_the_boundary(self) -> None:
        """Born in 2010: 15 or 16 on 1 June 2026, so a 16+ rule cannot be confirmed."""
        check = age_between(person(year=2010), minimum=16, maximum=None, on=date(2026, 6, 1))
        assert check.answer is AgeAnswer.CANNOT_CONFIRM
        assert "officer can confirm" in check.reason

    def test_year_only_is_no_when_no_possible_age_fits(self) -> None:
        check = age_between(person(year=2015), minimum=16, maximum=None, on=date(2026, 6, 1))
        assert check.answer is AgeAnswer.NO
        assert "at least 16" in check.reason

    def test_unknown_birth_cannot_confirm(self) -> None:
        assert age_between(person(), minimum=16, maximum=None, on=date(2026, 6, 1)).answer is AgeAnswer.CANNOT_CONFIRM


class ChildrenTests:
    def test_under_18_is_a_child_and_possibly_under_18_counts_too(self) -> None:
        assert is_child(person(dob=date(2010, 1, 1)), date(2026, 6, 1)) is True
        assert is_child(person(year=2008), date(2026, 6, 1)) is True  # 17 or 18
        assert is_child(person(dob=date(2000, 1, 1)), date(2026, 6, 1)) is False
        assert is_child(person(), date(2026, 6, 1)) is False

    def test_parental_consent_needed_under_13(self) -> None:
        today = date(2026, 6, 1)
        assert needs_parental_consent(date(2014, 6, 2), None, today) is True  # 11
        assert needs_parental_consent(date(2013, 6, 1), None, today) is False  # 13 today
        assert needs_parental_consent(None, 2013, today) is True  # 12 or 13: ask, to be safe
        assert needs_parental_consent(None, None, today) is False
