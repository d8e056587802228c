"""Sensible windows for every date and moment that comes from outside (ARCHITECTURE: "every
date and time from outside is bounded"), and the check of text for what the database, Excel and
PDF cannot hold.

A moment outside years 1–9999 after time-zone conversion could be stored on PostgreSQL and then
never read back (``0001-01-01T00:00:00+14:00`` is year 0 in UTC), taking every screen that lists
the record down with it. Each field therefore names one :class:`Window`; the API type
(:mod:`aftersales.api.types`) and the form fields (:mod:`aftersales.core.forms`) both check
against it, so the two doors refuse the same values with the same message.

Windows (also written into the OpenAPI schema descriptions):

========================  =======================================================
``OCCURRED``              2000-01-01 .. now + 5 minutes (clock skew) — when something happened
``APPOINTMENT``           now − 1 day .. now + 1 year — expected visit, appointment
``EXTENSION``             now − 1 day .. now + 3 years — a deadline moved by an extension
``MEASURES``              now − 1 day .. now + 3 years — the GM's measures of a major complaint
``CALCULATION``           2000-01-01 .. 2100-12-31 — the start of a deadline calculation
``DATE``                  1900-01-01 .. 2100-12-31 — any other calendar date (filters, plans)
``BIRTHDAY``              1900-01-01 .. today
========================  =======================================================
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Window:
    """A range of acceptable values: each end is a fixed date or an offset from now/today."""

    label: str
    earliest: dt.date | dt.timedelta
    latest: dt.date | dt.timedelta

    def _moment(self, end: dt.date | dt.timedelta, now: dt.datetime, last: bool) -> dt.datetime:
        if isinstance(end, dt.timedelta):
            return now + end
        return dt.datetime.combine(end, dt.time.max if last else dt.time.min, tzinfo=_tz())

    def moments(self, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
        now = now or timezone.now()
        return self._moment(self.earliest, now, False), self._moment(self.latest, now, True)

    def days(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        today = today or timezone.localdate()
        lo, hi = self.earliest, self.latest
        return (
            today + lo if isinstance(lo, dt.timedelta) else lo,
            today + hi if isinstance(hi, dt.timedelta) else hi,
        )

    def describe(self, label: str | None = None) -> str:
        """The window in words, for the OpenAPI schema and error messages; ``label`` names the
        field as its form labels it (受理时间, 预约上门时间) instead of the window's own name."""

        def end(value: dt.date | dt.timedelta) -> str:
            if isinstance(value, dt.date):
                return value.isoformat()
            if not value:
                return "现在"
            sign = "+" if value > dt.timedelta(0) else "−"
            size = abs(value)
            if size >= dt.timedelta(days=365):
                return f"现在 {sign} {size.days // 365} 年"
            if size >= dt.timedelta(days=1):
                return f"现在 {sign} {size.days} 天"
            return f"现在 {sign} {size.seconds // 60} 分钟"

        return f"{label or self.label}：{end(self.earliest)} 至 {end(self.latest)}"

    def check_moment(self, value: dt.datetime, label: str | None = None) -> str | None:
        """Why ``value`` is refused (a Chinese message naming ``label``), or None when fine."""
        name = label or "时间"
        if timezone.is_naive(value):
            return f"{name}需带时区，例如 2026-09-30T10:00:00+08:00"
        lo, hi = self.moments()
        if not lo <= value <= hi:
            return f"{name}超出允许范围（{self.describe(label)}）"
        return None

    def check_date(self, value: dt.date, label: str | None = None) -> str | None:
        lo, hi = self.days()
        if not lo <= value <= hi:
            return f"{label or '日期'}超出允许范围（{self.describe(label)}）"
        return None


_SKEW = dt.timedelta(minutes=5)

OCCURRED = Window("发生时间", dt.date(2000, 1, 1), _SKEW)
APPOINTMENT = Window("预约时间", -dt.timedelta(days=1), dt.timedelta(days=366))
EXTENSION = Window("延期后的截止时间", -dt.timedelta(days=1), dt.timedelta(days=3 * 366))
MEASURES = Window("措施完成期限", -dt.timedelta(days=1), dt.timedelta(days=3 * 366))
CALCULATION = Window("计算起点", dt.date(2000, 1, 1), dt.date(2100, 12, 31))
DATE = Window("日期", dt.date(1900, 1, 1), dt.date(2100, 12, 31))
BIRTHDAY = Window("生日", dt.date(1900, 1, 1), dt.timedelta(0))


# --- text ------------------------------------------------------------------------------------

# NUL (PostgreSQL cannot store it), other C0 controls and DEL (Excel and XML refuse them), and
# lone UTF-16 surrogates (no UTF-8 encoding exists). Tab, line feed and carriage return are fine.
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why a text cannot be stored and shown everywhere (a Chinese message), or None."""
    found = _BAD_TEXT.search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return "文本中含有不允许的空字符（NUL）"
    if "\ud800" <= char <= "\udfff":
        return "文本中含有无效的 Unicode 字符（孤立代理项）"
    return f"文本中含有不允许的控制字符（U+{ord(char):04X}）"
