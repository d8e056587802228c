"""Intake (报事受理, R-TKT-1..8): one numbered ticket per report, from any channel."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.core import numbering, scoping
from aftersales.core.errors import NotFound, field_error
from aftersales.core.permissions import can, require
from aftersales.estates import services as estates
from aftersales.estates.models import Customer, House, Project, WarrantyComponent
from aftersales.tickets import deadlines, events, search
from aftersales.tickets.choices import (
    NUMBER_PREFIX,
    OPEN_STATUSES,
    Category,
    Channel,
    DeadlineName,
    Kind,
    Severity,
    Urgency,
)
from aftersales.tickets.models import Phenomenon, Ticket
from aftersales.tickets.services._common import (
    _choice,
    _confirm,
    _moment,
    _tell,
    _visit,
)

# --- intake ----------------------------------------------------------------------------------


def _number(kind: str, at: dt.datetime) -> str:
    day = timezone.localtime(at).strftime("%Y%m%d")
    prefix = NUMBER_PREFIX[kind]
    value = numbering.next_value(f"ticket:{prefix}:{day}")
    return f"{prefix}-{day}-{value:04d}"


def _placeholder_number() -> str:
    """A unique stand-in, never committed: the real number replaces it in the same transaction."""
    return "~" + uuid.uuid4().hex[:31]


def _take_number(ticket: Ticket) -> None:
    """Give the new ticket its number (R-TKT-3), as late as possible in intake's transaction.

    The counter row of the kind and day stays locked from here until commit (that keeps the
    numbers gap-free), so every concurrent intake of that kind waits for this one's remaining
    statements: only the number itself, the messages that carry it, and the commit.
    """
    ticket.number = _number(ticket.kind, timezone.now())
    Ticket.objects.filter(pk=ticket.pk).update(number=ticket.number)


def _resolve_customer(
    actor, customer: Customer | int | None, phone: str
) -> tuple[Customer | None, str]:
    if isinstance(customer, int):
        found = scoping.visible_to(Customer.objects.filter(pk=customer), actor).first()
        if found is None:
            raise field_error("customer", "客户不存在或不在您的数据范围内", code="not_found")
        customer = found
    phone = estates.normalise_phone(phone) if phone else ""
    if customer is None and phone:
        matches = list(scoping.visible_to(Customer.objects.filter(phone=phone), actor)[:2])
        if len(matches) == 1:
            customer = matches[0]
    if customer is None and not phone:
        raise field_error("phone", "请提供客户或联系电话", code="required")
    return customer, phone or (customer.phone if customer else "")


def _owner_self(actor, house: House | int | None) -> tuple[Customer, str, str]:
    """The owner's own customer record, his phone and the app channel; his house or 404."""
    own = scoping.visible_to(Customer.objects.filter(pk=actor.customer_id), actor).first()
    if own is None:
        raise field_error("customer", "您的账号没有关联客户档案", code="no_customer")
    if house is not None:
        house_id = house.pk if isinstance(house, House) else house
        if not scoping.visible_to(House.objects.filter(pk=house_id), actor).exists():
            raise NotFound("房屋不存在或不在您的数据范围内")
    return own, own.phone, Channel.APP


def _resolve_house(actor, house: House | int | None) -> House | None:
    if house is None:
        return None
    if isinstance(house, int):
        # Ordered by pk: the model's own ordering would join the building to sort one row.
        found = (
            scoping.visible_to(House.objects.select_related("project").filter(pk=house), actor)
            .order_by("pk")
            .first()
        )
        if found is None:
            raise field_error("house", "房屋不存在或不在您的数据范围内", code="not_found")
        return found
    return house


def _open_same(ticket: Ticket):
    # Spelled as the open statuses (not "not closed") so that the index on
    # (house, category, status) answers it.
    return (
        Ticket.objects.filter(
            house_id=ticket.house_id, category=ticket.category, status__in=OPEN_STATUSES
        )
        .exclude(pk=ticket.pk)
        .order_by("id")
    )


