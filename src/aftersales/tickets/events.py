"""The ticket trail, written only through these constructors: one per kind of event.

Each function takes the ticket, the actor and the event's own fields as keyword arguments, and
writes one :class:`TicketEvent` whose ``data`` holds exactly those fields (in the JSON form the
trail screens, prints and reports read). Another domain records its step on a ticket (a spending
request, a settlement) by calling its constructor here; no module outside ``tickets`` creates a
``TicketEvent`` itself.

Every event is handed, in the same transaction, to the projections registered in
:mod:`aftersales.core.projections` (the report facts): the writer calls them explicitly, no
signal does. A projection that fails is logged and marked for rebuild by its owner; the
ticket's own step is never undone by it.

The ``action`` strings stored are those of the transition table (``dispatch``, ``callback``…)
plus the steps that are not actions (``register``, ``escalate``, ``emergency``) and the money
steps of :mod:`aftersales.costs` (``spending_request``…, ``settlement_pay``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aftersales.core import projections
from aftersales.core.audit import _plain as plain_json
from aftersales.tickets.models import Ticket, TicketEvent

# The steps an owner is told about (R-SS-1). Every other event — notes, costs, contractors,
# escalations, routing, checks, a new step added later — is marked ``internal`` when written and
# never reaches the owner's portal or the owner's API answers.
CUSTOMER_ACTIONS = frozenset(
    {
        "register",
        "dispatch",
        "reassign",
        "appointment",
        "start",
        "complete",
        "sign_off",
        "callback",
        "reply",
        "resolve",
        "extend",
        "close",
        "rate",
    }
)


def _write(
    ticket: Ticket,
    actor,
    action: str,
    data: dict[str, Any],
    *,
    at: dt.datetime | None = None,
    from_status: str | None = None,
) -> TicketEvent:
    user = actor if getattr(actor, "pk", None) else None
    event = TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        from_status=ticket.status if from_status is None else from_status,
        to_status=ticket.status,
        actor=user,
        actor_name=user.display_name if user else "系统",
        occurred_at=at or timezone.now(),
        data=plain_json(data),
        internal=action not in CUSTOMER_ACTIONS,
    )
    projections.project(ticket, [event])
    return event


# --- intake ----------------------------------------------------------------------------------


def ticket_registered_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    channel: str,
    urgency: str,
    severity: str,
    duplicates: list[str],
) -> TicketEvent:
    """R-TKT-1..8: a report registered as a numbered ticket (with the open duplicates seen)."""
    data = {"channel": channel, "urgency": urgency, "severity": severity, "duplicates": duplicates}
    return _write(ticket, actor, "register", data, at=at, from_status="")


def complaint_escalated_event(
    *, ticket: Ticket, actor, at: dt.datetime, to: list[str], told: int
) -> TicketEvent:
    """R-CMP-1: a major complaint reported at once to ``to`` (roles); ``told`` users."""
    return _write(ticket, actor, "escalate", {"to": to, "told": told}, at=at)


def emergency_reported_event(*, ticket: Ticket, actor, at: dt.datetime, told: int) -> TicketEvent:
    """R-TKT-6: the emergency path started; ``told`` supervisors."""
    return _write(ticket, actor, "emergency", {"told": told}, at=at)


# --- actions of the transition table (written by ``perform``) -------------------------------


def ticket_dispatched_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, assignee
) -> TicketEvent:
    data = {"assignee": assignee.pk, "assignee_name": assignee.display_name}
    return _write(ticket, actor, "dispatch", data, at=at, from_status=from_status)


def ticket_reassigned_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, assignee, reason: str
) -> TicketEvent:
    data = {"assignee": assignee.pk, "assignee_name": assignee.display_name, "reason": reason}
    return _write(ticket, actor, "reassign", data, at=at, from_status=from_status)


def appointment_made_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, visit_at: dt.datetime, note: str
) -> TicketEvent:
    data = {"visit_at": visit_at, "note": note}
    return _write(ticket, actor, "appointment", data, at=at, from_status=from_status)


def ticket_surveyed_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    responsible_party: str,
    trades: int,
    estimate: Decimal,
    work_class: str,
    cause: str,
    contractor_present: bool,
    in_warranty: bool | None,
    complex_work: bool,
    participants: list[str],
    trade_names: list[str],
) -> TicketEvent:
    data = {
        "responsible_party": responsible_party,
        "trades": trades,
        "estimate": estimate,
        "work_class": work_class,
        "cause": cause,
        "contractor_present": contractor_present,
        "in_warranty": in_warranty,
        "complex_work": complex_work,
        "participants": participants,
        "trade_names": trade_names,
    }
    return _write(ticket, actor, "survey", data, at=at, from_status=from_status)


def plan_approved_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, comment: str
) -> TicketEvent:
    return _write(
        ticket, actor, "approve_plan", {"comment": comment}, at=at, from_status=from_status
    )


def work_started_event(*, ticket: Ticket, actor, at: dt.datetime, from_status: str) -> TicketEvent:
    return _write(ticket, actor, "start", {}, at=at, from_status=from_status)


def work_completed_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    result: str,
    materials: list[dict],
    labour_hours: Decimal | None,
    work_order: int | None,
    remaining_work_orders: int,
) -> TicketEvent:
    data = {
        "result": result,
        "materials": materials,
        "labour_hours": labour_hours,
        "work_order": work_order,
        "remaining_work_orders": remaining_work_orders,
    }
    return _write(ticket, actor, "complete", data, at=at, from_status=from_status)


def completion_checked_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, passed: bool, note: str
) -> TicketEvent:
    data = {"passed": passed, "note": note}
    return _write(ticket, actor, "check", data, at=at, from_status=from_status)


def ticket_signed_off_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    opinion: str,
    signed: bool,
    comment: str,
) -> TicketEvent:
    data = {"opinion": opinion, "signed": signed, "comment": comment}
    return _write(ticket, actor, "sign_off", data, at=at, from_status=from_status)


def callback_recorded_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    satisfied: bool,
    method: str,
    scores: dict[str, int],
    comment: str,
) -> TicketEvent:
    data = {"satisfied": satisfied, "method": method, "scores": scores, "comment": comment}
    return _write(ticket, actor, "callback", data, at=at, from_status=from_status)


def ticket_rated_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    score: int,
    comment: str,
) -> TicketEvent:
    """R-SS-1: the owner's stars (1–5) and comment from the portal."""
    data = {"score": score, "comment": comment}
    return _write(ticket, actor, "rate", data, at=at, from_status=from_status)


