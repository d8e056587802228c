"""Read-side queries of the ticket domain, all through the data-scope function."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from aftersales.core import scoping
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Deadline, Ticket


def tickets_for(user) -> QuerySet[Ticket]:
    qs = Ticket.objects.select_related("house", "customer", "assignee", "project")
    return scoping.visible_to(qs.prefetch_related("deadlines"), user)


def ticket_for(user, ticket_id: int, message: str = "工单不存在或不在您的数据范围内") -> Ticket:
    """One ticket the user may see, or NotFound (404): for routes of other domains under
    ``/tickets/{id}/…`` that must not answer for a ticket out of scope."""
    return scoping.get_visible_or_404(Ticket.objects.all(), user, message, pk=ticket_id)


def overdue(qs: QuerySet[Ticket], now=None) -> QuerySet[Ticket]:
    """Open, running (not paused) tickets with a clock past its due moment.

    Shaped for a million tickets: ``EXISTS`` on the running clocks (partial index
    ``deadline_running``) instead of a join with ``DISTINCT``, and "not closed" as the partial
    index ``ticket_open_newest`` states it, so the first page walks the open tickets newest first.
    """
    now = now or timezone.now()
    late = Deadline.objects.filter(ticket=OuterRef("pk"), met_at__isnull=True, due__lt=now)
    return (
        qs.exclude(status=Status.CLOSED)
        .filter(paused=False)
        .filter(Exists(late))
        .prefetch_related("work_orders")
    )


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
