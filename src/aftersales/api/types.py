"""Field types shared by the API schemas (api.md conventions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from aftersales.core import bounds


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

# Integers bounded to their database columns, so that a huge number is a 422, not a DB error.
SmallInt = Annotated[int, Field(ge=-32768, le=32767)]
PositiveSmallInt = Annotated[int, Field(ge=0, le=32767)]
PositiveInt = Annotated[int, Field(ge=0, le=2**31 - 1)]

# Record ids: positive and within a 64-bit integer, so an absurd id is a 422, not a DB error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


# --- dates and moments from outside: bounded (core.bounds), aware, never a bare number ------


def _no_number(value):
    """A bare number is not a date (``0`` would be read as 1970-01-01)."""
    numeric = isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit()
    if isinstance(value, int | float) or numeric:  # bool is an int too; "1700000000" too
        raise PydanticCustomError("date_type", "应为 ISO 8601 日期或时间文本，不能是数字")
    return value


def _moment_check(window: bounds.Window):
    def check(value: dt.datetime) -> dt.datetime:
        problem = window.check_moment(value)
        if problem:
            raise PydanticCustomError("datetime_window", problem)
        return value

    return check


def _date_check(window: bounds.Window):
    def check(value: dt.date) -> dt.date:
        problem = window.check_date(value)
        if problem:
            raise PydanticCustomError("date_window", problem)
        return value

    return check


def moment(window: bounds.Window):
    """An aware date-time inside ``window``, documented in the schema."""
    return Annotated[
        dt.datetime,
        BeforeValidator(_no_number),
        AfterValidator(_moment_check(window)),
        Field(description=f"ISO 8601，带时区。允许范围 {window.describe()}"),
    ]


def day(window: bounds.Window):
    """A calendar date inside ``window``, documented in the schema."""
    return Annotated[
        dt.date,
        BeforeValidator(_no_number),
        AfterValidator(_date_check(window)),
        Field(description=f"YYYY-MM-DD。允许范围 {window.describe()}"),
    ]


OccurredAt = moment(bounds.OCCURRED)
AppointmentAt = moment(bounds.APPOINTMENT)
ExtendedDue = moment(bounds.EXTENSION)
MeasuresDue = moment(bounds.MEASURES)
CalculationStart = moment(bounds.CALCULATION)
Day = day(bounds.DATE)
Birthday = day(bounds.BIRTHDAY)