def duplicates_of(ticket: Ticket) -> list[Ticket]:
    """Open tickets for the same house and category (R-TKT-8)."""
    if ticket.house_id is None or not ticket.category:
        return []
    return list(_open_same(ticket)[:10])


def _duplicate_numbers(ticket: Ticket) -> list[str]:
    """The numbers of :func:`duplicates_of`, read without loading the tickets."""
    if ticket.house_id is None or not ticket.category:
        return []
    return list(_open_same(ticket).values_list("number", flat=True)[:10])


def _warranty(house: House | None, component: str, on: dt.date):
    """Check ``component`` and, for a house, judge its warranty (R-WAR-2) in one query.

    Unknown component: a field error. No house: nothing to judge (None).
    """
    if house is not None:
        return estates.warranty_status(house, component, on)
    if not WarrantyComponent.objects.filter(code=component).exists():
        raise field_error("component", f"未知的保修部位“{component}”", code="unknown_component")
    return None


def _after_delivery(house: House | None, kind: str, at: dt.datetime) -> None:
    """A repair is received after the house was handed over: before that it is the builder's
    site, not an after-sales report. Complaints, inquiries and the like may come earlier (a late
    delivery, a sales promise)."""
    if house is None or house.delivered_on is None or kind != Kind.REPAIR:
        return
    if timezone.localdate(at) < house.delivered_on:
        raise field_error(
            "occurred_at",
            f"受理时间不能早于房屋交付日期（{house.delivered_on.isoformat()}）",
            code="before_delivery",
        )


