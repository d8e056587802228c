"""Tickets (api.md "Tickets"): intake, the actions of the transition table, the trail."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import (
    AppointmentAt,
    ExtendedDue,
    Id,
    LocalDateTime,
    MeasuresDue,
    Money,
    OccurredAt,
)
from aftersales.core import scoping
from aftersales.core.errors import NotFound
from aftersales.portal.selectors import given_name
from aftersales.tickets import deadlines, search, selectors, services
from aftersales.tickets.models import Phenomenon, Ticket, TicketEvent

router = Router(tags=["报事工单"])


def _for_owner(context) -> bool:
    """Whether the answer goes to an owner (R-SS-1): he never sees who of the staff handles
    his ticket beyond the technician's given name, costs, contractors or internal notes."""
    request = (context or {}).get("request")
    user = getattr(request, "auth", None)
    return user is not None and not scoping.is_staff_user(user)


class TicketIn(Schema):
    kind: str
    channel: str
    description: str
    customer: Id | None = None
    phone: str = ""
    house: Id | None = None
    public_area: str = ""
    project: Id | None = None
    category: str = ""
    phenomenon: Id | None = None
    component: str = ""
    location: str = ""
    urgency: str = ""
    severity: str = ""
    expected_at: AppointmentAt | None = None
    occurred_at: OccurredAt | None = None


class WarrantyOut(Schema):
    in_warranty: bool
    component: str
    expires_on: dt.date | None


class DeadlineOut(Schema):
    due: LocalDateTime
    met: bool | None
    breached: bool
    remaining_seconds: int | None
    extended: bool


class WorkOrderOut(Schema):
    id: int
    trade: str
    assignee: int | None
    completed_at: LocalDateTime | None

    @staticmethod
    def resolve_assignee(obj) -> int | None:
        return obj.assignee_id


class TicketOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    status: str
    urgency: str
    severity: str | None
    project: int | None
    house: int | None
    house_label: str | None
    public_area: str
    customer: int | None
    phone: str
    category: str
    component: str
    description: str
    warranty: WarrantyOut | None
    work_class: str | None
    responsible_party: str | None
    trades: int | None
    estimate: Money | None
    assignee: int | None
    deadlines: dict[str, DeadlineOut]
    department_deadlines: dict[str, DeadlineOut] = Field(
        default_factory=dict, description="投诉各责任部门的反馈时限，键为部门编码（R-CMP-3）"
    )
    paused: bool
    reopen_count: int
    occurred_at: LocalDateTime
    registered_at: LocalDateTime
    closed_at: LocalDateTime | None
    work_orders: list[WorkOrderOut]
    invalid: bool
    invalid_reason: str
    close_reason: str
    merged_into: int | None
    duplicates: list[str] = Field(
        default_factory=list, description="同一房屋同类未关闭工单（疑似重复）"
    )

    @staticmethod
    def resolve_work_orders(obj: Ticket, context) -> list:
        if _for_owner(context):
            return []
        known = getattr(obj, "answer_work_orders", None)  # a new ticket: see _registered
        return list(obj.work_orders.all()) if known is None else known

    @staticmethod
    def resolve_merged_into(obj: Ticket) -> int | None:
        return obj.merged_into_id

    @staticmethod
    def resolve_severity(obj: Ticket) -> str | None:
        return obj.severity or None

    @staticmethod
    def resolve_work_class(obj: Ticket, context) -> str | None:
        return None if _for_owner(context) else (obj.work_class or None)

    @staticmethod
    def resolve_responsible_party(obj: Ticket, context) -> str | None:
        return None if _for_owner(context) else (obj.responsible_party or None)

    @staticmethod
    def resolve_estimate(obj: Ticket, context) -> Decimal | None:
        return None if _for_owner(context) else obj.estimate

    @staticmethod
    def resolve_trades(obj: Ticket, context) -> int | None:
        return None if _for_owner(context) else obj.trades

    @staticmethod
    def resolve_invalid_reason(obj: Ticket, context) -> str:
        return "" if _for_owner(context) else obj.invalid_reason

    @staticmethod
    def resolve_house_label(obj: Ticket) -> str | None:
        return obj.house.label if obj.house_id else None

    @staticmethod
    def resolve_warranty(obj: Ticket) -> dict | None:
        if obj.in_warranty is None:
            return None
        return {
            "in_warranty": obj.in_warranty,
            "component": obj.component,
            "expires_on": obj.warranty_expires_on,
        }

    @staticmethod
    def resolve_deadlines(obj: Ticket) -> dict:
        now = timezone.now()
        known = getattr(obj, "answer_deadlines", None)  # a new ticket: see _registered
        return {
            d.name: deadlines.view(d, now)
            for d in (obj.deadlines.all() if known is None else known)
            if not d.department
        }

    @staticmethod
    def resolve_department_deadlines(obj: Ticket) -> dict:
        now = timezone.now()
        known = getattr(obj, "answer_deadlines", None)
        return {
            d.department: deadlines.view(d, now)
            for d in (obj.deadlines.all() if known is None else known)
            if d.department
        }

    @staticmethod
    def resolve_duplicates(obj: Ticket, context) -> list[str]:
        if _for_owner(context):
            return []
        return getattr(obj, "duplicate_numbers", None) or []

    # plain foreign-key ids
    @staticmethod
    def resolve_project(obj: Ticket) -> int | None:
        return obj.project_id

    @staticmethod
    def resolve_house(obj: Ticket) -> int | None:
        return obj.house_id

    @staticmethod
    def resolve_customer(obj: Ticket) -> int | None:
        return obj.customer_id

    @staticmethod
    def resolve_assignee(obj: Ticket, context) -> int | None:
        return None if _for_owner(context) else obj.assignee_id


