"""Services of the core domain: the working calendar (R-CAL-1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from aftersales.core import audit
from aftersales.core.errors import Invalid, field_error
from aftersales.core.models import AuditEntry, WorkCalendarDay
from aftersales.core.permissions import require
from aftersales.core.workcalendar import days_in_year


def _day_data(day: WorkCalendarDay | None) -> dict | None:
    if day is None:
        return None
    return {"date": day.date.isoformat(), "workday": day.workday, "name": day.name}


@transaction.atomic
def set_calendar_day(actor, date: dt.date, workday: bool, name: str = "") -> WorkCalendarDay:
    """Correct one day of the calendar (an administrator's change, audited)."""
    require(actor, "calendar.manage")
    if len(name) > 40:
        raise field_error("name", "名称不能超过 40 个字")
    existing = WorkCalendarDay.objects.select_for_update().filter(date=date).first()
    before = _day_data(existing)
    day, _ = WorkCalendarDay.objects.update_or_create(
        date=date,
        defaults={"workday": workday, "name": name, "source": WorkCalendarDay.Source.ADMIN},
    )
    audit.record(
        actor,
        AuditEntry.Action.UPDATE if existing else AuditEntry.Action.CREATE,
        day,
        before=before,
        after=_day_data(day),
        note="调整工作日历",
    )
    return day


@dataclass(frozen=True)
class Holiday:
    name: str
    start: dt.date
    end: dt.date


@transaction.atomic
def set_year_schedule(
    actor, year: int, holidays: list[Holiday], makeup_days: list[tuple[dt.date, str]]
) -> int:
    """Enter a whole year's official schedule (the State Council's notice).

    Every day of ``year`` gets a row: weekends are rest days, the holiday ranges are rest days
    with their names, and the make-up days (调休) are working days. Returns the number of days
    written. Earlier rows of that year are replaced.
    """
    require(actor, "calendar.manage")
    if not 2000 <= year <= 2100:
        raise field_error("year", "年份应在 2000–2100 之间")
    for name in [h.name for h in holidays] + [n for _, n in makeup_days]:
        if len(name or "") > 40:
            raise field_error("name", f"名称“{name[:20]}…”不能超过 40 个字")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    status: dict[dt.date, tuple[bool, str]] = {}
    day = first
    while day <= last:
        status[day] = (day.weekday() < 5, "")
        day += dt.timedelta(days=1)
    for h in holidays:
        if h.end < h.start:
            raise Invalid(f"假期“{h.name}”的结束日期早于开始日期", code="invalid_range")
        day = h.start
        while day <= h.end:
            if day.year == year:
                status[day] = (False, h.name)
            day += dt.timedelta(days=1)
    for d, name in makeup_days:
        if d.year != year:
            raise Invalid(f"调休日 {d} 不在 {year} 年内", code="invalid_date")
        status[d] = (True, name or "调休上班")
    WorkCalendarDay.objects.filter(date__year=year).delete()
    WorkCalendarDay.objects.bulk_create(
        [
            WorkCalendarDay(date=d, workday=w, name=n, source=WorkCalendarDay.Source.ADMIN)
            for d, (w, n) in sorted(status.items())
        ]
    )
    audit.record(
        actor,
        AuditEntry.Action.UPDATE,
        model="core.WorkCalendarDay",
        object_id=str(year),
        after={
            "holidays": [[h.name, h.start, h.end] for h in holidays],
            "makeup_days": [[d, n] for d, n in makeup_days],
        },
        note=f"录入 {year} 年放假安排",
    )
    assert len(status) == days_in_year(year)
    return len(status)


def seed_official_calendar(first_year: int, last_year: int, model=WorkCalendarDay) -> int:
    """Load the official schedule known to ``chinesecalendar`` (used by the data migration)."""
    import chinese_calendar

    rows = []
    day, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    while day <= last:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        workday = chinese_calendar.is_workday(day)
        label = ""
        if name:
            label = _HOLIDAY_NAMES.get(str(name), str(name))
            if workday:
                label = f"{label}调休上班"
        rows.append(model(date=day, workday=workday, name=label))
        day += dt.timedelta(days=1)
    model.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
