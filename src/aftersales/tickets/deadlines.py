"""Ticket deadlines: started, met, paused, extended and reported (R-CAL-2, R-CAL-3, R-CAL-4).

The amounts come from :class:`DeadlinePolicy` rows (data, editable by administrators); the
arithmetic is :func:`aftersales.core.workcalendar.compute_due`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from aftersales.core import workcalendar
from aftersales.core.errors import Invalid
from aftersales.core.workcalendar import Unit
from aftersales.tickets import policies
from aftersales.tickets.models import Deadline, DeadlinePolicy, Ticket


def policy_for(kind: str, name: str, level: str) -> DeadlinePolicy:
    """The policy for ``kind``/``name`` at ``level``, falling back to the ``*`` level."""
    rows = policies.policies_by_level(kind, name)  # cached, forgotten on change
    policy = rows.get(level) or rows.get("*")
    if policy is None:
        raise Invalid(f"没有为 {kind}/{name} 配置时限规则", code="no_deadline_policy")
    return policy


def start(
    ticket: Ticket, name: str, at: dt.datetime, level: str, *, department: str = ""
) -> Deadline:
    """Start (or restart) the clock ``name`` at ``at`` (a routed department's own with
    ``department``, R-CMP-3)."""
    policy = policy_for(ticket.kind, name, level)
    due = workcalendar.compute_due(at, float(policy.amount), policy.unit)
    return _set(ticket, name, at, due, policy.amount, policy.unit, department)


def start_new(ticket: Ticket, clocks: list[tuple[str, str]], at: dt.datetime) -> list[Deadline]:
    """Start the first clocks of a ticket that has none yet (intake): ``clocks`` is a list of
    ``(name, level)``; one INSERT for them all instead of an update-or-create each."""
    made = []
    for name, level in clocks:
        policy = policy_for(ticket.kind, name, level)
        due = workcalendar.compute_due(at, float(policy.amount), policy.unit)
        made.append(
            Deadline(
                ticket=ticket,
                name=name,
                department="",
                started_at=at,
                amount=policy.amount,
                unit=policy.unit,
                due=due,
            )
        )
    return Deadline.objects.bulk_create(made) if made else []


def start_until(ticket: Ticket, name: str, at: dt.datetime, due: dt.datetime) -> Deadline:
    """Start a clock whose due moment a person set (the GM's measures, R-CMP-1)."""
    if due <= at:
        raise Invalid(
            "截止时间应晚于发生时间", code="invalid_due", fields={"due": ["应晚于发生时间"]}
        )
    hours = Decimal((due - at).total_seconds() / 3600).quantize(Decimal("0.01"))
    return _set(ticket, name, at, due, min(hours, Decimal("999999.99")), Unit.NATURAL_HOURS, "")


def _set(ticket, name, at, due, amount, unit, department: str) -> Deadline:
    deadline, _ = Deadline.objects.update_or_create(
        ticket=ticket,
        name=name,
        department=department,
        defaults={
            "started_at": at,
            "amount": amount,
            "unit": unit,
            "due": due,
            "met_at": None,
            "at_risk_notified_at": None,
            "breached_notified_at": None,
            "extended": False,
        },
    )
    return deadline


def meet(ticket: Ticket, name: str, at: dt.datetime, *, department: str = "") -> Deadline | None:
    """Stop the clock ``name`` (of ``department``, R-CMP-3) at ``at`` (if it runs)."""
    deadline = Deadline.objects.filter(
        ticket=ticket, name=name, department=department, met_at__isnull=True
    ).first()
    if deadline is not None:
        deadline.met_at = at
        deadline.save(update_fields=["met_at"])
    return deadline


def shift_for_pause(ticket: Ticket, paused_at: dt.datetime, resumed_at: dt.datetime) -> None:
    """Move every running clock by the time the ticket was paused, counted in its own unit."""
    for deadline in Deadline.objects.filter(ticket=ticket, met_at__isnull=True):
        deadline.due = shifted(deadline.due, deadline.unit, paused_at, resumed_at)
        deadline.save(update_fields=["due"])


def shifted(
    due: dt.datetime, unit: str, paused_at: dt.datetime, resumed_at: dt.datetime
) -> dt.datetime:
    if resumed_at <= paused_at:
        return due
    if unit in (Unit.NATURAL_HOURS, Unit.NATURAL_DAYS):
        return due + (resumed_at - paused_at)
    if unit == Unit.WORKING_HOURS:
        paused = workcalendar.working_hours_between(paused_at, resumed_at)
        return workcalendar.add_working_hours(due, paused.total_seconds() / 3600)
    days = workcalendar.working_days_between(paused_at, resumed_at)
    if days == 0:
        return due
    return workcalendar.end_of_day(
        workcalendar.workdays_after(workcalendar.local(due).date(), days)
    )


def extend(ticket: Ticket, name: str, due: dt.datetime) -> Deadline:
    department = ""
    if ":" in name:  # a routed department's clock: "department_feedback:legal"
        name, department = name.split(":", 1)
    deadline = Deadline.objects.filter(ticket=ticket, name=name, department=department).first()
    if deadline is None:
        raise Invalid(
            f"工单没有“{name}”时限", code="unknown_deadline", fields={"deadline": ["不存在"]}
        )
    if deadline.met_at is not None:
        raise Invalid(
            "该时限已完成，不能延期", code="deadline_met", fields={"deadline": ["已完成"]}
        )
    if due <= deadline.due:
        raise Invalid(
            "延期后的截止时间应晚于原截止时间",
            code="invalid_due",
            fields={"due": ["应晚于原截止时间"]},
        )
    deadline.due = due
    deadline.extended = True
    deadline.at_risk_notified_at = None
    deadline.breached_notified_at = None
    deadline.save(update_fields=["due", "extended", "at_risk_notified_at", "breached_notified_at"])
    return deadline


def view(deadline: Deadline, now: dt.datetime | None = None) -> dict:
    """``{"due", "met", "breached", "remaining_seconds"}`` as the API and the screens show it."""
    now = now or timezone.now()
    ticket = deadline.ticket
    if ticket.paused and ticket.paused_at and deadline.met_at is None:
        now = ticket.paused_at  # a stopped clock stands where it was stopped
    met = None if deadline.met_at is None else deadline.met_at <= deadline.due
    breached = (deadline.met_at or now) > deadline.due
    remaining = None if deadline.met_at else int((deadline.due - now).total_seconds())
    return {
        "due": deadline.due,
        "met": met,
        "breached": breached,
        "remaining_seconds": remaining,
        "extended": deadline.extended,
        "started_at": deadline.started_at,
        "amount": Decimal(deadline.amount),
        "unit": deadline.unit,
    }


def key(deadline: Deadline) -> str:
    """How a clock is named in a request: ``name``, or ``name:department`` for a routed
    department's own clock (R-CMP-3)."""
    return f"{deadline.name}:{deadline.department}" if deadline.department else deadline.name


def label(deadline: Deadline) -> str:
    """The clock's name as the screens show it: 部门反馈（法律事务中心）."""
    from aftersales.accounts.choices import DepartmentCode
    from aftersales.tickets.choices import DeadlineName

    names = dict(DeadlineName.choices)
    text = str(names.get(deadline.name, deadline.name))
    if deadline.department:
        department = dict(DepartmentCode.choices).get(deadline.department, deadline.department)
        return f"{text}（{department}）"
    return text