class EventOut(Schema):
    id: int
    action: str
    from_status: str
    to_status: str
    actor: int | None
    actor_name: str
    occurred_at: LocalDateTime
    recorded_at: LocalDateTime
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: TicketEvent | dict) -> int | None:
        return obj["actor"] if isinstance(obj, dict) else obj.actor_id  # dict: owner_event


class TicketFilter(Schema):
    """The filters of the ticket list (tickets/search.py, the same as the web list)."""

    status: str = ""
    kind: str = ""
    category: str = Field("", description="类别")
    project: Id | None = None
    house: Id | None = None
    house_label: str = Field("", description="房号（部分即可），如 3-2-1201")
    customer: Id | None = None
    name: str = Field("", description="客户姓名（部分即可）")
    phone: str = Field("", description="电话：工单联系电话或客户的手机号、备用电话（完整号码）")
    assignee: Id | None = None
    overdue: bool | None = None
    number: str = Field("", description="工单编号（完整）")
    occurred_from: str = Field("", description="受理日期起（含），YYYY-MM-DD")
    occurred_to: str = Field("", description="受理日期止（含），YYYY-MM-DD")
    q: str = Field(
        "",
        description="关键词：报事内容中的词（PostgreSQL 上按中文分词全文检索，两个字以上的词"
        "在任何位置都能找到），或完整的工单编号、房号",
    )
    routed_to_me: bool | None = Field(None, description="只看转交本人所在部门的未关闭投诉")


def _tickets(user):
    return selectors.tickets_for(user)


def _ticket(request, ticket_id: int) -> Ticket:
    ticket = _tickets(request.auth).filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFound("工单不存在或不在您的数据范围内")
    return ticket


def _registered(request, ticket: Ticket) -> Ticket:
    """The ticket intake just made, as answered: built from the ticket in hand.

    Staff see a ticket when it is in their data scope (``scoping.in_scope`` reads it from the
    row in hand); a new ticket has no work orders and only the clocks intake started. Any
    other caller gets the ticket read back through the scope, as before.
    """
    user = request.auth
    if not scoping.is_staff_user(user):
        fresh = _ticket(request, ticket.pk)
        fresh.duplicate_numbers = getattr(ticket, "duplicate_numbers", [])
        return fresh
    if not scoping.in_scope(ticket, user):
        raise NotFound("工单不存在或不在您的数据范围内")
    ticket.answer_deadlines = list(getattr(ticket, "started_deadlines", None) or [])
    ticket.answer_work_orders = []
    return ticket


@router.post("/tickets", response={201: TicketOut}, summary="登记工单（报事受理）")
def register(request, payload: TicketIn):
    ticket = services.register_ticket(request.auth, **payload.dict())
    return Status(201, _registered(request, ticket))


@router.get("/tickets", response=list[TicketOut], summary="工单列表")
@paginate(PageNumber)
def list_tickets(request, filters: Query[TicketFilter]):
    """Newest first; every filter given must match (the web ticket list uses the same search).
    With ``q`` the count stops at 10,000 (tickets/search.py ``COUNT_LIMIT``)."""
    params = {k: v for k, v in filters.dict().items() if v is not None}
    return search.counted(request.auth, search.parse(params))


@router.get("/tickets/{ticket_id}", response=TicketOut, summary="工单详情")
def get_ticket(request, ticket_id: Id):
    return _ticket(request, ticket_id)


@router.get("/tickets/{ticket_id}/events", response=list[EventOut], summary="工单记录（审计轨迹）")
def ticket_events(request, ticket_id: Id):
    """An owner sees the steps he is told about (no internal records), with the technician
    by his given name only and only what the step says to him (R-SS-1)."""
    trail = _ticket(request, ticket_id).events.order_by("occurred_at", "id")
    if scoping.is_staff_user(request.auth):
        return list(trail)
    return [owner_event(e, request.auth) for e in trail.filter(internal=False)]


# What of an event's data an owner is shown, by action (nothing else: notes, names, costs).
OWNER_DATA = {
    "register": ("channel",),
    "appointment": ("visit_at",),
    "complete": (),
    "sign_off": ("opinion", "signed", "comment"),
    "callback": ("satisfied",),
    "reply": ("content",),
    "resolve": ("content",),
    "extend": ("deadline", "due"),
    "close": (),
    "rate": ("score", "comment"),
}


