"""Working calendar and deadline arithmetic (R-CAL-1, R-CAL-2, R-CAL-4).

Rules, after the Civil Code arts. 201 and 203:

* "N working days after T" ends at 24:00 of the N-th working day after T's date; T's own day
  never counts, even when T is early on a working day.
* "N days" (natural) after T is T + N × 24 h; "N hours" is T + N h.
* "N working hours" counts only business hours (default 08:30–12:00 and 13:30–17:30) of
  working days.

A day's status comes from :class:`~aftersales.core.models.WorkCalendarDay`; a day with no row
falls back to Monday–Friday. 24:00 is represented as ``23:59:59.999999`` local time so that the
due moment stays on the day it names; "met" means done at or before that moment.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from aftersales.core.models import WorkCalendarDay


class Unit:
    NATURAL_HOURS = "natural_hours"
    NATURAL_DAYS = "natural_days"
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"

    CHOICES = [
        (NATURAL_HOURS, "自然小时"),
        (NATURAL_DAYS, "自然日"),
        (WORKING_HOURS, "工作小时"),
        (WORKING_DAYS, "工作日"),
    ]
    ALL = {c for c, _ in CHOICES}

    # The largest amount each unit accepts (about ten years, or what a working year holds).
    MAXIMUM = {
        NATURAL_HOURS: 87600,
        NATURAL_DAYS: 3650,
        WORKING_HOURS: 20000,
        WORKING_DAYS: 2000,
    }


# The last day deadline arithmetic reaches; a result beyond it is refused rather than computed
# (a date past year 9999 cannot exist, and a loop over working days must always end).
LATEST_DAY = dt.date(2199, 12, 31)


class OutOfRange(ValueError):
    """The deadline would fall beyond the supported range of dates."""


def _within_range(day: dt.date) -> dt.date:
    if day > LATEST_DAY:
        raise OutOfRange(f"截止日期超出支持范围（不晚于 {LATEST_DAY.isoformat()}）")
    return day


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError("deadline arithmetic needs aware datetimes")
    return moment.astimezone(tz())


def end_of_day(day: dt.date) -> dt.datetime:
    """24:00 of ``day`` in local time (as 23:59:59.999999)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=tz())


# --- day status ----------------------------------------------------------------------------

_LOOKAHEAD = 120  # days fetched per query; a holiday run is never that long


def _default_workday(day: dt.date) -> bool:
    return day.weekday() < 5


class DayBook:
    """Working-day status for a stretch of dates, loaded with one query per window."""

    def __init__(self) -> None:
        self._known: dict[dt.date, bool] = {}
        self._loaded: list[tuple[dt.date, dt.date]] = []

    def _load(self, start: dt.date, end: dt.date) -> None:
        rows = WorkCalendarDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "workday"
        )
        self._known.update(rows)
        self._loaded.append((start, end))

    def _covered(self, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self._loaded)

    def is_workday(self, day: dt.date) -> bool:
        if not self._covered(day):
            self._load(day - dt.timedelta(days=7), day + dt.timedelta(days=_LOOKAHEAD))
        known = self._known.get(day)
        return _default_workday(day) if known is None else known


def is_workday(day: dt.date) -> bool:
    return DayBook().is_workday(day)


