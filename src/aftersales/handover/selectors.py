"""Reads of the handover app, all through the data scope (``scoping.visible_to``), shared by
the screens, the API, the estates page sections and the warning board.

:func:`custody_fee_rates` is the one read without a user: the fees app bills custodial houses
at 70 % (R-HO-4) from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.core import scoping
from aftersales.core.permissions import can, require
from aftersales.handover.choices import (
    AppointmentStatus,
    CustodyStatus,
    InspectionStatus,
    PatrolKind,
    PatrolStatus,
)
from aftersales.handover.models import (
    Appointment,
    ChecklistItem,
    Custody,
    DeliveryBatch,
    Inspection,
    InspectionItem,
    MoveIn,
    Patrol,
    UsageReport,
    UsageReportLine,
)
from aftersales.tickets.choices import Status

PATROL_EVERY = dt.timedelta(days=7)


@dataclass
class Filters:
    """The filters every list answers (api.md: project, house, customer, status)."""

    project: int | None = None
    house: int | None = None
    customer: int | None = None
    status: str = ""

    def apply(self, qs: QuerySet, *, status: bool = True) -> QuerySet:
        if self.project:
            qs = qs.filter(project_id=self.project)
        if self.house:
            qs = qs.filter(house_id=self.house)
        if self.customer:
            qs = qs.filter(customer_id=self.customer)
        if status and self.status:
            qs = qs.filter(status=self.status)
        return qs


def _visible(user, qs: QuerySet, capability: str = "handover.view") -> QuerySet:
    require(user, capability)
    return scoping.visible_to(qs, user)


def _one(user, qs: QuerySet, pk: int, message: str):
    require(user, "handover.view")
    return scoping.get_visible_or_404(qs, user, message, pk=pk)


# --- checklist -------------------------------------------------------------------------------


def checklist() -> list[ChecklistItem]:
    """The active checklist lines (reference data, same for everyone)."""
    return list(ChecklistItem.objects.filter(active=True).order_by("order", "id"))


def checklist_rooms(lines: list[ChecklistItem] | None = None) -> list[dict]:
    """``lines`` (default: the active ones) grouped by room, rooms in the order they first come."""
    rooms: dict[str, list[ChecklistItem]] = {}
    for line in checklist() if lines is None else lines:
        rooms.setdefault(line.room, []).append(line)
    return [{"room": room, "lines": lines} for room, lines in rooms.items()]


def checklist_all() -> list[ChecklistItem]:
    """Every checklist line, switched-off ones too (the configuration page)."""
    return list(ChecklistItem.objects.order_by("order", "id"))


# --- batches and appointments ----------------------------------------------------------------


def batches_for(user, filters: Filters | None = None) -> QuerySet[DeliveryBatch]:
    """``booked``: the batch's appointments (the customer's only, under ``filters.customer``),
    counted per batch of the page in a subquery rather than by joining and grouping every
    appointment of every batch (which the pagination's ``COUNT`` also paid for)."""
    f = filters or Filters()
    qs = _visible(user, DeliveryBatch.objects.select_related("project"))
    if f.house:
        qs = qs.filter(houses__id=f.house)
    appointments = Appointment.objects.filter(batch=OuterRef("pk"))
    if f.customer:
        appointments = appointments.filter(customer_id=f.customer)
        qs = qs.filter(Exists(appointments))
    qs = Filters(project=f.project, status=f.status).apply(qs)
    booked = appointments.order_by().values("batch").annotate(n=Count("id")).values("n")
    return qs.annotate(booked=Coalesce(Subquery(booked, output_field=IntegerField()), 0)).order_by(
        "-starts_on", "-id"
    )


def get_batch(user, pk: int) -> DeliveryBatch:
    return _one(user, DeliveryBatch.objects.select_related("project"), pk, "交付批次不存在")


def appointments_for(
    user, filters: Filters | None = None, *, day: dt.date | None = None, batch: int | None = None
) -> QuerySet[Appointment]:
    qs = _visible(user, Appointment.objects.select_related("house", "customer", "batch", "project"))
    qs = (filters or Filters()).apply(qs)
    if day:
        qs = qs.filter(day=day)
    if batch:
        qs = qs.filter(batch_id=batch)
    return qs.order_by("day", "half", "house__label", "id")


def get_appointment(user, pk: int) -> Appointment:
    qs = Appointment.objects.select_related("house", "customer", "batch", "project")
    return _one(user, qs, pk, "预约不存在")


def arrivals(user, day: dt.date | None = None, project: int | None = None) -> dict:
    """Today's arrivals for the reception desk: the morning and afternoon lists."""
    day = day or timezone.localdate()
    qs = appointments_for(user, Filters(project=project), day=day).exclude(
        status=AppointmentStatus.CANCELLED
    )
    rows = list(qs)
    houses = [a.house_id for a in rows]
    moved = set(MoveIn.objects.filter(house_id__in=houses).values_list("house_id", flat=True))
    inspected = dict(
        Inspection.objects.filter(house_id__in=houses)
        .order_by("house_id", "-id")
        .values_list("house_id", "id")
    )
    for a in rows:
        a.moved_in = a.house_id in moved
        a.inspection_id = inspected.get(a.house_id)
    return {
        "day": day,
        "am": [a for a in rows if a.half == "am"],
        "pm": [a for a in rows if a.half == "pm"],
        "count": len(rows),
        "arrived": sum(a.status != AppointmentStatus.BOOKED for a in rows),
    }


# --- inspections -----------------------------------------------------------------------------


def _open_defects():
    return InspectionItem.objects.filter(inspection=OuterRef("pk"), ticket__isnull=False).exclude(
        ticket__status=Status.CLOSED
    )


def with_state(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return qs.annotate(defects_pending=Exists(_open_defects()))


def status_of(inspection: Inspection) -> str:
    """The stored status, or ``ready_for_reinspection`` once every linked ticket is closed."""
    pending = getattr(inspection, "defects_pending", None)
    if pending is None:
        pending = (
            InspectionItem.objects.filter(inspection=inspection, ticket__isnull=False)
            .exclude(ticket__status=Status.CLOSED)
            .exists()
        )
    if inspection.status == InspectionStatus.DEFECTS_OPEN and not pending:
        return InspectionStatus.READY
    return inspection.status


def inspections_for(user, filters: Filters | None = None) -> QuerySet[Inspection]:
    f = filters or Filters()
    qs = _visible(user, Inspection.objects.select_related("house", "customer", "inspected_by"))
    qs = with_state(f.apply(qs, status=False))
    if f.status == InspectionStatus.READY:
        qs = qs.filter(status=InspectionStatus.DEFECTS_OPEN, defects_pending=False)
    elif f.status == InspectionStatus.DEFECTS_OPEN:
        qs = qs.filter(status=InspectionStatus.DEFECTS_OPEN, defects_pending=True)
    elif f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("-occurred_at", "-id")


def get_inspection(user, pk: int) -> Inspection:
    qs = with_state(Inspection.objects.select_related("house", "customer", "project"))
    return _one(user, qs, pk, "验房记录不存在")


def items_of(inspection: Inspection) -> list[InspectionItem]:
    return list(
        inspection.items.select_related("ticket").prefetch_related("photos").order_by("order", "id")
    )


def ticket_ids(inspection: Inspection) -> list[int]:
    return list(
        inspection.items.filter(ticket__isnull=False)
        .order_by("order", "id")
        .values_list("ticket_id", flat=True)
    )


# --- move-ins --------------------------------------------------------------------------------


def move_ins_for(user, filters: Filters | None = None) -> QuerySet[MoveIn]:
    qs = _visible(user, MoveIn.objects.select_related("house", "customer", "handled_by"))
    return (filters or Filters()).apply(qs, status=False).order_by("-occurred_at", "-id")


def get_move_in(user, pk: int) -> MoveIn:
    qs = MoveIn.objects.select_related("house", "customer", "project", "handled_by")
    return _one(user, qs, pk, "入住登记不存在")


# --- custody ---------------------------------------------------------------------------------


def with_patrols(qs: QuerySet[Custody]) -> QuerySet[Custody]:
    """``last_weekly`` and ``late_planned`` per custody, as subqueries evaluated for the rows
    shown only (a join and ``GROUP BY`` over every patrol made the page and its ``COUNT`` pay
    for all the custodies)."""
    done_weekly = Patrol.objects.filter(
        custody=OuterRef("pk"), kind=PatrolKind.WEEKLY, status=PatrolStatus.DONE
    )
    last = done_weekly.order_by().values("custody").annotate(m=Max("occurred_at")).values("m")
    late_plan = Patrol.objects.filter(
        custody=OuterRef("pk"), status=PatrolStatus.PLANNED, due_on__lt=timezone.localdate()
    )
    return qs.annotate(
        last_weekly=Subquery(last, output_field=DateTimeField()),
        late_planned=Exists(late_plan),
    )


def next_patrol_due(custody: Custody) -> dt.date | None:
    """7 days after the last weekly patrol or the start; None once the custody ended."""
    if custody.status != CustodyStatus.ACTIVE:
        return None
    last = getattr(custody, "last_weekly", None)
    if not hasattr(custody, "last_weekly"):
        last = custody.patrols.filter(kind=PatrolKind.WEEKLY, status=PatrolStatus.DONE).aggregate(
            m=Max("occurred_at")
        )["m"]
    base = timezone.localdate(last) if last else custody.starts_on
    return base + PATROL_EVERY


def patrol_overdue(custody: Custody, today: dt.date | None = None) -> bool:
    """The weekly patrol is past due, or a planned rain patrol is."""
    if custody.status != CustodyStatus.ACTIVE:
        return False
    today = today or timezone.localdate()
    late = getattr(custody, "late_planned", None)
    if late is None:
        late = custody.patrols.filter(status=PatrolStatus.PLANNED, due_on__lt=today).exists()
    return today > next_patrol_due(custody) or bool(late)


def custodies_for(user, filters: Filters | None = None) -> QuerySet[Custody]:
    qs = _visible(user, Custody.objects.select_related("house", "customer", "project"))
    return with_patrols((filters or Filters()).apply(qs)).order_by("-starts_on", "-id")


def get_custody(user, pk: int) -> Custody:
    qs = with_patrols(Custody.objects.select_related("house", "customer", "project"))
    return _one(user, qs, pk, "托管记录不存在")


def overdue_custodies(user, today: dt.date | None = None) -> list[Custody]:
    """Active custodies whose patrol is overdue (for the warning board)."""
    active = custodies_for(user, Filters(status=CustodyStatus.ACTIVE))
    return [c for c in active if patrol_overdue(c, today)]


def patrols_for(
    user, filters: Filters | None = None, *, custody: int | None = None
) -> QuerySet[Patrol]:
    f = filters or Filters()
    qs = _visible(user, Patrol.objects.select_related("custody__house", "patrolled_by"))
    if custody:
        qs = qs.filter(custody_id=custody)
    if f.house:
        qs = qs.filter(custody__house_id=f.house)
    if f.customer:
        qs = qs.filter(custody__customer_id=f.customer)
    qs = Filters(project=f.project, status=f.status).apply(qs)
    return qs.order_by("-created_at", "-id")


def get_patrol(user, pk: int) -> Patrol:
    qs = Patrol.objects.select_related("custody__house", "custody__customer")
    return _one(user, qs, pk, "巡查记录不存在")


def custody_fee_rates(house_ids, day: dt.date) -> dict[int, Decimal]:
    """``{house id: Decimal("0.70")}`` for each of ``house_ids`` in custody on ``day`` (started
    on or before it, not ended before it); the others are left out. For the fees app's bills
    (R-HO-4: the property fee at 70 %); a system read, no user."""
    rows = (
        Custody.objects.filter(house_id__in=list(house_ids), starts_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("house_id", "fee_rate")
    )
    return {house_id: Decimal(rate).quantize(Decimal("0.01")) for house_id, rate in rows}


# --- usage reports ---------------------------------------------------------------------------


def reports_for(user, filters: Filters | None = None) -> QuerySet[UsageReport]:
    f = filters or Filters()
    qs = _visible(user, UsageReport.objects.select_related("project", "filed_by"))
    qs = Filters(project=f.project, status=f.status).apply(qs)
    return qs.annotate(problems=Count("lines")).order_by("-filed_at", "-id")


def get_report(user, pk: int) -> UsageReport:
    qs = UsageReport.objects.select_related("project", "filed_by")
    return _one(user, qs, pk, "产品使用情况表不存在")


def usage_problems(user, project_id: int | None, start: dt.date, end: dt.date) -> list[dict]:
    """What the usage reports of the period say, per equipment (a source of the
    recurring-problem analysis): reports whose year overlaps ``start``–``end``."""
    if not can(user, "handover.view"):
        return []
    lines = scoping.visible_to(UsageReportLine.objects.all(), user).filter(
        report__period_start__lte=end, report__period_end__gte=start
    )
    if project_id:
        lines = lines.filter(report__project_id=project_id)
    rows = (
        lines.values("equipment", "component")
        .annotate(n=Count("id"), problems=Max("problems"))
        .order_by("-problems", "equipment")
    )
    return [
        {
            "label": r["equipment"],
            "component": r["component"],
            "count": r["problems"],
            "reports": r["n"],
        }
        for r in rows[:30]
    ]


# --- history on the customer and house pages -------------------------------------------------


def history(user, *, house: int | None = None, customer: int | None = None) -> dict | None:
    """The handover history of a house or a customer, or None when the reader may not see it."""
    if not can(user, "handover.view"):
        return None
    f = Filters(house=house, customer=customer)
    return {
        "house": house,
        "can_inspect": can(user, "handover.inspect"),
        "can_manage": can(user, "handover.manage"),
        "appointments": list(appointments_for(user, f)[:10]),
        "inspections": [(i, status_of(i)) for i in inspections_for(user, f)[:10]],
        "move_ins": list(move_ins_for(user, f)[:5]),
        "custodies": list(custodies_for(user, f)[:5]),
    }
