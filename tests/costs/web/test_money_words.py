"""大写金额 of the printed forms (costs.money_words)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftersales.costs.money_words import DIGITS, capital_amount


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1200.00", "壹仟贰佰元整"),
        ("1500", "壹仟伍佰元整"),
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("10", "壹拾元整"),
        ("110", "壹佰壹拾元整"),
        ("1005", "壹仟零伍元整"),
        ("1010", "壹仟零壹拾元整"),
        ("20005", "贰万零伍元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("1001000", "壹佰万壹仟元整"),
        ("1000100", "壹佰万零壹佰元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("99999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("1,234.00", "壹仟贰佰叁拾肆元整"),
        ("-12.30", "负壹拾贰元叁角"),
        (Decimal("48765.44"), "肆万捌仟柒佰陆拾伍元肆角肆分"),
        (1500, "壹仟伍佰元整"),
    ],
)
def test_capital_amounts(amount, words):
    assert capital_amount(amount) == words


@pytest.mark.parametrize("bad", ["1.005", "abc", "", "NaN", "Infinity"])
def test_refuses_what_is_not_an_amount(bad):
    with pytest.raises(ValueError):
        capital_amount(bad)


def test_refuses_floats():
    with pytest.raises(TypeError):
        capital_amount(0.1 + 0.2)


def _read_back(words: str) -> int:
    """Parse the words again, as a reader would: cents from 大写."""
    digits = {c: i for i, c in enumerate(DIGITS)}
    units = {"拾": 10, "佰": 100, "仟": 1000}
    yi = wan = section = number = yuan = cents = 0
    for ch in words.removesuffix("整"):
        if ch in digits:
            number = digits[ch]
        elif ch in units:
            section, number = section + number * units[ch], 0
        elif ch == "万":
            wan, section, number = section + number, 0, 0
        elif ch == "亿":
            yi, wan, section, number = wan * 10**4 + section + number, 0, 0, 0
        elif ch == "元":
            yuan = yi * 10**8 + wan * 10**4 + section + number
            number = 0
        elif ch == "角":
            cents, number = cents + number * 10, 0
        elif ch == "分":
            cents, number = cents + number, 0
    return yuan * 100 + cents


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_words_read_back_to_the_same_cents(cents):
    amount = Decimal(cents) / 100
    words = capital_amount(f"{amount:.2f}")
    assert _read_back(words) == cents
    assert "零零" not in words and not words.endswith("零")
