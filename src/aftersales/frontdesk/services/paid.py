"""Paid services (有偿服务, R-SVC-1): the price list, a request, the quote the owner accepts,
the assistant's inspection during the work, completion, payment with a receipt number from
the project's one gap-free sequence, price disputes to the department head, and the daily
remittance list finance confirms. A repair ticket judged ``paid`` at survey (R-WAR-2) becomes
a paid-service request with its quote (:func:`from_ticket`, a projection of the ticket trail).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.core import audit, numbering, payments, scoping
from aftersales.core.errors import Conflict, field_error
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.estates.models import Project
from aftersales.frontdesk.choices import PaidStatus, RemittanceStatus
from aftersales.frontdesk.models import PaidService, PriceItem, Remittance, ServiceInspection
from aftersales.frontdesk.services import _common as c
from aftersales.notify import services as notify

TICKET_ITEM = "repair_paid"  # the price-list item of a repair judged paid at survey
DEPARTMENT_HEADS = (RoleCode.SUPERVISOR, RoleCode.SERVICE_MANAGER)


# --- price list ------------------------------------------------------------------------------


@transaction.atomic
def create_price_item(
    actor, *, code: str, name: str, price: Any = None, unit: str = ""
) -> PriceItem:
    require(actor, "frontdesk.prices")
    code = c.text(code, "code", "编码", 40, required=True)
    name = c.text(name, "name", "名称", 100, required=True)
    amount = None if price in (None, "") else parse_money(price, "price", positive=True)
    if PriceItem.objects.filter(code=code).exists():
        raise Conflict(f"价目编码“{code}”已存在", code="duplicate")
    item = PriceItem.objects.create(
        code=code, name=name, price=amount, unit=c.text(unit, "unit", "单位", 20)
    )
    audit.record(actor, "create", item, after=audit.snapshot(item))
    return item


def _item(value: Any) -> PriceItem:
    code = str(value or "").strip()
    if not code:
        raise field_error("item", "请选择服务项目", code="required")
    item = PriceItem.objects.filter(code=code, active=True).first()
    if item is None:
        raise field_error("item", f"价目表中没有“{code}”", code="unknown_item")
    return item


# --- the request and its steps ---------------------------------------------------------------


def _number(at: dt.datetime) -> str:
    day = timezone.localtime(at).strftime("%Y%m%d")
    return f"YF-{day}-{numbering.next_value(f'frontdesk:paid:{day}'):04d}"


@transaction.atomic
def request_service(
    actor,
    *,
    house: Any,
    customer: Any,
    item: Any,
    scheduled_at: dt.datetime | None = None,
    place: str = "",
    note: str = "",
    ticket=None,
    amount: Decimal | None = None,
) -> PaidService:
    """A request: a fixed-price item starts ``quoted`` at its price, an on-site item
    ``requested`` with no amount (R-SVC-1). An owner books for himself only: the customer is
    his own, and a house not his is 404."""
    require(actor, "frontdesk.book")
    own = c.own_customer(actor)
    if own is not None:
        the_house = c.own_house(actor, house)
        the_customer = c.resident(actor, the_house, own)
        if str(item or "").strip() == TICKET_ITEM:  # comes from a survey, not booked
            raise field_error("item", "该项目不能预约", code="unknown_item")
    else:
        the_house = c.house(actor, house)
        the_customer = c.resident(actor, the_house, customer)
    the_item = _item(item)
    if scheduled_at is not None and timezone.is_naive(scheduled_at):
        raise field_error("scheduled_at", "预约时间需带时区")
    price = amount if amount is not None else the_item.price
    now = timezone.now()
    service = PaidService.objects.create(
        number=_number(now),
        project=the_house.project,
        house=the_house,
        customer=the_customer,
        item=the_item,
        scheduled_at=scheduled_at,
        place=c.text(place, "place", "服务地点", 200) or the_house.label,
        note=c.text(note, "note", "说明", 2000),
        status=PaidStatus.QUOTED if price is not None else PaidStatus.REQUESTED,
        amount=price,
        quoted_at=now if price is not None else None,
        ticket=ticket,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, "create", service, after=audit.snapshot(service))
    return service


def _locked(service: PaidService, *allowed: str) -> PaidService:
    locked = PaidService.objects.select_for_update().select_related("project").get(pk=service.pk)
    if allowed and locked.status not in allowed:
        raise Conflict(
            f"有偿服务当前为“{locked.get_status_display()}”，不能执行此操作", code="not_allowed"
        )
    return locked


def _step(actor, service: PaidService, action: str, fields: list[str], note: str = ""):
    service.save(update_fields=fields)
    audit.record(actor, action, service, after=audit.snapshot(service, fields), note=note)
    return service


@transaction.atomic
def quote(actor, service: PaidService, *, amount: Any) -> PaidService:
    """The price agreed before the work (also a new quote after a dispute)."""
    require(actor, "frontdesk.manage")
    s = _locked(service, PaidStatus.REQUESTED, PaidStatus.QUOTED, PaidStatus.DISPUTED)
    s.amount = parse_money(amount, "amount", positive=True)
    s.status, s.quoted_at = PaidStatus.QUOTED, timezone.now()
    return _step(actor, s, "quote", ["amount", "status", "quoted_at"])


@transaction.atomic
def accept(actor, service: PaidService) -> PaidService:
    """The owner agrees to the quote; the work may start."""
    require(actor, "frontdesk.book")
    s = _locked(service, PaidStatus.QUOTED)
    s.status, s.accepted_at = PaidStatus.ACCEPTED, timezone.now()
    return _step(actor, s, "accept", ["status", "accepted_at"])


@transaction.atomic
def inspect(actor, service: PaidService, *, note: str, occurred_at=None) -> ServiceInspection:
    """The customer-service assistant's inspection during the work."""
    require(actor, "frontdesk.inspect")
    s = _locked(service, PaidStatus.ACCEPTED)
    at = c.moment(occurred_at, label="检查时间", not_before=s.accepted_at)
    found = ServiceInspection.objects.create(
        service=s,
        inspector=actor,
        occurred_at=at,
        note=c.text(note, "note", "检查情况", 2000, required=True),
    )
    audit.record(actor, "inspect", s, after={"note": found.note}, occurred_at=at)
    return found


