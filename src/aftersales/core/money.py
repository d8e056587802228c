"""Money as exact decimals (two places), never float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from aftersales.core.errors import Invalid, field_error

CENT = Decimal("0.01")
LIMIT = Decimal("100000000")  # 1 亿元: more than any single repair or ledger line


def parse_money(value: Any, field: str, *, positive: bool = False) -> Decimal:
    """``value`` (str, int or Decimal) as yuan with at most two decimal places.

    Floats are refused outright: ``0.1 + 0.2`` is not a sum of money. More than two decimal
    places is an error rather than a silent rounding.
    """
    if value is None or value == "":
        raise field_error(field, "请填写金额", code="required")
    if isinstance(value, (float, bool)):
        raise field_error(field, '金额应以字符串或整数表示（如 "1200.00"）')
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, "金额应为数字") from exc
    if not amount.is_finite():
        raise field_error(field, "金额应为数字")
    if abs(amount) > LIMIT:  # before quantize(), which fails on numbers like 1E+40
        raise field_error(
            field, "金额应大于 0 且不超过 1 亿元" if positive else "金额应在 0 到 1 亿元之间"
        )
    if amount != amount.quantize(CENT):
        raise field_error(field, "金额最多两位小数")
    amount = amount.quantize(CENT)
    if amount < 0 or amount > LIMIT or (positive and amount == 0):
        raise field_error(
            field, "金额应大于 0 且不超过 1 亿元" if positive else "金额应在 0 到 1 亿元之间"
        )
    return amount


def parse_quantity(value: Any, field: str, *, label: str = "数量", zero: bool = False) -> Decimal:
    """A quantity (数量, 工时…) with at most two decimal places; above 0 unless ``zero``.

    The same rules as :func:`parse_money`: floats refused, no silent rounding.
    """
    if value is None or value == "":
        raise field_error(field, f"请填写{label}", code="required")
    if isinstance(value, (float, bool)):
        raise field_error(field, f'{label}应以字符串或整数表示（如 "2.5"）')
    try:
        qty = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, f"{label}应为数字") from exc
    low_ok = qty >= 0 if zero else qty > 0
    if not qty.is_finite() or not low_ok or qty > Decimal("1000000"):
        raise field_error(field, f"{label}应为{'不小于' if zero else '大于'} 0 的数")
    if qty != qty.quantize(CENT):
        raise field_error(field, f"{label}最多两位小数")
    return qty.quantize(CENT)


class MoneyField(forms.CharField):
    """A form field for an amount in yuan, read by :func:`parse_money` (the same rule and the
    same messages as the API: no silent rounding)."""

    def __init__(self, *, positive: bool = False, **kwargs):
        self.positive = positive
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_money(value, "amount", positive=self.positive)
        except Invalid as exc:
            raise forms.ValidationError(exc.detail, code=exc.code) from exc


def yuan(amount: Decimal | None) -> str:
    """ "1,234.50" for screens and prints."""
    return "" if amount is None else f"{amount:,.2f}"
