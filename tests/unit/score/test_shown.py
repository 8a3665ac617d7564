"""How scores are written for readers (FORMAT.md section 5): one decimal on pages and in
comments, two in exports, half to even, and an en dash for no value."""

from __future__ import annotations

from fractions import Fraction

import pytest
from cxm.score.shown import NO_VALUE, one, two


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(1, 4), "0.2"),  # 0.25: half to even, down
        (Fraction(7, 20), "0.4"),  # 0.35: half to even, up
        (Fraction(13, 4), "3.2"),  # 3.25
        (Fraction(15, 4), "3.8"),  # 3.75
        (Fraction(-7, 20), "-0.4"),  # -0.35
    ],
)
def test_one_rounds_exact_halves_to_the_even_decimal(value, text):
    assert one(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(37, 12), "3.1"),  # 3.0833...
        (Fraction(2, 3), "0.7"),
        (Fraction(11, 3), "3.7"),
        (Fraction(3), "3.0"),  # whole numbers keep their decimal
        (4, "4.0"),
        (2.25, "2.2"),  # a float is rounded by the same rule
    ],
)
def test_one_writes_exactly_one_decimal(value, text):
    assert one(value) == text


def test_one_never_writes_minus_zero():
    # -0.05 rounds half to even to 0: a change that small reads as no change.
    assert one(Fraction(-1, 20)) == "0.0"
    assert one(Fraction(-1, 100)) == "0.0"


def test_a_missing_value_is_an_en_dash():
    assert one(None) == NO_VALUE == "\u2013"  # not a hyphen, not an em dash


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (Fraction(1, 8), 0.12),  # 0.125: half to even, down
        (Fraction(3, 8), 0.38),  # 0.375: half to even, up
        (Fraction(37, 12), 3.08),
        (Fraction(2, 3), 0.67),
    ],
)
def test_two_rounds_export_numbers_to_two_decimals_half_to_even(value, number):
    assert two(value) == number


def test_two_gives_plain_floats_and_none_for_no_value():
    assert type(two(Fraction(5, 2))) is float  # a JSON number, not a Fraction
    assert two(None) is None