@transaction.atomic
def complete(actor, service: PaidService, *, note: str = "") -> PaidService:
    require(actor, "frontdesk.manage")
    s = _locked(service, PaidStatus.ACCEPTED)
    s.status, s.completed_at = PaidStatus.COMPLETED, timezone.now()
    s.completion_note = c.text(note, "note", "完工说明", 2000)
    return _step(actor, s, "complete", ["status", "completed_at", "completion_note"])


@transaction.atomic
def dispute(actor, service: PaidService, *, reason: str) -> PaidService:
    """A price dispute goes to the department head, never argued on site."""
    require(actor, "frontdesk.book")
    s = _locked(service, PaidStatus.QUOTED, PaidStatus.ACCEPTED)
    s.dispute_reason = c.text(reason, "reason", "异议原因", 2000, required=True)
    s.status, s.disputed_at = PaidStatus.DISPUTED, timezone.now()
    _step(actor, s, "dispute", ["status", "dispute_reason", "disputed_at"])
    heads = notify.staff(DEPARTMENT_HEADS, s.project_id)
    notify.notify_users(
        heads,
        "paid_service_disputed",
        {
            "number": s.number,
            "house": s.house.label,
            "amount": s.amount,
            "reason": s.dispute_reason,
        },
        key=f"paid-dispute-{s.pk}-{s.disputed_at:%Y%m%d%H%M%S}",
    )
    return s


@transaction.atomic
def pay(actor, service: PaidService, *, amount: Any, method: str | None = None) -> PaidService:
    """The fee taken with a receipt: only after completion and only the quoted amount.

    The service row is locked first, so two cashiers paying at once cannot both pass: the
    second sees ``paid`` (409) and never draws a receipt number."""
    require(actor, "frontdesk.collect")
    code = payments.method(method)
    taken = parse_money(amount, "amount", positive=True)
    s = _locked(service, PaidStatus.COMPLETED)
    if taken != s.amount:
        raise field_error(
            "amount", f"收费金额 {taken} 与报价 {s.amount} 不一致", code="amount_mismatch"
        )
    s.receipt_number = numbering.next_receipt_number(s.project)
    payments.collect(code, taken, reference=s.receipt_number, description=f"有偿服务 {s.number}")
    s.status, s.paid_amount, s.method = PaidStatus.PAID, taken, code
    s.paid_at, s.paid_by = timezone.now(), actor
    return _step(
        actor,
        s,
        "pay",
        ["status", "paid_amount", "method", "receipt_number", "paid_at", "paid_by"],
    )


