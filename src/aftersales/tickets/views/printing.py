"""Printable paper forms of a ticket (相关表单, requirements §16): registration, work order,
joint survey, repair record and satisfaction tracking.

Each form is one HTML page laid out like the paper original (A4, black on white). The data
comes from the ticket, its trail (``TicketEvent.data`` of survey / complete / check /
sign_off / callback), its work orders and callbacks. A step not taken yet prints as empty lines
to be filled by hand — a paper form, never an error. Access is the ticket page's: staff only,
and a ticket outside the user's data scope answers 404.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import DepartmentCode
from aftersales.estates.models import WarrantyComponent
from aftersales.tickets.choices import Kind, Opinion, ResponsibleParty, WorkClass
from aftersales.tickets.models import Ticket, TicketEvent
from aftersales.tickets.views.detail import _ticket
from aftersales.tickets.views.trail import describe

REPAIR_ONLY = frozenset({Kind.REPAIR})
WITH_CALLBACK = frozenset({Kind.REPAIR, Kind.COMPLAINT})


@dataclass(frozen=True)
class PaperForm:
    slug: str
    title: str
    kinds: frozenset[str] | None  # None: every kind of ticket


FORMS = {
    f.slug: f
    for f in (
        PaperForm("registration", _("客户报事登记表"), None),
        PaperForm("dispatch", _("工程派工单"), REPAIR_ONLY),
        PaperForm("survey", _("现场勘察会签表"), REPAIR_ONLY),
        PaperForm("repair", _("维修服务记录表"), REPAIR_ONLY),
        PaperForm("satisfaction", _("客户满意度跟踪表"), WITH_CALLBACK),
    )
}
# Scores are 1–5 (R-CB-2: very dissatisfied … very satisfied).
SCORE_WORDS = {5: _("非常满意"), 4: _("满意"), 3: _("一般"), 2: _("不满意"), 1: _("非常不满意")}
SCORE_KEYS = [("result", _("维修结果")), ("attitude", _("服务态度")), ("speed", _("处理速度"))]
SIGNATURE_MAX_BYTES = 2 * 1024 * 1024


def forms_for(ticket: Ticket) -> list[PaperForm]:
    """The paper forms that belong to a ticket of this kind (for the 打印 menu)."""
    return [f for f in FORMS.values() if f.kinds is None or ticket.kind in f.kinds]


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _moment(value):
    moment = parse_datetime(value) if isinstance(value, str) else value
    return timezone.localtime(moment) if moment is not None else None


def _last(events: list[TicketEvent], action: str) -> TicketEvent | None:
    found = [e for e in events if e.action == action]
    return found[-1] if found else None


def _boxes(choices, picked: str) -> list[dict]:
    """Tick boxes of a paper form: every choice, the picked one ticked."""
    return [{"label": label, "ticked": value == picked} for value, label in choices]


def _signature_src(ticket: Ticket) -> str:
    """The customer's drawn signature as a data URI, so the sheet prints without media serving."""
    if not ticket.signature:
        return ""
    try:
        with ticket.signature.open("rb") as handle:
            content = handle.read(SIGNATURE_MAX_BYTES + 1)
    except OSError:
        return ""
    if not content.startswith(b"\x89PNG\r\n\x1a\n") or len(content) > SIGNATURE_MAX_BYTES:
        return ""
    return "data:image/png;base64," + base64.b64encode(content).decode()


def _repair_rows(ticket: Ticket, events: list[TicketEvent], single_trade: str = "") -> dict:
    """What was done per work order, the materials with line totals, the labour hours.

    A single-trade repair has no work order rows: its trade is the one the survey named.
    """
    orders = list(ticket.work_orders.select_related("assignee"))
    by_id = {o.pk: o for o in orders}
    rows, materials = [], []
    hours_total = Decimal("0")
    matched = set()
    for event in events:
        if event.action != "complete":
            continue
        data = event.data or {}
        order = by_id.get(data.get("work_order")) or next(
            (o for o in orders if o.completed_at == event.occurred_at and o.pk not in matched),
            None,
        )
        if order is not None:
            matched.add(order.pk)
        hours = _decimal(data.get("labour_hours"))
        hours_total += hours or 0
        trade = order.trade if order else single_trade
        rows.append(
            {
                "trade": trade,
                "result": data.get("result", ""),
                "hours": hours,
                "by": event.actor_name,
                "at": event.occurred_at,
            }
        )
        for line in data.get("materials") or []:
            quantity = _decimal(line.get("quantity")) or Decimal("0")
            unit_cost = _decimal(line.get("unit_cost")) or Decimal("0")
            materials.append(
                {
                    "item": line.get("item", ""),
                    "trade": trade,
                    "quantity": quantity,
                    "unit_cost": unit_cost,
                    "total": (quantity * unit_cost).quantize(Decimal("0.01")),
                }
            )
    # Work orders still open print as lines to fill in on site.
    pending = [o for o in orders if o.completed_at is None]
    return {
        "repair_rows": rows,
        "pending_orders": pending,
        "materials": materials,
        "materials_total": sum((m["total"] for m in materials), Decimal("0.00")),
        "hours_total": hours_total if any(r["hours"] is not None for r in rows) else None,
    }


