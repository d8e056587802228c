"""Read-side queries of the ticket domain, all through the data-scope function."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from aftersales.core import scoping
from aftersales.tickets.choices import OPEN_STATUSES, Kind, Severity, Status
from aftersales.tickets.models import Deadline, Ticket, WorkOrder


def tickets_for(user) -> QuerySet[Ticket]:
    qs = Ticket.objects.select_related("house", "customer", "assignee", "project")
    return scoping.visible_to(qs.prefetch_related("deadlines"), user)


def field_work(user, statuses) -> QuerySet[Ticket]:
    """The tickets ``user`` works on in the field — assigned to him, or with a work order of
    his — in ``statuses`` and within his scope (his list of repair tasks, his home card).

    Their ids are read first, in one statement of two index lookups: with the two conditions
    OR-ed inside the main query PostgreSQL can use no index, and at a million tickets it
    walked them all to find a technician's first hundred (0.9 s)."""
    ids = (
        Ticket.objects.filter(assignee=user, status__in=statuses)
        .order_by()
        .values_list("pk", flat=True)
        .union(
            WorkOrder.objects.filter(assignee=user, ticket__status__in=statuses)
            .order_by()
            .values_list("ticket_id", flat=True)
        )
    )
    return tickets_for(user).filter(pk__in=list(ids), status__in=statuses)


def ticket_for(user, ticket_id: int, message: str = "工单不存在或不在您的数据范围内") -> Ticket:
    """One ticket the user may see, or NotFound (404): for routes of other domains under
    ``/tickets/{id}/…`` that must not answer for a ticket out of scope."""
    return scoping.get_visible_or_404(Ticket.objects.all(), user, message, pk=ticket_id)


def _running_clock(**due) -> Exists:
    """A running (unmet) clock of the outer ticket whose due moment is in ``due``'s range:
    ``EXISTS`` on the partial index ``deadline_running`` (ticket, due) instead of a join."""
    return Exists(Deadline.objects.filter(ticket=OuterRef("pk"), met_at__isnull=True, **due))


def _open_running(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Open tickets whose clocks run (not paused): "not closed" as the partial index
    ``ticket_open_newest`` states it, so a page walks the open tickets newest first."""
    return qs.exclude(status=Status.CLOSED).filter(paused=False)


def overdue(qs: QuerySet[Ticket], now=None) -> QuerySet[Ticket]:
    """THE definition of overdue (workbench, home card, dashboard drill-down, API filter):
    open, running (not paused) tickets with a running clock past its due moment. A paused
    ticket's clocks stand still, so it is neither overdue nor due soon anywhere."""
    now = now or timezone.now()
    return _open_running(qs).filter(_running_clock(due__lt=now)).prefetch_related("work_orders")


def due_soon(qs: QuerySet[Ticket], now=None) -> QuerySet[Ticket]:
    """Open, running tickets with a running clock falling due within :data:`SOON`."""
    now = now or timezone.now()
    return _open_running(qs).filter(_running_clock(due__gte=now, due__lt=now + SOON))


# --- the workbench queues (web, home cards and API read the same definitions) ----------------

SOON = dt.timedelta(hours=24)
QUEUE_NAMES = ("mine", "undispatched", "due_soon", "overdue", "callback", "complaints")
SEVERITY_RANK = Case(
    *[When(severity=s, then=Value(i)) for i, s in enumerate(Severity.values)],
    default=Value(9),
    output_field=IntegerField(),
)


def _queue_filter(user, name: str, now) -> Q | None:
    """The condition of a queue over the open tickets in scope; None for the clock queues."""
    if name == "undispatched":
        return Q(kind=Kind.REPAIR, status__in=[Status.REGISTERED, Status.REOPENED])
    if name == "callback":
        return Q(status=Status.AWAITING_CALLBACK)
    if name == "complaints":
        return Q(kind=Kind.COMPLAINT)
    if name == "mine":
        return Q(assignee=user) | Q(registered_by=user)
    return None


def queue(user, name: str, now=None) -> QuerySet[Ticket]:
    """The tickets of one workbench queue within the user's data scope, in the queue's order
    (complaints by severity, the others newest first)."""
    now = now or timezone.now()
    qs = tickets_for(user)
    if name == "overdue":
        return overdue(qs, now).order_by("-id")
    if name == "due_soon":
        return due_soon(qs, now).order_by("-id")
    qs = qs.filter(status__in=OPEN_STATUSES).filter(_queue_filter(user, name, now))
    if name == "complaints":
        return qs.order_by(SEVERITY_RANK, "-id")
    return qs.order_by("-id")


def queue_counts(user, now=None) -> dict[str, int]:
    """How many tickets each queue holds: two statements whatever the number of queues.

    The four plain queues are counted in one pass over the open tickets in scope (``FILTER``
    per queue); the two clock queues in one pass over the running tickets with ``EXISTS``.
    """
    now = now or timezone.now()
    base = scoping.visible_to(Ticket.objects.order_by(), user)
    plain = [n for n in QUEUE_NAMES if n not in ("due_soon", "overdue")]
    # "Not closed" (the same tickets as OPEN_STATUSES) as the covering partial index
    # ``ticket_open_cover`` states it: an index-only scan.
    counts = base.exclude(status=Status.CLOSED).aggregate(
        **{n: Count("pk", filter=_queue_filter(user, n, now)) for n in plain}
    )
    clocks = _open_running(base).aggregate(
        overdue=Count("pk", filter=Q(_running_clock(due__lt=now))),
        due_soon=Count("pk", filter=Q(_running_clock(due__gte=now, due__lt=now + SOON))),
    )
    counts.update(clocks)
    return {n: counts[n] for n in QUEUE_NAMES}


def open_tickets_of(user, customer, limit: int = 20) -> list[Ticket]:
    """A caller's open tickets for the screen-pop (R-TKT-5)."""
    qs = tickets_for(user).filter(customer=customer).exclude(status=Status.CLOSED)
    return list(qs.order_by("-id")[:limit])


HISTORY_LIMIT = 50


def history_of(user, customer, limit: int = HISTORY_LIMIT) -> list[Ticket]:
    """Every ticket of a customer, newest first (the customer page's 360 view, R-EST-4)."""
    return list(tickets_for(user).filter(customer=customer).order_by("-id")[:limit])


def customer_section(request, customer) -> dict:
    """The tickets section of the customer page (registered in :mod:`aftersales.estates.sections`)."""
    return {"tickets": history_of(request.user, customer), "limit": HISTORY_LIMIT}


def routed_to_department(user, *, open_only: bool = True) -> QuerySet[Ticket]:
    """Complaints routed to the user's department (R-CMP-3), within the user's data scope.

    A ticket is routed to a department when it holds that department's own feedback clock
    (``Deadline.department``); open ones by default. Empty for a user without a department.
    """
    code = user.department.code if getattr(user, "department_id", None) else ""
    if not code:
        return Ticket.objects.none()
    routed = Deadline.objects.filter(ticket=OuterRef("pk"), department=code)
    qs = tickets_for(user).filter(Exists(routed))
    if open_only:
        qs = qs.exclude(status=Status.CLOSED)
    return qs


def department_clocks(ticket: Ticket) -> list[Deadline]:
    """The complaint's feedback clock per routed department (R-CMP-3), by department."""
    return sorted((d for d in ticket.deadlines.all() if d.department), key=lambda d: d.department)
