"""How scores are written for readers (FORMAT.md section 5): one decimal on pages and in
comments, two in exports, half to even, and an en dash for no value."""

from __future__ import annotations

from fractions import Fraction

import pytest
from cxm.score.shown import NO_VALUE, change, gap, one, signed, two


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


def test_a_score_never_rounds_up_into_the_next_level():
    # 2.95 is stage 2: it shows 2.9 beside "2 · Emerging", never 3.0.
    assert one(Fraction(59, 20)) == "2.9"
    assert one(Fraction(299, 100)) == "2.9"
    assert one(Fraction(3)) == "3.0"
    assert one(Fraction(301, 100)) == "3.0"


def test_a_change_is_the_difference_of_the_scores_as_shown():
    # 2.44 -> 2.46 shows 2.4 -> 2.5: the change reads +0.1, not the exact +0.02.
    assert change(Fraction(244, 100), Fraction(246, 100)) == 1
    assert signed(change(Fraction(244, 100), Fraction(246, 100))) == "+0.1"
    # 2.95 -> 3.0 shows 2.9 -> 3.0.
    assert signed(change(Fraction(59, 20), Fraction(3))) == "+0.1"
    assert change(None, Fraction(3)) is None


def test_a_gap_is_the_target_minus_the_score_as_shown():
    assert gap(Fraction(59, 20), 3) == 1  # 3 - 2.9
    assert gap(Fraction(7, 2), 3) == 0  # above target: no gap
    assert gap(None, 3) is None