def _callback_rows(ticket: Ticket) -> list[dict]:
    rows = []
    for callback in ticket.callbacks.select_related("actor"):
        scores = []
        for key, label in SCORE_KEYS:
            value = callback.scores.get(key)
            scores.append({"label": label, "value": value, "word": SCORE_WORDS.get(value, "")})
        rows.append({"callback": callback, "scores": scores})
    return rows


def _context(request, ticket: Ticket, form: PaperForm) -> dict:
    events = list(ticket.events.order_by("occurred_at", "id"))
    survey = _last(events, "survey")
    survey_data = survey.data if survey else {}
    sign_off = _last(events, "sign_off")
    deadlines = {d.name: d for d in ticket.deadlines.all()}
    appointment = _last(events, "appointment")
    context = {
        "ticket": ticket,
        "form": form,
        "title": form.title,
        "printed_at": timezone.localtime(),
        "printed_by": request.user.display_name,
        "events": events,
        "registered": events[0] if events else None,
        "dispatched": _last(events, "dispatch"),
        "survey": survey,
        "survey_data": survey_data,
        "participants": survey_data.get("participants") or [],
        "trade_names": survey_data.get("trade_names") or [],
        "check": _last(events, "check"),
        "sign_off": sign_off,
        "sign_off_comment": (sign_off.data or {}).get("comment", "") if sign_off else "",
        "visit_at": _moment((appointment.data or {}).get("visit_at")) if appointment else None,
        "survey_deadline": deadlines.get("survey"),
        "completion_deadline": deadlines.get("completion"),
        "work_class_boxes": _boxes(WorkClass.choices, ticket.work_class),
        "party_boxes": _boxes(ResponsibleParty.choices, ticket.responsible_party),
        "opinion_boxes": _boxes(Opinion.choices, ticket.signoff_opinion),
        "component_name": WarrantyComponent.objects.filter(code=ticket.component)
        .values_list("name", flat=True)
        .first()
        if ticket.component
        else "",
        "work_orders": list(ticket.work_orders.select_related("assignee")),
        "blank_rows": range(3),
    }
    if form.slug == "repair":
        names = context["trade_names"]
        context |= _repair_rows(ticket, events, names[0] if len(names) == 1 else "")
        context["signature_src"] = _signature_src(ticket)
    if ticket.kind == Kind.COMPLAINT:
        context |= _handling(ticket, events)
    if form.slug == "satisfaction":
        context["callbacks"] = _callback_rows(ticket)
        context["reopens"] = [
            e for e in events if e.action == "callback" and e.to_status == "reopened"
        ]
        context["score_words"] = sorted(SCORE_WORDS.items(), reverse=True)
    return context


# The steps of a complaint's handling record (R-CMP-1..3), in the order they happened.
HANDLING_STEPS = {
    "escalate",
    "route",
    "feedback",
    "instruct",
    "approve_resolution",
    "reply",
    "resolve",
    "deadline_breached",
    "invalidate",
    "close",
}


def _handling(ticket: Ticket, events: list[TicketEvent]) -> dict:
    """The complaint's handling record for the prints: each routed department with its own
    clock and answers, then every step (the GM's measures, replies, reopenings, escalations)."""
    names = dict(DepartmentCode.choices)
    clocks = {d.department: d for d in ticket.deadlines.all() if d.department}
    departments = []
    for code in ticket.departments:
        d = clocks.get(code)
        answers = [e for e in events if e.action == "feedback" and e.data.get("department") == code]
        departments.append(
            {
                "name": names.get(code, code),
                "due": timezone.localtime(d.due) if d else None,
                "met_at": timezone.localtime(d.met_at) if d and d.met_at else None,
                "late": bool(d and (d.met_at or timezone.now()) > d.due),
                "answers": answers,
            }
        )
    steps = []
    for e in events:
        reopened = e.action == "callback" and e.to_status == "reopened"
        if e.action in HANDLING_STEPS or reopened:
            describe(e)
            if reopened:
                e.label = gettext("回访不满意，重新处理")
            steps.append(e)
    return {"handling_departments": departments, "handling_steps": steps}


@login_required
def print_form(request, pk: int, form: str):
    """One paper form of a ticket, ready for the browser's print dialogue."""
    paper = FORMS.get(form)
    if paper is None:
        raise Http404(gettext("未知的表单"))
    ticket = _ticket(request, pk)
    if paper.kinds is not None and ticket.kind not in paper.kinds:
        raise Http404(gettext("该类型的工单没有此表单"))
    return render(request, f"tickets/print/{paper.slug}.html", _context(request, ticket, paper))
