"""API of 分析与会议: weekly complaint reports and roll-ups (R-RPT-2), recurring-problem
analysis (R-RPT-3), lessons for design and construction, meetings with action items (R-RPT-5)
and the early-warning board (R-CMP-5). Each handler parses, calls one service, answers."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.analysis import selectors, services
from aftersales.analysis.models import ActionItem, Lesson, Meeting
from aftersales.analysis.selectors import board, recurring, weekly
from aftersales.api.pagination import PageNumber
from aftersales.api.types import Day, Id, LocalDateTime

router = Router(tags=["分析与会议"])

Year = Annotated[int, Field(ge=1, le=9999)]
Quarter = Annotated[int, Field(ge=1, le=4)]


# --- weekly complaint report and roll-ups -------------------------------------------------------


class LevelRow(Schema):
    level: str = Field(description="major / important / minor / '' (未定级) / total")
    label: str
    new: int
    resolved: int
    pending: int
    overdue: int


class NoteOut(Schema):
    at: LocalDateTime
    actor: str
    action: str
    text: str


class PendingOut(Schema):
    ticket: int
    number: str
    severity: str
    occurred_at: LocalDateTime
    house: str
    customer: str
    description: str
    status: str
    days_open: int
    overdue: bool
    notes: list[NoteOut]


class PeriodOut(Schema):
    kind: str
    start: dt.date
    end: dt.date
    label: str


class WeeklyOut(Schema):
    project: int
    project_name: str
    period: PeriodOut
    as_of: LocalDateTime
    levels: list[LevelRow]
    total: LevelRow
    pending_items: list[PendingOut]


def _period(p: weekly.Period) -> dict:
    return {"kind": p.kind, "start": p.first_day, "end": p.last_day, "label": p.label}


@router.get(
    "/reports/weekly-complaints", response=WeeklyOut, summary="投诉处理周报（一个客服处一周）"
)
def weekly_complaints(request, project: Id | None = None, week: Day | None = None):
    """``week``: any day of the week wanted (Monday–Sunday); default this week."""
    report = weekly.weekly_report(request.auth, project, week)
    return {
        "project": report.project.pk,
        "project_name": report.project.name,
        "period": _period(report.period),
        "as_of": report.as_of,
        "levels": report.levels,
        "total": report.total,
        "pending_items": [
            {
                "ticket": i.ticket.pk,
                "number": i.ticket.number,
                "severity": i.ticket.severity,
                "occurred_at": i.ticket.occurred_at,
                "house": i.ticket.house.label if i.ticket.house_id else i.ticket.public_area,
                "customer": i.ticket.customer.name if i.ticket.customer_id else "",
                "description": i.ticket.description,
                "status": i.status,
                "days_open": i.days_open,
                "overdue": i.overdue,
                "notes": i.notes,
            }
            for i in report.pending_items
        ],
    }


class OfficeRow(Schema):
    project: int
    project_code: str
    project_name: str
    new: int
    new_major: int
    resolved: int
    pending: int
    overdue: int
    resolution_rate: float | None = Field(description="办结 ÷ (办结 + 未结)")


class TotalRow(LevelRow):
    resolution_rate: float | None


class RollupOut(Schema):
    period: PeriodOut
    as_of: LocalDateTime
    offices: list[OfficeRow]
    levels: list[LevelRow]
    total: TotalRow


@router.get("/reports/complaints-rollup", response=RollupOut, summary="投诉处理季度/年度汇总")
def complaints_rollup(
    request,
    period: Literal["quarter", "year"] = "quarter",
    year: Year | None = None,
    quarter: Quarter | None = None,
):
    data = weekly.rollup(request.auth, period, year, quarter)
    return {
        "period": _period(data.period),
        "as_of": data.as_of,
        "offices": [
            {
                "project": r["project"].pk,
                "project_code": r["project"].code,
                "project_name": r["project"].name,
                **{k: r[k] for k in ("new", "new_major", "resolved", "pending", "overdue")},
                "resolution_rate": r["resolution_rate"],
            }
            for r in data.offices
        ],
        "levels": data.levels,
        "total": data.total,
    }


# --- recurring problems -----------------------------------------------------------------------


class RecurringRow(Schema):
    key: str = Field(description="取值（记录类维度为 id；none 表示未填写）")
    label: str
    count: int
    houses: int
    repeat_houses: int
    share: float | None


class TrendSeries(Schema):
    key: str
    label: str
    counts: list[int]


class RecurringOut(Schema):
    by: str
    project: int | None
    start: dt.date
    end: dt.date
    total: int
    rows: list[RecurringRow]
    more_rows: int
    months: list[str]
    month_totals: list[int]
    trend: list[TrendSeries]
    houses_any: int
    houses_repeat: int
    repeat_rate: float | None = Field(description="同类别报修 ≥ 2 次的户数 ÷ 有报修的户数")


@router.get("/reports/recurring", response=RecurringOut, summary="重复问题分析")
def recurring_analysis(
    request,
    by: str = "category",
    project: Id | None = None,
    start: Day | None = None,
    end: Day | None = None,
):
    """``by``: category, phenomenon, component, location, unit_type, building, contractor."""
    data = recurring.analyse(request.auth, by, project, start, end)
    return {
        "by": data.by,
        "project": data.project.pk if data.project else None,
        "start": data.start,
        "end": data.end,
        "total": data.total,
        "rows": data.rows,
        "more_rows": data.more_rows,
        "months": data.months,
        "month_totals": data.month_totals,
        "trend": data.trend,
        "houses_any": data.houses_any,
        "houses_repeat": data.houses_repeat,
        "repeat_rate": data.repeat_rate,
    }


# --- early-warning board ----------------------------------------------------------------------


class BoardRow(Schema):
    project: int | None
    project_name: str
    counts: dict[str, int]
    total: int


class BoardOut(Schema):
    rules: dict[str, str]
    rows: list[BoardRow]
    totals: dict[str, int]
    total: int


@router.get("/reports/warnings-board", response=BoardOut, summary="预警看板（按项目计数）")
def warnings_board(request):
    data = board.warnings_board(request.auth)
    return {
        "rules": dict(data.rules),
        "rows": [
            {
                "project": r["project"].pk if r["project"] else None,
                "project_name": r["project"].name if r["project"] else "",
                "counts": r["counts"],
                "total": r["total"],
            }
            for r in data.rows
        ],
        "totals": data.totals,
        "total": data.total,
    }


# --- lessons ----------------------------------------------------------------------------------


class LessonIn(Schema):
    by: str
    key: str = Field(description="分析结果中该行的 key")
    project: Id | None = None
    start: Day | None = None
    end: Day | None = None
    title: str = ""
    owner_dept: str = ""


class LessonPatch(Schema):
    title: str | None = None
    annotation: str | None = None
    status: str | None = None
    owner_dept: str | None = None


class LessonOut(Schema):
    id: int
    project: int | None = Field(None, alias="project_id")
    dimension: str
    value: str
    value_label: str
    period_start: dt.date
    period_end: dt.date
    ticket_count: int
    house_count: int
    repeat_house_count: int
    title: str
    annotation: str
    status: str
    owner_dept: str
    created_at: LocalDateTime
    decided_at: LocalDateTime | None


@router.get("/lessons", response=list[LessonOut], summary="设计施工改进清单")
@paginate(PageNumber)
def list_lessons(request, status: str = "", owner_dept: str = "", project: Id | None = None):
    return selectors.lessons.lessons_for(
        request.auth, status=status, owner_dept=owner_dept, project=project
    )


@router.post("/lessons", response={201: LessonOut}, summary="从分析结果生成改进项")
def create_lesson(request, payload: LessonIn):
    return Status(201, services.lessons.create_from_row(request.auth, **payload.dict()))


@router.get("/lessons/{lesson_id}", response=LessonOut, summary="改进项详情")
def get_lesson(request, lesson_id: Id):
    return selectors.lessons.get_lesson(request.auth, lesson_id)


@router.patch("/lessons/{lesson_id}", response=LessonOut, summary="批注、改状态或转部门")
def patch_lesson(request, lesson_id: Id, payload: LessonPatch):
    lesson = selectors.lessons.get_lesson(request.auth, lesson_id)
    return services.lessons.update_lesson(request.auth, lesson, **payload.dict(exclude_unset=True))


@router.delete("/lessons/{lesson_id}", response={204: None}, summary="删除待处理的改进项")
def delete_lesson(request, lesson_id: Id):
    lesson: Lesson = selectors.lessons.get_lesson(request.auth, lesson_id)
    services.lessons.delete_lesson(request.auth, lesson)
    return Status(204, None)


# --- meetings ---------------------------------------------------------------------------------


class ActionIn(Schema):
    text: str
    owner: Id
    due_on: Day | None = None
    done: bool = False
    tickets: list[Id] = []


class ActionPatch(Schema):
    text: str | None = None
    owner: Id | None = None
    due_on: Day | None = None
    done: bool | None = None
    tickets: list[Id] | None = None


class ActionOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    text: str
    owner: int = Field(alias="owner_id")
    owner_name: str
    due_on: dt.date | None
    done: bool
    done_at: LocalDateTime | None
    tickets: list[int]

    @staticmethod
    def resolve_owner_name(obj: ActionItem) -> str:
        return obj.owner.display_name

    @staticmethod
    def resolve_tickets(obj: ActionItem) -> list[int]:
        return sorted(t.pk for t in obj.tickets.all())


class MeetingIn(Schema):
    kind: str
    held_on: Day
    title: str = ""
    project: Id | None = None
    ticket: Id | None = None
    place: str = ""
    chair: str = ""
    attendees: str = ""
    minutes: str = ""


class MeetingPatch(Schema):
    kind: str | None = None
    held_on: Day | None = None
    title: str | None = None
    project: Id | None = None
    ticket: Id | None = None
    place: str | None = None
    chair: str | None = None
    attendees: str | None = None
    minutes: str | None = None


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    project: int | None = Field(None, alias="project_id")
    ticket: int | None = Field(None, alias="ticket_id")
    held_on: dt.date
    place: str
    chair: str
    attendees: str
    minutes: str
    created_at: LocalDateTime


class MeetingDetailOut(MeetingOut):
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj: Meeting) -> list:
        return list(obj.actions.all())


@router.get("/meetings", response=list[MeetingOut], summary="会议列表")
@paginate(PageNumber)
def list_meetings(request, kind: str = "", project: Id | None = None, q: str = ""):
    return selectors.meetings.meetings_for(request.auth, kind=kind, project=project, q=q)


@router.post("/meetings", response={201: MeetingDetailOut}, summary="新建会议")
def create_meeting(request, payload: MeetingIn):
    meeting = services.meetings.create_meeting(request.auth, **payload.dict())
    return Status(201, selectors.meetings.get_meeting(request.auth, meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="会议详情与待办")
def get_meeting(request, meeting_id: Id):
    return selectors.meetings.get_meeting(request.auth, meeting_id)


@router.patch("/meetings/{meeting_id}", response=MeetingDetailOut, summary="修改会议纪要")
def patch_meeting(request, meeting_id: Id, payload: MeetingPatch):
    meeting = selectors.meetings.get_meeting(request.auth, meeting_id)
    services.meetings.update_meeting(request.auth, meeting, **payload.dict(exclude_unset=True))
    return selectors.meetings.get_meeting(request.auth, meeting_id)


@router.get("/meetings/{meeting_id}/actions", response=list[ActionOut], summary="会议待办")
def list_actions(request, meeting_id: Id):
    return list(selectors.meetings.get_meeting(request.auth, meeting_id).actions.all())


@router.post("/meetings/{meeting_id}/actions", response={201: ActionOut}, summary="添加待办")
def add_action(request, meeting_id: Id, payload: ActionIn):
    meeting = selectors.meetings.get_meeting(request.auth, meeting_id)
    return Status(201, services.meetings.add_action(request.auth, meeting, **payload.dict()))


@router.patch(
    "/meetings/{meeting_id}/actions/{action_id}", response=ActionOut, summary="修改待办或勾选完成"
)
def patch_action(request, meeting_id: Id, action_id: Id, payload: ActionPatch):
    meeting = selectors.meetings.get_meeting(request.auth, meeting_id)
    item = selectors.meetings.get_action(request.auth, meeting, action_id)
    return services.meetings.update_action(request.auth, item, **payload.dict(exclude_unset=True))