def workdays_after(day: dt.date, n: int, book: DayBook | None = None) -> dt.date:
    """The n-th working day strictly after ``day`` (n ≥ 1)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    book = book or DayBook()
    current = day
    found = 0
    while found < n:
        current = _within_range(current + dt.timedelta(days=1))
        if book.is_workday(current):
            found += 1
    return current


def next_workday_on_or_after(day: dt.date, book: DayBook | None = None) -> dt.date:
    book = book or DayBook()
    while not book.is_workday(day):
        day = _within_range(day + dt.timedelta(days=1))
    return day


# --- business hours ------------------------------------------------------------------------


@dataclass(frozen=True)
class BusinessHours:
    spans: tuple[tuple[dt.time, dt.time], ...]

    @classmethod
    def parse(cls, ranges: Iterable[str]) -> BusinessHours:
        spans = []
        for item in ranges:
            try:
                start_s, end_s = item.split("-")
                start = dt.time.fromisoformat(start_s.strip())
                end = dt.time.fromisoformat(end_s.strip())
            except ValueError as exc:
                raise ValueError(f"bad business-hours range {item!r}, want HH:MM-HH:MM") from exc
            if end <= start:
                raise ValueError(f"business-hours range {item!r} ends before it starts")
            spans.append((start, end))
        spans.sort()
        for (_, end_a), (start_b, _) in zip(spans, spans[1:], strict=False):
            if start_b < end_a:
                raise ValueError("business-hours ranges overlap")
        if not spans:
            raise ValueError("at least one business-hours range is needed")
        return cls(tuple(spans))

    @classmethod
    def default(cls) -> BusinessHours:
        return cls.parse(settings.BUSINESS_HOURS)


def add_working_hours(
    start: dt.datetime, hours: float | int, business_hours: BusinessHours | None = None
) -> dt.datetime:
    """Count ``hours`` of business time on working days from ``start``."""
    if not math.isfinite(hours) or hours < 0:
        raise ValueError("hours must be a finite, non-negative number")
    bh = business_hours or BusinessHours.default()
    book = DayBook()
    remaining = dt.timedelta(hours=hours)
    cursor = local(start)
    day = cursor.date()
    while True:
        if book.is_workday(day):
            for span_start, span_end in bh.spans:
                a = dt.datetime.combine(day, span_start, tzinfo=tz())
                b = dt.datetime.combine(day, span_end, tzinfo=tz())
                if b <= cursor:
                    continue
                a = max(a, cursor)
                available = b - a
                if remaining <= available:
                    return a + remaining
                remaining -= available
                cursor = b
        day = _within_range(day + dt.timedelta(days=1))
        cursor = max(cursor, dt.datetime.combine(day, dt.time.min, tzinfo=tz()))


def working_hours_between(
    start: dt.datetime, end: dt.datetime, business_hours: BusinessHours | None = None
) -> dt.timedelta:
    """Business time between two moments (zero if end ≤ start)."""
    bh = business_hours or BusinessHours.default()
    start, end = local(start), local(end)
    total = dt.timedelta()
    if end <= start:
        return total
    book = DayBook()
    day = start.date()
    while day <= end.date():
        if book.is_workday(day):
            for span_start, span_end in bh.spans:
                a = max(dt.datetime.combine(day, span_start, tzinfo=tz()), start)
                b = min(dt.datetime.combine(day, span_end, tzinfo=tz()), end)
                if b > a:
                    total += b - a
        day += dt.timedelta(days=1)
    return total


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Number of working days d with start.date() < d ≤ end.date()."""
    a, b = local(start).date(), local(end).date()
    book = DayBook()
    count = 0
    day = a
    while day < b:
        day += dt.timedelta(days=1)
        if book.is_workday(day):
            count += 1
    return count


# --- the one entry point -------------------------------------------------------------------


def compute_due(start: dt.datetime, amount: int | float, unit: str) -> dt.datetime:
    """When a deadline of ``amount`` ``unit`` counted from ``start`` falls due (R-CAL-4).

    Refuses (``ValueError``) an amount that is negative, not finite or above the unit's
    :attr:`Unit.MAXIMUM`, and a result beyond :data:`LATEST_DAY`, so that no input can loop for
    long or overflow the date type.
    """
    if unit not in Unit.ALL:
        raise ValueError(f"unknown deadline unit {unit!r}")
    if not math.isfinite(amount) or amount < 0:
        raise ValueError("期限数量应为不小于 0 的有限数")
    if amount > Unit.MAXIMUM[unit]:
        raise ValueError(f"期限数量过大（{unit} 最多 {Unit.MAXIMUM[unit]}）")
    start = local(start)
    _within_range(start.date())
    if unit == Unit.NATURAL_HOURS:
        return _natural(start, dt.timedelta(hours=amount))
    if unit == Unit.NATURAL_DAYS:
        return _natural(start, dt.timedelta(hours=24 * amount))
    if unit == Unit.WORKING_HOURS:
        return add_working_hours(start, amount)
    if unit == Unit.WORKING_DAYS:
        if amount == 0:
            return end_of_day(start.date())
        if amount != int(amount):
            raise ValueError("working days must be a whole number")
        return end_of_day(workdays_after(start.date(), int(amount)))
    raise ValueError(f"unknown deadline unit {unit!r}")


def _natural(start: dt.datetime, span: dt.timedelta) -> dt.datetime:
    try:
        due = start + span
    except OverflowError as exc:
        raise OutOfRange(f"截止日期超出支持范围（不晚于 {LATEST_DAY.isoformat()}）") from exc
    _within_range(due.date())
    return due


# --- schedule coverage ---------------------------------------------------------------------


def days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def year_is_scheduled(year: int) -> bool:
    count = WorkCalendarDay.objects.filter(date__year=year).count()
    return count >= days_in_year(year)


def missing_schedule_years(today: dt.date | None = None) -> list[int]:
    """Years whose official schedule is missing and that deadlines may already reach.

    The current year is always checked; from November (when the State Council publishes the
    next year's schedule) the next year is checked too.
    """
    today = today or timezone.localdate()
    years = [today.year]
    if today.month >= 11:
        years.append(today.year + 1)
    return [y for y in years if not year_is_scheduled(y)]
