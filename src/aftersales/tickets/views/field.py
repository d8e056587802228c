"""The technician's phone view: today's and other open work assigned to me (R-DSP-3..7)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from aftersales.core.workcalendar import end_of_day
from aftersales.tickets import selectors
from aftersales.tickets.choices import Status
from aftersales.tickets.views import photos
from aftersales.tickets.views._common import FIELD_ROLES, with_clocks

LIMIT = 100
# Work still in the field's hands; after sign-off the callback belongs to the service desk.
FIELD_STATUSES = [
    Status.DISPATCHED,
    Status.SURVEYED,
    Status.IN_PROGRESS,
    Status.AWAITING_SIGNOFF,
    Status.REOPENED,
]


@login_required
def field(request):
    user = request.user
    if not (user.is_superuser or user.role_codes() & FIELD_ROLES):
        raise PermissionDenied
    now = timezone.now()
    tickets = with_clocks(
        list(
            selectors.field_work(user, FIELD_STATUSES)
            .select_related("phenomenon")
            .annotate(photo_count=Count("attachments"))
            .order_by("id")[:LIMIT]
        ),
        now,
    )
    tonight = end_of_day(timezone.localdate(now))
    today, later = [], []
    for ticket in tickets:
        due = ticket.next_clock["due"] if ticket.next_clock else None
        (today if due is not None and due <= tonight else later).append(ticket)
    today.sort(key=lambda t: t.next_clock["due"])
    far = now + dt.timedelta(days=3650)
    later.sort(key=lambda t: t.next_clock["due"] if t.next_clock else far)
    for ticket in tickets:
        # The camera button on each card files the photo under the stage the work is at.
        ticket.photo_stage = photos.support().default_stage(ticket)
    return render(request, "tickets/field.html", {"today": today, "later": later})
