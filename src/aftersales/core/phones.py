"""Chinese telephone numbers: one normal form for customers, users and tickets alike."""

from __future__ import annotations

import re

from aftersales.core.errors import field_error

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{9,11}$")


def normalise_phone(value: str, field: str = "phone") -> str:
    """``value`` without spaces, brackets, dashes and +86; a 422 on ``field`` if it is no number."""
    phone = re.sub(r"[\s()-]", "", str(value or "")).removeprefix("+86")
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise field_error(field, f"电话号码“{value}”无效：应为 11 位手机号或带区号的固定电话")
    return phone
