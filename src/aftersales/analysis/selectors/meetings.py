"""Reads of meetings and their action items (R-RPT-5), within the caller's data scope.

A meeting without a project is a head-office meeting, seen by central staff only (R-ORG-3).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.models import User
from aftersales.analysis.models import ActionItem, Meeting
from aftersales.core import scoping
from aftersales.core.permissions import require
from aftersales.tickets.models import Ticket


def meetings_for(user, *, kind: str = "", project: int | None = None, q: str = "") -> QuerySet:
    require(user, "meetings.view")
    qs = scoping.visible_to(Meeting.objects.select_related("project", "ticket"), user)
    if kind:
        qs = qs.filter(kind=kind)
    if project:
        qs = qs.filter(project_id=project)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(minutes__icontains=q))
    return qs.annotate(
        action_count=Count("actions", distinct=True),
        open_count=Count("actions", filter=Q(actions__done=False), distinct=True),
    ).order_by("-held_on", "-id")


def get_meeting(user, pk: int) -> Meeting:
    require(user, "meetings.view")
    actions = ActionItem.objects.select_related("owner").prefetch_related(
        Prefetch("tickets", queryset=Ticket.objects.order_by("id"))
    )
    qs = Meeting.objects.select_related("project", "ticket", "created_by").prefetch_related(
        Prefetch("actions", queryset=actions)
    )
    return scoping.get_visible_or_404(qs, user, pk=pk)


def get_action(user, meeting: Meeting, pk: int) -> ActionItem:
    qs = ActionItem.objects.filter(meeting=meeting).select_related("owner", "meeting")
    return scoping.get_visible_or_404(qs, user, pk=pk)


def owners_for(user) -> QuerySet[User]:
    """Staff who can own an action item (active, with a staff role)."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(roles__code__in=STAFF_ROLES))
        .distinct()
        .order_by("name", "username")
    )