def owner_event(event: TicketEvent, owner) -> dict:
    data = event.data or {}
    shown = {k: data[k] for k in OWNER_DATA.get(event.action, ()) if k in data}
    if event.action in ("dispatch", "reassign") and data.get("assignee_name"):
        shown["technician"] = given_name(data["assignee_name"])
    own = event.actor_id == owner.pk
    return {
        "id": event.id,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": owner.pk if own else None,
        "actor_name": event.actor_name if own else "",
        "occurred_at": event.occurred_at,
        "recorded_at": event.recorded_at,
        "data": shown,
    }


class PhenomenonOut(Schema):
    id: int
    category: str
    name: str
    component: str


@router.get("/phenomena", response=list[PhenomenonOut], summary="报事现象（类别 → 现象）")
def list_phenomena(request, category: str = ""):
    """The configurable second level of the category tree, for intake forms (R-TKT-4)."""
    qs = Phenomenon.objects.filter(active=True)
    return list(qs.filter(category=category) if category else qs)


# --- actions -----------------------------------------------------------------------------------


class Back(Schema):
    occurred_at: OccurredAt | None = None


class DispatchIn(Back):
    assignee: Id


class ReassignIn(Back):
    assignee: Id
    reason: str = ""


class AppointmentIn(Back):
    visit_at: AppointmentAt
    note: str = ""


class SurveyIn(Back):
    responsible_party: str
    trades: int
    estimate: Decimal
    work_class: str
    cause: str = ""
    contractor_present: bool = False
    component: str = ""
    complex_work: bool = False
    trade_names: list[str] = Field(default_factory=list)
    participants: list[str] = Field(default_factory=list)


class CommentIn(Back):
    comment: str = ""


class MaterialIn(Schema):
    item: str
    quantity: Decimal = Decimal("1")
    unit_cost: Decimal = Decimal("0")


class CompleteIn(Back):
    result: str = ""
    materials: list[MaterialIn] = Field(default_factory=list)
    labour_hours: Decimal | None = None
    work_order: Id | None = None


class CheckIn(Back):
    passed: bool = True
    note: str = ""


class SignOffIn(Back):
    opinion: str
    signature: str = Field("", description="客户手写签名，base64 编码的 PNG")
    comment: str = ""


class CallbackIn(Back):
    satisfied: bool
    method: str = ""
    scores: dict[str, int] = Field(default_factory=dict)
    comment: str = ""


class RateIn(Schema):
    score: int = Field(description="1–5 星")
    comment: str = ""


class RouteIn(Back):
    departments: list[str]


class FeedbackIn(Back):
    department: str = ""
    content: str


class InstructIn(Back):
    measures: str = Field(description="处理措施")
    responsible: str = Field("", description="落实人或部门")
    due: MeasuresDue = Field(description="措施完成期限")


class ContentIn(Back):
    content: str


class ReasonIn(Back):
    reason: str = ""


class ExtendIn(Back):
    deadline: str
    due: ExtendedDue
    customer_consent: bool
    reason: str = ""


class MergeIn(Back):
    into: Id


def _act(request, ticket_id: int, action: str, payload: Schema | None) -> Ticket:
    data = payload.dict() if payload is not None else {}
    if "materials" in data:
        data["materials"] = [dict(m) for m in data["materials"]]
    services.perform(request.auth, ticket_id, action, **data)
    return _ticket(request, ticket_id)


def _register(action: str, schema: type[Schema], summary: str) -> None:
    def view(request, ticket_id: Id, payload: schema):  # type: ignore[valid-type]
        return _act(request, ticket_id, action, payload)

    view.__name__ = f"ticket_{action}"
    router.post(
        f"/tickets/{{ticket_id}}/{action}",
        response=TicketOut,
        summary=summary,
        operation_id=f"ticket_{action}",
    )(view)


for _action, _schema, _summary in (
    ("dispatch", DispatchIn, "派工"),
    ("reassign", ReassignIn, "改派"),
    ("appointment", AppointmentIn, "预约上门"),
    ("survey", SurveyIn, "现场勘察会签"),
    ("approve_plan", CommentIn, "批准维修方案"),
    ("start", Back, "开始维修"),
    ("complete", CompleteIn, "完工（维修记录）"),
    ("check", CheckIn, "竣工检查"),
    ("sign_off", SignOffIn, "客户签认"),
    ("callback", CallbackIn, "回访"),
    ("route", RouteIn, "投诉转责任部门"),
    ("feedback", FeedbackIn, "部门反馈（仅限已转交的部门）"),
    ("instruct", InstructIn, "重大投诉：总经理确定处理措施"),
    ("approve_resolution", CommentIn, "重要投诉：审批处理结果"),
    ("reply", ContentIn, "答复客户"),
    ("resolve", ContentIn, "投诉处理完成"),
    ("invalidate", ReasonIn, "判定无效投诉"),
    ("pause", ReasonIn, "暂停计时"),
    ("resume", ReasonIn, "恢复计时"),
    ("extend", ExtendIn, "延期（须客户同意）"),
    ("merge", MergeIn, "合并重复工单"),
    ("close", ReasonIn, "经理决定关闭"),
    ("rate", RateIn, "业主评价（1–5 星与评价内容）"),
):
    _register(_action, _schema, _summary)
