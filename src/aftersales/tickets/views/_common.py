"""Helpers shared by the ticket screens: who may use them and how a clock is shown."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from aftersales.accounts import scoping
from aftersales.accounts.choices import RoleCode
from aftersales.tickets import deadlines
from aftersales.tickets.choices import DeadlineName

FIELD_ROLES = {RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD}
DEADLINE_LABELS = dict(DeadlineName.choices)


def need_staff(request) -> None:
    """Ticket screens are for the company's staff; owners use their own channels."""
    if not scoping.is_staff_user(request.user):
        raise PermissionDenied


def duration(seconds: int) -> str:
    """A short Chinese duration: 2天3小时, 5小时20分, 12分钟."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{minutes}分" if minutes else f"{hours}小时"
    return f"{max(minutes, 1)}分钟"


def clock(deadline, now: dt.datetime | None = None) -> dict:
    """A deadline as the screens show it: the service's view plus a colour and a short text.

    Red: past due; amber: less than a quarter of its span left; green: on time or met.
    """
    now = now or timezone.now()
    view = deadlines.view(deadline, now)
    view["name"] = deadline.name
    view["label"] = DEADLINE_LABELS.get(deadline.name, deadline.name)
    remaining = view["remaining_seconds"]
    if remaining is None:
        view["colour"] = "red" if view["breached"] else "green"
        view["text"] = "超时完成" if view["breached"] else "按时完成"
    elif remaining < 0:
        view["colour"], view["text"] = "red", f"已超时 {duration(remaining)}"
    else:
        span = (deadline.due - deadline.started_at).total_seconds()
        view["colour"] = "orange" if remaining < span / 4 else "green"
        view["text"] = f"剩余 {duration(remaining)}"
    return view


def next_clock(ticket, now: dt.datetime | None = None) -> dict | None:
    """The ticket's running deadline that falls due first (uses the prefetched deadlines)."""
    running = [d for d in ticket.deadlines.all() if d.met_at is None]
    if not running:
        return None
    return clock(min(running, key=lambda d: d.due), now)


def with_clocks(tickets, now: dt.datetime | None = None):
    now = now or timezone.now()
    for ticket in tickets:
        ticket.next_clock = next_clock(ticket, now)
    return tickets
