"""Quarterly and yearly evaluation of technicians and team leads (R-CST-5).

The basis of service bonuses, computed from the repairs signed off in the period:

* sign-off opinion (满意 100, 基本满意 80, 不满意 0) — the mean, weight 40 %;
* callbacks: satisfied ÷ all callbacks of those repairs, weight 30 %;
* on time: completion deadline met ÷ repairs with a completion deadline, weight 30 %;
* each reopen takes 5 points off.

A part with nothing to count (no callbacks yet) drops out and the other weights are scaled
up, so a score is never pulled down by missing data. A technician is judged on the repairs
assigned to him; a team lead on all repairs of the projects in his scope (his team's work).
Every score comes with the repairs behind it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.accounts.models import User
from aftersales.core import scoping
from aftersales.core.errors import field_error
from aftersales.core.permissions import require
from aftersales.tickets.choices import DeadlineName, Kind, Opinion
from aftersales.tickets.models import Callback, Deadline, Ticket, TicketEvent

OPINION_POINTS = {
    Opinion.SATISFIED: Decimal(100),
    Opinion.BASICALLY_SATISFIED: Decimal(80),
    Opinion.DISSATISFIED: Decimal(0),
}
WEIGHTS = {"opinion": Decimal("0.4"), "callback": Decimal("0.3"), "on_time": Decimal("0.3")}
REOPEN_PENALTY = Decimal(5)
PERIOD_RE = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


@dataclass
class Period:
    code: str
    label: str
    start: dt.date
    end: dt.date  # inclusive


def parse_period(code: str) -> Period:
    """``2026`` (a year) or ``2026-Q3`` (a quarter)."""
    m = PERIOD_RE.match((code or "").strip())
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise field_error("period", "考核期应为年份（2026）或季度（2026-Q3）")
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        start = dt.date(year, 3 * q - 2, 1)
        end = (dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - dt.timedelta(days=1)
        return Period(code, f"{year}年第{q}季度", start, end)
    return Period(code, f"{year}年度", dt.date(year, 1, 1), dt.date(year, 12, 31))


def current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@dataclass
class Line:
    ticket_id: int
    number: str
    signed_off_at: dt.datetime
    opinion: str
    callbacks: int
    satisfied_callbacks: int
    on_time: bool | None
    reopens: int


@dataclass
class Score:
    user: User
    repairs: int = 0
    opinion: Decimal | None = None
    callback_rate: Decimal | None = None
    on_time_rate: Decimal | None = None
    reopens: int = 0
    score: Decimal | None = None
    lines: list[Line] = field(default_factory=list)


def _pct(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def _score(lines: list[Line], user: User) -> Score:
    s = Score(user=user, repairs=len(lines), lines=lines)
    if not lines:
        return s
    opinions = [OPINION_POINTS[ln.opinion] for ln in lines if ln.opinion in OPINION_POINTS]
    if opinions:
        s.opinion = (sum(opinions) / len(opinions)).quantize(Decimal("0.1"))
    s.callback_rate = _pct(
        sum(ln.satisfied_callbacks for ln in lines), sum(ln.callbacks for ln in lines)
    )
    timed = [ln for ln in lines if ln.on_time is not None]
    s.on_time_rate = _pct(sum(1 for ln in timed if ln.on_time), len(timed))
    s.reopens = sum(ln.reopens for ln in lines)
    parts = {"opinion": s.opinion, "callback": s.callback_rate, "on_time": s.on_time_rate}
    present = {k: v for k, v in parts.items() if v is not None}
    if present:
        weight = sum(WEIGHTS[k] for k in present)
        raw = sum(WEIGHTS[k] * v for k, v in present.items()) / weight
        raw -= REOPEN_PENALTY * s.reopens
        s.score = max(Decimal(0), min(Decimal(100), raw)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return s


def _lines(tickets) -> dict[int, Line]:
    """The repairs behind the scores, one line each, in a fixed number of queries."""
    rows = {t["id"]: t for t in tickets}
    if not rows:
        return {}
    signed = {}
    for ticket_id, at in (
        TicketEvent.objects.filter(ticket_id__in=rows, action="sign_off")
        .order_by("occurred_at")
        .values_list("ticket_id", "occurred_at")
    ):
        signed[ticket_id] = at
    callbacks: dict[int, list[bool]] = defaultdict(list)
    for ticket_id, ok in Callback.objects.filter(ticket_id__in=rows).values_list(
        "ticket_id", "satisfied"
    ):
        callbacks[ticket_id].append(ok)
    on_time = {
        ticket_id: (met is not None and met <= due)
        for ticket_id, due, met in Deadline.objects.filter(
            ticket_id__in=rows, name=DeadlineName.COMPLETION
        ).values_list("ticket_id", "due", "met_at")
    }
    return {
        pk: Line(
            ticket_id=pk,
            number=row["number"],
            signed_off_at=signed.get(pk),
            opinion=row["signoff_opinion"],
            callbacks=len(callbacks[pk]),
            satisfied_callbacks=sum(1 for ok in callbacks[pk] if ok),
            on_time=on_time.get(pk),
            reopens=row["reopen_count"],
        )
        for pk, row in rows.items()
    }


def evaluate(actor, period: str, role: str = RoleCode.TECHNICIAN) -> tuple[Period, list[Score]]:
    """Scores of every active technician (or team lead) for ``period``, best first."""
    require(actor, "evaluation.view")
    if role not in (RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD):
        raise field_error("role", "考核对象应为 technician 或 team_lead")
    return _evaluate(actor, parse_period(period), role)


def _evaluate(actor, span: Period, role: str) -> tuple[Period, list[Score]]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(span.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(span.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    signed_ids = TicketEvent.objects.filter(
        action="sign_off", occurred_at__gte=start, occurred_at__lt=end
    ).values("ticket_id")
    tickets = list(
        scoping.visible_to(Ticket.objects.filter(kind=Kind.REPAIR, pk__in=signed_ids), actor)
        .order_by("id")
        .values("id", "number", "assignee_id", "project_id", "signoff_opinion", "reopen_count")
    )
    lines = _lines(tickets)
    people = list(
        User.objects.filter(is_active=True, roles__code=role)
        .prefetch_related("projects")
        .distinct()
        .order_by("id")
    )
    by_assignee: dict[int | None, list[Line]] = defaultdict(list)
    for t in tickets:  # one pass, not one per person
        by_assignee[t["assignee_id"]].append(lines[t["id"]])
    scores = []
    for person in people:
        if role == RoleCode.TECHNICIAN:
            mine = by_assignee.get(person.pk, [])
        else:
            scope = {p.pk for p in person.projects.all()}
            mine = [lines[t["id"]] for t in tickets if not scope or t["project_id"] in scope]
        scores.append(_score(mine, person))
    scores.sort(key=lambda s: (s.score is None, -(s.score or 0), -s.repairs, s.user.pk))
    return span, scores
