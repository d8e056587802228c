"""Field types shared by the API schemas (api.md conventions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from pydantic import BeforeValidator, Field, PlainSerializer


def _to_text(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


def _local_iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# Building / unit / room may be sent as 3 or "3".
Text = Annotated[str, BeforeValidator(_to_text)]
# Timestamps answered in Asia/Shanghai with offset: 2026-09-30T10:00:00+08:00
LocalDateTime = Annotated[dt.datetime, PlainSerializer(_local_iso, return_type=str)]
# Decimals answered as strings with two places: "1200.00"
Money = Annotated[
    Decimal, PlainSerializer(lambda v: None if v is None else f"{v:.2f}", return_type=str)
]

# Record ids: positive and within a 64-bit integer, so an absurd id is a 422, not a DB error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
