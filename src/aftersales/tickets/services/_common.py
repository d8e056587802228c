"""Shared pieces of the ticket services: checks of input, the event trail, warranty, messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.core import bounds, scoping
from aftersales.core.errors import field_error
from aftersales.estates import services as estates
from aftersales.notify import services as notify
from aftersales.tickets.models import Ticket

CONTRACTOR_REQUIRED_FROM = Decimal("500")  # R-DSP-2
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
LEAK_COMPONENTS = {"leakage", "roof_waterproofing"}


def _choice(value: Any, field: str, label: str, choices, *, default: str | None = None) -> str:
    if value in (None, "") and default is not None:
        return default
    if value in choices.values:
        return value
    options = "、".join(choices.values)
    raise field_error(field, f"{label}“{value}”无效，可选：{options}")


def _moment(
    occurred_at: dt.datetime | None,
    *,
    actor=None,
    not_before: dt.datetime | None = None,
    label: str = "实际发生时间",
) -> dt.datetime:
    """When a step really happened (back-entry): inside the sensible window, not in the future,
    not before the previous step. ``label`` names the field as its form labels it.

    Back-entry is the staff's (paper records typed in later): an owner's own step — his
    report, sign-off or rating — happens when he sends it, and he may not date it."""
    now = timezone.now()
    if occurred_at is None:
        return now
    if actor is not None and _owner_only(actor):
        raise field_error("occurred_at", f"业主提交的操作以提交时刻为准，不能填写{label}")
    if timezone.is_naive(occurred_at):
        raise field_error("occurred_at", f"{label}需带时区，例如 2026-09-30T10:00:00+08:00")
    if occurred_at > now + FUTURE_TOLERANCE:
        raise field_error("occurred_at", f"{label}不能晚于现在")
    problem = bounds.OCCURRED.check_moment(occurred_at, label)
    if problem:
        raise field_error("occurred_at", problem)
    if not_before is not None and occurred_at < not_before:
        raise field_error("occurred_at", f"{label}不能早于工单的上一步")
    return occurred_at


def _owner_only(actor) -> bool:
    """An owner's account (not also a member of staff)."""
    return RoleCode.OWNER in actor.role_codes() and not scoping.is_staff_user(actor)


def _visit(value: dt.datetime, field: str, label: str, *, not_before: dt.datetime | None):
    """A booked visit: inside the appointment window and not before ``not_before`` (the
    ticket's registration or previous step) — a visit cannot be booked for before the report."""
    if timezone.is_naive(value):
        raise field_error(field, f"{label}需带时区，例如 2026-09-30T10:00:00+08:00")
    problem = bounds.APPOINTMENT.check_moment(value, label)
    if problem:
        raise field_error(field, problem)
    if not_before is not None and value < not_before:
        shown = timezone.localtime(not_before).strftime("%Y-%m-%d %H:%M")
        raise field_error(field, f"{label}不能早于工单的上一步（{shown}）")
    return value


def _plain(value: Any) -> Any:
    from aftersales.core.audit import _plain as plain

    return plain(value)


def _context(ticket: Ticket) -> dict:
    return {
        "number": ticket.number,
        "house": ticket.house.label if ticket.house_id else ticket.public_area,
        # The templates end the sentence themselves: no "。。".
        "description": ticket.description[:80].rstrip(" 。.！!；;，,、"),
    }


def _tell(ticket: Ticket, roles: list[str], template: str, *, fresh: bool = False) -> int:
    """In-app messages to the staff of the ticket's project holding ``roles`` (R-NTF-2);
    ``fresh`` for a ticket registered in this transaction (no message of it can exist yet)."""
    users = notify.staff(roles, ticket.project_id)
    return notify.notify_users(
        users,
        template,
        _context(ticket),
        ticket=ticket,
        key=f"{template}:{ticket.pk}:{ticket.reopen_count}",
        fresh=fresh,
    )


def _confirm(ticket: Ticket, at: dt.datetime) -> None:
    """R-TKT-7: the customer is told the number and when to expect an answer."""
    if not ticket.phone or not estates.MOBILE_RE.match(ticket.phone):
        return
    expected = timezone.localtime(at + dt.timedelta(hours=24)).strftime("%m月%d日 %H:%M")
    notify.notify_address(
        ticket.phone,
        "sms",
        "ticket_registered",
        _context(ticket) | {"expected": expected},
        ticket=ticket,
    )


def _judge_warranty(ticket: Ticket, on: dt.date) -> None:
    """R-WAR-2: in warranty, term and expiry of the reported component."""
    if ticket.house is None or not ticket.component:
        ticket.in_warranty = None
        ticket.warranty_expires_on = None
        return
    status = estates.warranty_status(ticket.house, ticket.component, on)
    ticket.in_warranty = status.in_warranty
    ticket.warranty_expires_on = status.expires_on