def complaint_routed_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    departments: list[str],
    told: int = 0,
) -> TicketEvent:
    """R-CMP-3: routed to ``departments``, each with its own clock; ``told`` members."""
    data = {"departments": departments, "told": told}
    return _write(ticket, actor, "route", data, at=at, from_status=from_status)


def measures_instructed_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    measures: str,
    responsible: str,
    measures_due: dt.datetime,
) -> TicketEvent:
    """R-CMP-1: the GM or a deputy GM set the measures of a major complaint, who carries them
    out and by when (``measures_due``)."""
    data = {"measures": measures, "responsible": responsible, "measures_due": measures_due}
    return _write(ticket, actor, "instruct", data, at=at, from_status=from_status)


def resolution_approved_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, comment: str
) -> TicketEvent:
    """R-CMP-1: the service manager signed off the handling of an important complaint."""
    data = {"comment": comment}
    return _write(ticket, actor, "approve_resolution", data, at=at, from_status=from_status)


def deadline_escalated_event(
    *,
    ticket: Ticket,
    at: dt.datetime,
    step: str,
    deadline: str,
    department: str,
    to: list[str],
    told: int,
) -> TicketEvent:
    """R-NTF-2: the deadline monitor told the next people up the chain (``step`` is
    ``deadline_at_risk`` or ``deadline_breached``); written by the system, not by a person."""
    data = {"deadline": deadline, "department": department, "to": to, "told": told}
    return _write(ticket, None, step, data, at=at)


def feedback_received_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, department: str, content: str
) -> TicketEvent:
    data = {"department": department, "content": content}
    return _write(ticket, actor, "feedback", data, at=at, from_status=from_status)


def customer_replied_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, content: str
) -> TicketEvent:
    return _write(ticket, actor, "reply", {"content": content}, at=at, from_status=from_status)


def complaint_resolved_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, content: str
) -> TicketEvent:
    return _write(ticket, actor, "resolve", {"content": content}, at=at, from_status=from_status)


def complaint_invalidated_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, reason: str
) -> TicketEvent:
    return _write(ticket, actor, "invalidate", {"reason": reason}, at=at, from_status=from_status)


def clock_paused_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, reason: str
) -> TicketEvent:
    return _write(ticket, actor, "pause", {"reason": reason}, at=at, from_status=from_status)


def clock_resumed_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, reason: str, paused_seconds: int
) -> TicketEvent:
    data = {"reason": reason, "paused_seconds": paused_seconds}
    return _write(ticket, actor, "resume", data, at=at, from_status=from_status)


def deadline_extended_event(
    *,
    ticket: Ticket,
    actor,
    at: dt.datetime,
    from_status: str,
    deadline: str,
    due: dt.datetime,
    reason: str,
    customer_consent: bool,
) -> TicketEvent:
    data = {
        "deadline": deadline,
        "due": due,
        "reason": reason,
        "customer_consent": customer_consent,
    }
    return _write(ticket, actor, "extend", data, at=at, from_status=from_status)


def ticket_merged_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, into: str
) -> TicketEvent:
    return _write(ticket, actor, "merge", {"into": into}, at=at, from_status=from_status)


