"""Conversions between the public exact types (int, Fraction) and gmpy2's fast rationals."""

from __future__ import annotations

from fractions import Fraction

from gmpy2 import mpq

from coopcouncil.allocation.model import Money


def as_mpq(value: Money) -> mpq:
    if isinstance(value, int):
        return mpq(value)
    return mpq(int(value.numerator), int(value.denominator))


def as_fraction(value: mpq) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def as_money(value: mpq) -> Money:
    """An int when the value is whole, else a Fraction."""
    if value.denominator == 1:
        return int(value.numerator)
    return as_fraction(value)
