"""The deadline monitor (R-NTF-2): marks clocks at risk (75 % used) and breached, and tells
the people up the chain.

Safe to run often and on several workers at once: each deadline is flipped with a
compare-and-swap (``filter(pk=…, at_risk_notified_at=None).update(…)`` must change exactly one
row), so only one run notifies, and messages carry a unique key besides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.notify import services as notify
from aftersales.tickets import deadlines, events
from aftersales.tickets.choices import Kind, Severity, Status
from aftersales.tickets.models import Deadline

AT_RISK_SHARE = 0.75


@dataclass
class SweepResult:
    at_risk: int = 0
    breached: int = 0


def _context(d: Deadline) -> dict:
    return {
        "number": d.ticket.number,
        "deadline": deadlines.label(d),
        "due": timezone.localtime(d.due).strftime("%Y-%m-%d %H:%M"),
    }


def _chain(d: Deadline, breached: bool) -> set[str]:
    """Who hears of it: supervisor at risk; manager on breach; GM and deputy GM for major complaints."""
    roles = {RoleCode.SUPERVISOR}
    if breached:
        roles.add(RoleCode.SERVICE_MANAGER)
        if d.ticket.kind == Kind.COMPLAINT and d.ticket.severity == Severity.MAJOR:
            roles |= {RoleCode.DEPUTY_GM, RoleCode.GM}
    return roles


def _escalate(d: Deadline, step: str, now: dt.datetime, key: str) -> int:
    """Tell the chain (and, for a routed department's own clock, that department's members)
    and record the step in the ticket's trail (R-NTF-2): who was told, at which step."""
    roles = _chain(d, step == "deadline_breached")
    users = set(notify.staff(roles, d.ticket.project_id))
    if d.department:
        users |= set(notify.department_staff(d.department, d.ticket.project_id))
    if d.ticket.assignee:
        users.add(d.ticket.assignee)
    told = notify.notify_users(users, step, _context(d), ticket=d.ticket, key=key)
    events.deadline_escalated_event(
        ticket=d.ticket,
        at=now,
        step=step,
        deadline=d.name,
        department=d.department,
        to=sorted(roles, key=list(RoleCode.values).index),
        told=told,
    )
    return told


def sweep(now: dt.datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    running = (
        Deadline.objects.select_related("ticket", "ticket__assignee")
        .filter(met_at__isnull=True, ticket__paused=False)
        .exclude(ticket__status=Status.CLOSED)
    )
    for d in running.filter(due__lt=now, breached_notified_at__isnull=True).order_by("due")[:1000]:
        if (
            Deadline.objects.filter(pk=d.pk, breached_notified_at__isnull=True).update(
                breached_notified_at=now, at_risk_notified_at=d.at_risk_notified_at or now
            )
            != 1
        ):
            continue
        _escalate(d, "deadline_breached", now, f"breached:{d.pk}:{d.due.isoformat()}")
        result.breached += 1
    for d in running.filter(due__gte=now, at_risk_notified_at__isnull=True).order_by("due")[:1000]:
        span = (d.due - d.started_at).total_seconds()
        if span <= 0 or (now - d.started_at).total_seconds() < AT_RISK_SHARE * span:
            continue
        if (
            Deadline.objects.filter(pk=d.pk, at_risk_notified_at__isnull=True).update(
                at_risk_notified_at=now
            )
            != 1
        ):
            continue
        _escalate(d, "deadline_at_risk", now, f"at_risk:{d.pk}:{d.due.isoformat()}")
        result.at_risk += 1
    return result
