"""Helpers shared by the ticket screens: who may use them and how a clock is shown."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.accounts.choices import RoleCode
from aftersales.core import scoping
from aftersales.tickets import deadlines
from aftersales.tickets.choices import DeadlineName

FIELD_ROLES = {RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD}
DEADLINE_LABELS = dict(DeadlineName.choices)


def need_staff(request) -> None:
    """Ticket screens are for the company's staff; owners use their own channels."""
    if not scoping.is_staff_user(request.user):
        raise PermissionDenied


def duration(seconds: int) -> str:
    """A short duration in the active language: 2天3小时, 5小时20分, 12分钟."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        if hours:
            return gettext("%(days)s天%(hours)s小时") % {"days": days, "hours": hours}
        return gettext("%(days)s天") % {"days": days}
    if hours:
        if minutes:
            return gettext("%(hours)s小时%(minutes)s分") % {"hours": hours, "minutes": minutes}
        return gettext("%(hours)s小时") % {"hours": hours}
    return gettext("%(minutes)s分钟") % {"minutes": max(minutes, 1)}


def clock(deadline, now: dt.datetime | None = None) -> dict:
    """A deadline as the screens show it: the service's view plus a colour and a short text.

    Red: past due; amber: less than a quarter of its span left; green: on time or met.
    """
    now = now or timezone.now()
    view = deadlines.view(deadline, now)
    view["name"] = deadline.name
    view["label"] = deadlines.label(deadline)
    remaining = view["remaining_seconds"]
    if remaining is None:
        view["colour"] = "red" if view["breached"] else "green"
        view["text"] = gettext("超时完成") if view["breached"] else gettext("按时完成")
    elif remaining < 0:
        view["colour"] = "red"
        view["text"] = gettext("已超时 %(time)s") % {"time": duration(remaining)}
    else:
        span = (deadline.due - deadline.started_at).total_seconds()
        view["colour"] = "orange" if remaining < span / 4 else "green"
        view["text"] = gettext("剩余 %(time)s") % {"time": duration(remaining)}
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
