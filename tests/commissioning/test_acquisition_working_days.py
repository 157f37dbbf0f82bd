"""England and Wales bank holidays and the standstill's working days, against published years."""

from __future__ import annotations

from datetime import date

import pytest

from coopcouncil.commissioning.working_days import bank_holidays, easter_sunday, working_days_after

pytestmark = pytest.mark.database_free

# gov.uk/bank-holidays, England and Wales.
PUBLISHED = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_the_published_list(year: int) -> None:
    expected = {date.fromisoformat(f"{year}-{day}") for day in PUBLISHED[year]}
    assert bank_holidays(year) == expected


def test_easter_falls_on_known_sundays() -> None:
    assert easter_sunday(2019) == date(2019, 4, 21)
    assert easter_sunday(2038) == date(2038, 4, 25)
    assert easter_sunday(2285) == date(2285, 3, 22)


def test_the_standstill_skips_weekends_and_christmas_substitute_days() -> None:
    # Notice on Thursday 17 December 2026: Christmas is a Friday, Boxing Day's substitute Monday 28.
    assert working_days_after(date(2026, 12, 17), 8) == date(2026, 12, 31)


def test_the_standstill_skips_easter() -> None:
    # Notice on Wednesday 1 April 2026: Good Friday 3 April and Easter Monday 6 April are skipped.
    assert working_days_after(date(2026, 4, 1), 8) == date(2026, 4, 15)


def test_a_notice_at_a_weekend_counts_from_the_monday() -> None:
    assert working_days_after(date(2026, 6, 6), 8) == date(2026, 6, 17)
