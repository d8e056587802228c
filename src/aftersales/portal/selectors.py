"""What the owner reads (R-SS-1), each query through the data scope: his houses, his tickets,
their progress in plain words, the deadlines promised to him, his warranty, his messages.

Nothing here shows staff beyond the technician's given name, internal events (notes, costs,
contractors: ``TicketEvent.internal``) or another owner's records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.core import scoping
from aftersales.core.permissions import require
from aftersales.estates import services as estates
from aftersales.estates.models import House
from aftersales.notify.models import Channel, Notification
from aftersales.tickets import selectors as tickets
from aftersales.tickets.choices import DeadlineName, Opinion, Status
from aftersales.tickets.models import Callback, Ticket, TicketEvent

# The clocks the company promises the customer (the others are internal steps).
PROMISED = (
    DeadlineName.SURVEY,
    DeadlineName.COMPLETION,
    DeadlineName.REPLY,
    DeadlineName.RESOLUTION,
)
RATABLE = (Status.AWAITING_CALLBACK, Status.CLOSED)


def my_houses(user) -> list[House]:
    require(user, "portal.use")
    qs = House.objects.select_related("project", "building").order_by("project_id", "label")
    return list(scoping.visible_to(qs, user))


def my_house(user, pk: int) -> House:
    require(user, "portal.use")
    return scoping.get_visible_or_404(
        House.objects.select_related("project"), user, "房屋不存在", pk=pk
    )


def my_tickets(user) -> QuerySet[Ticket]:
    require(user, "portal.use")
    return tickets.tickets_for(user).order_by("-id")


def my_ticket(user, pk: int) -> Ticket:
    require(user, "portal.use")
    return scoping.get_visible_or_404(
        Ticket.objects.select_related("house", "project"), user, pk=pk
    )


def warranty(user, house: House, on: dt.date | None = None) -> list[estates.WarrantyStatus]:
    """Every component of the catalogue with the project's term and its expiry (R-WAR-1)."""
    require(user, "portal.use")
    return estates.house_warranty(house, on or timezone.localdate())


def given_name(full: str) -> str:
    """The technician as the owner may know him: his given name only (R-SS-1)."""
    full = (full or "").strip()
    if not full:
        return ""
    if " " in full:  # "Wei Zhang" or "张 伟"
        return full.split()[0] if full.isascii() else full.split()[-1]
    if len(full) >= 4:  # a double surname (欧阳 …)
        return full[2:]
    return full[1:] if len(full) >= 2 else full


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    text: str
    detail: str = ""
    done: bool = True


def _visit(value) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return ""
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


def _step_text(event: TicketEvent, ticket: Ticket) -> tuple[str, str]:
    data = event.data or {}
    who = given_name(data.get("assignee_name", ""))
    action = event.action
    if action == "register":
        return _("已受理您的报事"), _("编号 %(number)s") % {"number": ticket.number}
    if action in ("dispatch", "reassign"):
        return _("已安排维修师傅上门"), (_("%(name)s师傅") % {"name": who}) if who else ""
    if action == "appointment":
        return _("已预约上门时间"), _visit(data.get("visit_at"))
    if action == "start":
        return _("维修师傅开始维修"), ""
    if action == "complete":
        if event.to_status == Status.AWAITING_SIGNOFF:
            return _("维修完成，请您确认"), ""
        return _("部分维修已完成"), ""
    if action == "sign_off":
        opinion = Opinion(data["opinion"]).label if data.get("opinion") in Opinion.values else ""
        return _("您已确认完工"), str(opinion)
    if action == "callback":
        return _("客服已回访"), ""
    if action == "reply":
        return _("客服已答复您"), str(data.get("content", ""))[:300]
    if action == "resolve":
        return _("已处理完成"), str(data.get("content", ""))[:300]
    if action == "extend":
        return _("处理时限已延长（经您同意）"), ""
    if action == "close":
        return _("工单已办结"), ""
    if action == "rate":
        return _("您已评价"), _("%(score)s 星") % {"score": data.get("score", "")}
    return "", ""


def timeline(ticket: Ticket) -> list[Step]:
    """The ticket's progress in plain words, oldest first; internal steps left out."""
    steps = []
    for event in ticket.events.filter(internal=False).order_by("occurred_at", "id"):
        text, detail = _step_text(event, ticket)
        if text:
            steps.append(Step(event.occurred_at, text, detail))
    return steps


@dataclass(frozen=True)
class Promise:
    label: str
    due: dt.datetime
    met: bool | None  # None: still running
    late: bool


def promised(ticket: Ticket, now: dt.datetime | None = None) -> list[Promise]:
    """The deadlines promised to the customer, with whether each was kept."""
    now = now or timezone.now()
    out = []
    for d in ticket.deadlines.filter(name__in=PROMISED, department="").order_by("due"):
        met = None if d.met_at is None else d.met_at <= d.due
        out.append(Promise(str(DeadlineName(d.name).label), d.due, met, (d.met_at or now) > d.due))
    return out


def may_sign(ticket: Ticket) -> bool:
    return ticket.kind == "repair" and ticket.status == Status.AWAITING_SIGNOFF


def rating(ticket: Ticket) -> Callback | None:
    """The owner's rating of the ticket's current round of work, if given."""
    return (
        ticket.callbacks.filter(method="app", scores__round=ticket.reopen_count)
        .order_by("-id")
        .first()
    )


def may_rate(ticket: Ticket) -> bool:
    return ticket.status in RATABLE and rating(ticket) is None


def photos(user, ticket: Ticket) -> list:
    from aftersales.attachments import services as attachments

    return [
        a for a in attachments.attachments_for(user, ticket) if a.content_type != "application/pdf"
    ]


def notifications(user, limit: int = 50) -> list[Notification]:
    """The owner's messages: in-app ones to him and the texts sent about his tickets."""
    require(user, "portal.use")
    own = scoping.visible_to(Notification.objects.all(), user)
    his_tickets = tickets.tickets_for(user).values("pk")
    phones = {p for p in (user.phone, getattr(user.customer, "phone", "")) if p}
    texts = Notification.objects.filter(
        channel=Channel.SMS, ticket__in=his_tickets, address__in=phones
    )
    qs = Notification.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=texts.values("pk")))
    return list(qs.order_by("-id")[:limit])
