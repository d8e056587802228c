"""Read-side queries of the ticket domain, all through the data-scope function."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from aftersales.accounts import scoping
from aftersales.tickets.choices import OPEN_STATUSES, Status
from aftersales.tickets.models import Ticket


def tickets_for(user) -> QuerySet[Ticket]:
    qs = Ticket.objects.select_related("house", "customer", "assignee", "project")
    return scoping.visible_to(qs.prefetch_related("deadlines"), user)


def overdue(qs: QuerySet[Ticket], now=None) -> QuerySet[Ticket]:
    """Open, running (not paused) tickets with a clock past its due moment."""
    now = now or timezone.now()
    return qs.filter(
        status__in=OPEN_STATUSES,
        paused=False,
        deadlines__met_at__isnull=True,
        deadlines__due__lt=now,
    ).distinct()


def open_tickets_of(user, customer, limit: int = 20) -> list[Ticket]:
    """A caller's open tickets for the screen-pop (R-TKT-5)."""
    qs = tickets_for(user).filter(customer=customer).exclude(status=Status.CLOSED)
    return list(qs.order_by("-id")[:limit])


def history_of(user, customer, limit: int = 50) -> list[Ticket]:
    """Every ticket of a customer, newest first (the customer page's 360 view, R-EST-4)."""
    return list(tickets_for(user).filter(customer=customer).order_by("-id")[:limit])