def ticket_closed_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, reason: str
) -> TicketEvent:
    return _write(ticket, actor, "close", {"reason": reason}, at=at, from_status=from_status)


def ticket_transferred_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, contractor: str, reason: str
) -> TicketEvent:
    """R-DSP-8: handed to ``contractor`` (the company's name) through 工程材料部."""
    data = {"contractor": contractor, "reason": reason}
    return _write(ticket, actor, "transfer", data, at=at, from_status=from_status)


def transfer_accepted_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, contractor: str, answer: str
) -> TicketEvent:
    data = {"contractor": contractor, "answer": answer}
    return _write(ticket, actor, "transfer_accept", data, at=at, from_status=from_status)


def transfer_declined_event(
    *, ticket: Ticket, actor, at: dt.datetime, from_status: str, contractor: str, answer: str
) -> TicketEvent:
    data = {"contractor": contractor, "answer": answer}
    return _write(ticket, actor, "transfer_decline", data, at=at, from_status=from_status)


# The event of each action of the transition table (``perform`` writes it).
FOR_ACTION: dict[str, Callable[..., TicketEvent]] = {
    "dispatch": ticket_dispatched_event,
    "reassign": ticket_reassigned_event,
    "appointment": appointment_made_event,
    "survey": ticket_surveyed_event,
    "approve_plan": plan_approved_event,
    "start": work_started_event,
    "complete": work_completed_event,
    "check": completion_checked_event,
    "sign_off": ticket_signed_off_event,
    "callback": callback_recorded_event,
    "route": complaint_routed_event,
    "feedback": feedback_received_event,
    "instruct": measures_instructed_event,
    "approve_resolution": resolution_approved_event,
    "reply": customer_replied_event,
    "resolve": complaint_resolved_event,
    "invalidate": complaint_invalidated_event,
    "pause": clock_paused_event,
    "resume": clock_resumed_event,
    "extend": deadline_extended_event,
    "merge": ticket_merged_event,
    "close": ticket_closed_event,
    "transfer": ticket_transferred_event,
    "transfer_accept": transfer_accepted_event,
    "transfer_decline": transfer_declined_event,
    "rate": ticket_rated_event,
}


# --- money steps of aftersales.costs (the ticket's status does not change) --------------------


def spending_requested_event(
    *, ticket: Ticket, actor, request: int, amount: Decimal, purpose: str
) -> TicketEvent:
    """R-CST-1: a spending request filed on the repair."""
    data = {"request": request, "amount": amount, "purpose": purpose}
    return _write(ticket, actor, "spending_request", data)


def spending_decided_event(
    *,
    ticket: Ticket,
    actor,
    approved: bool,
    request: int,
    step: int,
    role: str,
    comment: str,
) -> TicketEvent:
    """R-CST-1: one step of the approval chain agreed (``approved``) or refused."""
    data = {"request": request, "step": step, "role": role, "comment": comment}
    return _write(ticket, actor, "spending_approve" if approved else "spending_reject", data)


def final_account_filed_event(
    *, ticket: Ticket, actor, account: int, total: Decimal
) -> TicketEvent:
    """R-CST-2: the team lead's final account (决算书) of the repair."""
    return _write(ticket, actor, "final_account", {"account": account, "total": total})


def settlement_created_event(
    *, ticket: Ticket, actor, settlement: int, amount: Decimal, work_class: str
) -> TicketEvent:
    """R-CST-2: the final account reviewed; its settlement (结算书) made."""
    data = {"settlement": settlement, "amount": amount, "work_class": work_class}
    return _write(ticket, actor, "settlement", data)


def _settlement_step(
    action: str, ticket: Ticket, actor, settlement: int, amount: Decimal, comment: str, **more
) -> TicketEvent:
    data = {"settlement": settlement, "amount": amount, "comment": comment}
    data |= {k: v for k, v in more.items() if v is not None}
    return _write(ticket, actor, action, data)


def settlement_confirmed_event(
    *, ticket: Ticket, actor, settlement: int, amount: Decimal, comment: str
) -> TicketEvent:
    """R-CST-3: the responsible contractor confirmed a class-A settlement."""
    return _settlement_step("settlement_confirm", ticket, actor, settlement, amount, comment)


def settlement_certified_event(
    *, ticket: Ticket, actor, settlement: int, amount: Decimal, comment: str
) -> TicketEvent:
    """R-CST-3: the deputy chief engineer certified the settlement."""
    return _settlement_step("settlement_certify", ticket, actor, settlement, amount, comment)


def settlement_paid_event(
    *,
    ticket: Ticket,
    actor,
    settlement: int,
    amount: Decimal,
    deducted: str | None = None,
    owed: str | None = None,
) -> TicketEvent:
    """R-CST-3/4: finance paid; ``deducted`` from the deposit, ``owed`` when it fell short."""
    return _settlement_step(
        "settlement_pay", ticket, actor, settlement, amount, "", deducted=deducted, owed=owed
    )
