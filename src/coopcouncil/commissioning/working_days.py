"""Working days in England and Wales: weekdays that are not bank holidays.

The standstill after an award notice is counted in working days (Procurement Act 2023). The regular
bank holidays are computed, with substitute days when one falls at a weekend; holidays moved or
added by royal proclamation are listed in tables, since no rule predicts them.
"""

from __future__ import annotations

from datetime import date, timedelta

MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6

# The early May holiday moved for VE Day anniversaries.
EARLY_MAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
# The spring holiday moved for jubilees (with an extra day, below).
SPRING_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}
# One-off holidays: jubilees, royal weddings, the millennium, a state funeral and a coronation.
ONE_OFF_HOLIDAYS = frozenset(
    {
        date(1999, 12, 31),
        date(2002, 6, 3),
        date(2011, 4, 29),
        date(2012, 6, 5),
        date(2022, 6, 3),
        date(2022, 9, 19),
        date(2023, 5, 8),
    }
)


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - MONDAY) % 7)


def _next_weekday(day: date) -> date:
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of ``year``, substitute days included."""
    holidays = {
        _next_weekday(date(year, 1, 1)),
        easter_sunday(year) - timedelta(days=2),
        easter_sunday(year) + timedelta(days=1),
        EARLY_MAY_MOVED.get(year, _first_monday(year, 5)),
        SPRING_MOVED.get(year, _last_monday(year, 5)),
        _last_monday(year, 8),
    }
    # Christmas and Boxing Day: a day at a weekend is replaced by the next weekday not already a holiday.
    christmas = _next_weekday(date(year, 12, 25))
    boxing_day = _next_weekday(max(date(year, 12, 26), christmas + timedelta(days=1)))
    holidays |= {christmas, boxing_day}
    holidays |= {day for day in ONE_OFF_HOLIDAYS if day.year == year}
    return frozenset(holidays)


def is_working_day(day: date) -> bool:
    return day.weekday() <= FRIDAY and day not in bank_holidays(day.year)


def working_days_after(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