@transaction.atomic
def cancel(actor, service: PaidService, *, reason: str = "") -> PaidService:
    require(actor, "frontdesk.manage")
    s = _locked(
        service, PaidStatus.REQUESTED, PaidStatus.QUOTED, PaidStatus.ACCEPTED, PaidStatus.DISPUTED
    )
    s.status = PaidStatus.CANCELLED
    return _step(actor, s, "cancel", ["status"], note=c.text(reason, "reason", "原因", 500))


# --- remittance to finance -------------------------------------------------------------------


@transaction.atomic
def remit(actor, *, project: Any, day: Any) -> Remittance:
    """The day's fees of a project handed to finance: every paid service of that day (local
    date of payment) not yet on a remittance list."""
    require(actor, "frontdesk.collect")
    pk = c.pk_of(project)
    the_project = None
    if pk is not None:
        the_project = scoping.visible_to(Project.objects.all(), actor).filter(pk=pk).first()
    if the_project is None:
        raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    the_day = c.day(day, "day", "收款日期")
    start = timezone.make_aware(dt.datetime.combine(the_day, dt.time.min))
    pending = PaidService.objects.select_for_update().filter(
        project=the_project,
        status=PaidStatus.PAID,
        remittance__isnull=True,
        paid_at__gte=start,
        paid_at__lt=start + dt.timedelta(days=1),
    )
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        raise Conflict("该日没有待交款的收费", code="nothing_to_remit")
    total = PaidService.objects.filter(pk__in=ids).aggregate(s=Sum("paid_amount"))["s"]
    remittance = Remittance.objects.create(
        project=the_project,
        day=the_day,
        total=total or Decimal("0"),
        count=len(ids),
        submitted_by=actor,
    )
    PaidService.objects.filter(pk__in=ids).update(remittance=remittance)
    audit.record(actor, "create", remittance, after=audit.snapshot(remittance))
    return remittance


@transaction.atomic
def confirm_remittance(actor, remittance: Remittance) -> Remittance:
    require(actor, "frontdesk.remit")
    r = Remittance.objects.select_for_update().get(pk=remittance.pk)
    if r.status != RemittanceStatus.SUBMITTED:
        raise Conflict("该交款单已确认", code="not_allowed")
    r.status, r.confirmed_by, r.confirmed_at = RemittanceStatus.CONFIRMED, actor, timezone.now()
    r.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record(actor, "confirm", r, after={"status": r.status})
    return r


# --- a repair judged paid at survey (R-WAR-2) ------------------------------------------------


def follows(events) -> bool:
    """Only a survey can open a paid-service request (:func:`from_ticket`)."""
    return any(event.action == "survey" for event in events)


def from_ticket(ticket, events) -> None:
    """Projector of the ticket trail: a survey judging the work ``paid`` opens (or re-quotes)
    the ticket's paid-service request at the survey's estimate. Runs in the survey's
    transaction (``core.projections``)."""
    for event in events:
        if event.action != "survey" or (event.data or {}).get("work_class") != "paid":
            continue
        if not ticket.house_id or not ticket.customer_id:
            continue
        estimate = event.data.get("estimate")
        amount = parse_money(estimate, "estimate", positive=True) if estimate else None
        existing = PaidService.objects.select_for_update().filter(ticket=ticket).first()
        if existing is not None:
            if existing.status in (PaidStatus.REQUESTED, PaidStatus.QUOTED, PaidStatus.DISPUTED):
                existing.amount = amount
                existing.status = PaidStatus.QUOTED if amount else PaidStatus.REQUESTED
                existing.quoted_at = timezone.now()
                _step(event.actor, existing, "quote", ["amount", "status", "quoted_at"])
            continue
        item = PriceItem.objects.filter(code=TICKET_ITEM).first()
        if item is None:
            item = PriceItem.objects.create(code=TICKET_ITEM, name="报修转有偿维修")
        now = timezone.now()
        service = PaidService.objects.create(
            number=_number(now),
            project_id=ticket.project_id,
            house_id=ticket.house_id,
            customer_id=ticket.customer_id,
            item=item,
            place=ticket.house.label if ticket.house_id else "",
            note=f"报修单 {ticket.number}：{ticket.description}"[:2000],
            status=PaidStatus.QUOTED if amount else PaidStatus.REQUESTED,
            amount=amount,
            quoted_at=now if amount else None,
            ticket=ticket,
            created_by=event.actor,
        )
        audit.record(
            event.actor,
            "create",
            service,
            after=audit.snapshot(service),
            note=f"来自报修单 {ticket.number}",
        )


def ticket_projection_failed(ticket, error: BaseException) -> None:
    """Nothing to mark: a failed conversion is logged; the desk can register it by hand."""