@transaction.atomic
def register_ticket(
    actor,
    *,
    kind: str,
    channel: str,
    description: str,
    customer: Customer | int | None = None,
    phone: str = "",
    house: House | int | None = None,
    public_area: str = "",
    project: Project | int | None = None,
    category: str = "",
    phenomenon: int | None = None,
    component: str = "",
    location: str = "",
    urgency: str = "",
    severity: str = "",
    expected_at: dt.datetime | None = None,
    occurred_at: dt.datetime | None = None,
) -> Ticket:
    """Register a report from any channel as one numbered ticket (R-TKT-1..8).

    An owner (``tickets.report``, R-SS-1) reports for himself: the channel is ``app``, the
    customer is his own record, a house must be one of his (another house: 404), and what
    the office decides (urgency, complaint level, back-entry) is left to the office.
    """
    if not can(actor, "tickets.intake"):
        require(actor, "tickets.report")
        customer, phone, channel = _owner_self(actor, house)
        urgency = severity = ""
        occurred_at = None
    kind = _choice(kind, "kind", "类型", Kind)
    channel = _choice(channel, "channel", "来源", Channel)
    urgency = _choice(urgency, "urgency", "紧急程度", Urgency, default=Urgency.NORMAL)
    severity = _choice(severity, "severity", "投诉级别", Severity, default="") if severity else ""
    if kind == Kind.COMPLAINT and not severity:
        severity = Severity.MINOR
    category = _choice(category, "category", "类别", Category, default="") if category else ""
    description = (description or "").strip()
    if not description:
        raise field_error("description", "请填写报事内容", code="required")
    if len(description) > 4000:
        raise field_error("description", "报事内容不能超过 4000 字")
    at = _moment(occurred_at, actor=actor, label="受理时间")
    if expected_at is not None:
        expected_at = _visit(expected_at, "expected_at", "期望上门时间", not_before=at)
    customer, phone = _resolve_customer(actor, customer, phone)
    house_obj = _resolve_house(actor, house)
    _after_delivery(house_obj, kind, at)
    project_obj = house_obj.project if house_obj else None
    if project_obj is None and project is not None:
        project_id = project.pk if isinstance(project, Project) else project
        project_obj = scoping.visible_to(Project.objects.filter(pk=project_id), actor).first()
        if project_obj is None:
            raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    if project_obj is None and customer is not None:
        projects = {h.project_id for h in customer.houses.all()}
        if len(projects) == 1:
            project_obj = Project.objects.get(pk=projects.pop())
    if project_obj is None:
        # A ticket with no project is seen only by central departments; an office user's
        # ticket belongs to his project (or he must say which one).
        scope = scoping.project_ids(actor)
        if scope is not None:
            if len(scope) != 1:
                raise field_error("project", "请指定房屋或项目", code="required")
            project_obj = Project.objects.get(pk=next(iter(scope)))
    on = timezone.localdate(at)
    warranty = _warranty(house_obj, component, on) if component else None
    phenomenon_obj = None
    if phenomenon:
        phenomenon_obj = Phenomenon.objects.filter(pk=phenomenon, active=True).first()
        if phenomenon_obj is None:
            raise field_error("phenomenon", "报事现象不存在", code="not_found")
        category = category or phenomenon_obj.category
        if not component and phenomenon_obj.component:
            component = phenomenon_obj.component
            if house_obj is not None:
                warranty = estates.warranty_status(house_obj, component, on)
    # The number is taken last (see _take_number): the ticket is written with a placeholder.
    ticket = Ticket(
        number=_placeholder_number(),
        kind=kind,
        channel=channel,
        urgency=urgency,
        severity=severity,
        project=project_obj,
        house=house_obj,
        public_area=(public_area or "").strip()[:100],
        customer=customer,
        phone=phone,
        category=category,
        phenomenon=phenomenon_obj,
        component=component,
        location=(location or "").strip()[:60],
        description=description,
        search_vector=search.vector_for(description),
        expected_at=expected_at,
        occurred_at=at,
        registered_by=actor,
        in_warranty=warranty.in_warranty if warranty else None,
        warranty_expires_on=warranty.expires_on if warranty else None,
    )
    ticket.save()
    dup = _duplicate_numbers(ticket)
    events.ticket_registered_event(
        ticket=ticket,
        actor=actor,
        at=at,
        channel=channel,
        urgency=urgency,
        severity=severity,
        duplicates=dup,
    )
    clocks = []  # the clocks of the new ticket, written in one INSERT
    if kind == Kind.COMPLAINT:
        clocks += [(DeadlineName.REPLY, severity), (DeadlineName.RESOLUTION, severity)]
        if severity == Severity.MAJOR:  # R-CMP-1: the GM or a deputy GM sets the measures
            clocks.append((DeadlineName.INSTRUCTION, severity))
    elif kind != Kind.REPAIR:
        clocks.append((DeadlineName.REPLY, urgency))
    started = deadlines.start_new(ticket, clocks, at)  # answered without reading them back
    _take_number(ticket)
    # From here on the messages carry the number.
    if kind == Kind.COMPLAINT and severity == Severity.MAJOR:
        # R-CMP-1: reported at once to the GM and deputy GM, who set the measures.
        told = _tell(ticket, [RoleCode.GM, RoleCode.DEPUTY_GM], "complaint_escalated", fresh=True)
        events.complaint_escalated_event(
            ticket=ticket, actor=actor, at=at, to=[RoleCode.GM, RoleCode.DEPUTY_GM], told=told
        )
    if urgency == Urgency.EMERGENCY:
        # R-TKT-6: the emergency path starts at once; the supervisor is told.
        template = "complaint_emergency" if kind == Kind.COMPLAINT else "emergency"
        told = _tell(ticket, [RoleCode.SUPERVISOR], template, fresh=True)
        events.emergency_reported_event(ticket=ticket, actor=actor, at=at, told=told)
    _confirm(ticket, at)
    ticket.duplicate_numbers = dup
    ticket.started_deadlines = started
    return ticket


def can_intake(user) -> bool:
    return can(user, "tickets.intake")
