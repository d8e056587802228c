"""The working calendar (R-CAL-1) and deadline arithmetic (R-CAL-4) for integrators."""

import datetime as dt
from typing import Annotated

from ninja import Field, Router, Schema

from aftersales.api.types import CalculationStart, Day, LocalDateTime
from aftersales.core import services, workcalendar
from aftersales.core.errors import field_error
from aftersales.core.models import WorkCalendarDay
from aftersales.core.permissions import require

router = Router(tags=["工作日历"])

Year = Annotated[int, Field(ge=2000, le=2100, description="年份，2000–2100")]
Amount = Annotated[
    float,
    Field(
        ge=0,
        allow_inf_nan=False,
        description=(
            "数量，不小于 0。上限：natural_hours 87600、natural_days 3650、"
            "working_hours 20000、working_days 2000"
        ),
    ),
]


class DayIn(Schema):
    workday: bool
    name: str = ""


class DayOut(Schema):
    date: dt.date
    workday: bool
    name: str
    source: str = Field(
        description="official 官方安排 / admin 管理员调整 / default 按周一至周五推算"
    )


class HolidayIn(Schema):
    name: str
    start: Day
    end: Day


class MakeupIn(Schema):
    date: Day
    name: str = ""


class YearIn(Schema):
    holidays: list[HolidayIn]
    makeup_days: list[MakeupIn] = Field(default_factory=list)


class YearOut(Schema):
    year: int
    scheduled: bool
    days_written: int


class DueOut(Schema):
    start: LocalDateTime
    amount: float
    unit: str
    due: LocalDateTime


def _day_out(day: dt.date, row: WorkCalendarDay | None) -> dict:
    if row is None:
        return {"date": day, "workday": day.weekday() < 5, "name": "", "source": "default"}
    return {"date": row.date, "workday": row.workday, "name": row.name, "source": row.source}


@router.get("/calendar/days", response=list[DayOut], summary="日历（按日期范围）")
def list_days(request, start: Day, end: Day):
    require(request.auth, "calendar.view")
    if end < start or (end - start).days > 400:
        raise field_error("end", "日期范围应为 0–400 天且结束不早于开始")
    rows = {r.date: r for r in WorkCalendarDay.objects.filter(date__gte=start, date__lte=end)}
    out, day = [], start
    while day <= end:
        out.append(_day_out(day, rows.get(day)))
        day += dt.timedelta(days=1)
    return out


@router.get("/calendar/days/{day}", response=DayOut, summary="某日是否工作日")
def get_day(request, day: Day):
    require(request.auth, "calendar.view")
    return _day_out(day, WorkCalendarDay.objects.filter(date=day).first())


@router.put("/calendar/days/{day}", response=DayOut, summary="调整某日")
def put_day(request, day: Day, payload: DayIn):
    require(request.auth, "calendar.manage")
    return _day_out(
        day, services.set_calendar_day(request.auth, day, payload.workday, payload.name)
    )


@router.put("/calendar/years/{year}", response=YearOut, summary="录入全年放假安排")
def put_year(request, year: Year, payload: YearIn):
    require(request.auth, "calendar.manage")
    written = services.set_year_schedule(
        request.auth,
        year,
        holidays=[services.Holiday(h.name, h.start, h.end) for h in payload.holidays],
        makeup_days=[(m.date, m.name) for m in payload.makeup_days],
    )
    return {
        "year": year,
        "scheduled": workcalendar.year_is_scheduled(year),
        "days_written": written,
    }


@router.get("/calendar/due", response=DueOut, summary="计算截止时间")
def due(request, start: CalculationStart, amount: Amount, unit: str):
    """When a deadline of ``amount`` ``unit`` counted from ``start`` falls due (R-CAL-4)."""
    require(request.auth, "calendar.view")
    if unit not in workcalendar.Unit.ALL:
        raise field_error("unit", f"单位应为：{', '.join(sorted(workcalendar.Unit.ALL))}")
    try:
        result = workcalendar.compute_due(start, amount, unit)
    except ValueError as exc:
        raise field_error("amount", str(exc)) from exc
    return {"start": start, "amount": amount, "unit": unit, "due": result}
