"""Amounts in Chinese capital numerals (大写金额) for the printed 决算书 and 结算书.

Written the way the payment rules of the People's Bank (《正确填写票据和结算凭证的基本规定》) ask:

* 壹贰叁肆伍陆柒捌玖 with 拾佰仟万亿, and 元角分; ten is 壹拾 (a cheque never starts with 拾);
* an amount that stops at 元 ends with 整: 1200.00 → 壹仟贰佰元整;
* one 零 stands for any run of zeros inside the number: 1005 → 壹仟零伍元, 100010 → 壹拾万零壹拾元;
* with 角 zero and 分 not, a 零 stands between them: 325.04 → 叁佰贰拾伍元零肆分;
* nothing follows 分 (and 角 needs no 整): 0.50 → 伍角.

Only exact decimals are accepted: a float, or more than two decimal places, is an error,
never a silent rounding.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))


def _group(n: int) -> str:
    """A number 1..9999 with 仟佰拾 and one 零 for each run of inner zeros."""
    out, gap = "", False
    for size, unit in PLACES:
        digit = n // size % 10
        if digit == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += DIGITS[digit] + unit
    return out


def _integer(n: int) -> str:
    """A positive whole number of yuan in capitals (亿 and 万 sections)."""
    for base, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= base:
            high, low = divmod(n, base)
            tail = ""
            if low:
                # A lower section that does not fill its top place is read after a 零.
                tail = ("零" if low < base // 10 else "") + _integer(low)
            return _integer(high) + unit + tail
    return _group(n)


def capital_amount(amount) -> str:
    """``amount`` in yuan (Decimal, int or numeric string) as 大写金额, e.g. 壹仟贰佰元整."""
    if isinstance(amount, float | bool):
        raise TypeError("金额应为 Decimal、整数或数字字符串，不能是浮点数")
    try:
        value = Decimal(str(amount).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"不是金额：{amount!r}") from exc
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(f"金额最多两位小数：{amount!r}")
    sign = "负" if value < 0 else ""
    cents = int(abs(value) * 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    words = _integer(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return sign + (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return sign + words
