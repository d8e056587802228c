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

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
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
    assignee_id: int | None = None
    project_id: int | None = None


@dataclass
class Totals:
    """The sums a score is made of; the repairs of a person add up (``+``)."""

    repairs: int = 0
    opinion_points: int = 0
    opinions: int = 0
    callbacks: int = 0
    satisfied_callbacks: int = 0
    timed: int = 0
    on_time: int = 0
    reopens: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))


@dataclass
class Score:
    user: User
    repairs: int = 0
    opinion: Decimal | None = None
    callback_rate: Decimal | None = None
    on_time_rate: Decimal | None = None
    reopens: int = 0
    score: Decimal | None = None
    # The repairs behind the score, newest signed off first: all of them, or the newest
    # ``lines`` asked of :func:`evaluate` (``repairs`` counts them all).
    lines: list[Line] = field(default_factory=list)


def _pct(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def _score(totals: Totals, user: User, lines: list[Line]) -> Score:
    s = Score(user=user, repairs=totals.repairs, lines=lines)
    if not totals.repairs:
        return s
    if totals.opinions:
        s.opinion = (Decimal(totals.opinion_points) / totals.opinions).quantize(Decimal("0.1"))
    s.callback_rate = _pct(totals.satisfied_callbacks, totals.callbacks)
    s.on_time_rate = _pct(totals.on_time, totals.timed)
    s.reopens = totals.reopens
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


def _repairs(actor, span: Period):
    """The repairs signed off in ``span`` within ``actor``'s data scope (a queryset)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(span.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(span.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    signed_ids = TicketEvent.objects.filter(
        action="sign_off", occurred_at__gte=start, occurred_at__lt=end
    ).values("ticket_id")
    return scoping.visible_to(
        Ticket.objects.filter(kind=Kind.REPAIR, pk__in=signed_ids), actor
    ).order_by()


def _count(qs) -> Subquery:
    """The number of rows of ``qs`` (correlated on the ticket) as a subquery, 0 when none."""
    counted = qs.order_by().values("ticket_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _completion_state() -> Coalesce:
    """Per repair: 1 when every completion clock it has was met by its due moment, 0 when one
    was not (or is still running), NULL when it has none — one subquery."""
    state = Case(When(met_at__lte=F("due"), then=Value(1)), default=Value(0))
    clocks = (
        Deadline.objects.filter(ticket_id=OuterRef("pk"), name=DeadlineName.COMPLETION)
        .order_by()
        .values("ticket_id")
        .annotate(state=Min(state))
        .values("state")
    )
    return Subquery(clocks, output_field=IntegerField())


def _totals(repairs) -> dict[tuple[int | None, int], Totals]:
    """One statement: the sums per (assignee, project) of the repairs.

    Each repair's parts are computed once, in an inner query (the ORM's, scope included), and
    summed by an outer ``GROUP BY`` written here: Django would repeat each per-repair subquery
    inside every aggregate that uses it. A repair is on time when every completion clock it
    has was met by its due moment; one with no completion clock does not count for the
    on-time rate."""
    callbacks = Callback.objects.filter(ticket_id=OuterRef("pk"))
    points = Case(
        *(When(signoff_opinion=code, then=Value(int(p))) for code, p in OPINION_POINTS.items()),
        output_field=IntegerField(),
    )
    per_repair = repairs.annotate(
        e_assignee=F("assignee_id"),
        e_project=F("project_id"),
        e_points=points,
        e_callbacks=_count(callbacks),
        e_satisfied=_count(callbacks.filter(satisfied=True)),
        e_on_time=_completion_state(),
        e_reopens=F("reopen_count"),
    ).values(
        "e_assignee",
        "e_project",
        "e_points",
        "e_callbacks",
        "e_satisfied",
        "e_on_time",
        "e_reopens",
    )
    inner, params = per_repair.query.sql_with_params()
    if connection.vendor == "postgresql":
        inner += " OFFSET 0"  # a fence: PostgreSQL would flatten it and repeat the subqueries
    sql = (
        "SELECT e_assignee, e_project, COUNT(*), COALESCE(SUM(e_points), 0), COUNT(e_points),"
        " SUM(e_callbacks), SUM(e_satisfied), COUNT(e_on_time), COALESCE(SUM(e_on_time), 0),"
        f" SUM(e_reopens) FROM ({inner}) per_repair GROUP BY e_assignee, e_project"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {(assignee, project): Totals(*map(int, sums)) for assignee, project, *sums in rows}


def _lines(tickets: list[dict]) -> list[Line]:
    """The lines of ``tickets`` (rows with id, number, opinion, reopens and the sign-off
    moment), with their callbacks and completion clocks read in two statements."""
    ids = [t["id"] for t in tickets]
    callbacks: dict[int, list[bool]] = defaultdict(list)
    for ticket_id, ok in Callback.objects.filter(ticket_id__in=ids).values_list(
        "ticket_id", "satisfied"
    ):
        callbacks[ticket_id].append(ok)
    on_time: dict[int, bool] = {}
    for ticket_id, due, met in Deadline.objects.filter(
        ticket_id__in=ids, name=DeadlineName.COMPLETION
    ).values_list("ticket_id", "due", "met_at"):
        on_time[ticket_id] = on_time.get(ticket_id, True) and met is not None and met <= due
    return [
        Line(
            ticket_id=t["id"],
            number=t["number"],
            signed_off_at=t["signed_off_at"],
            opinion=t["signoff_opinion"],
            callbacks=len(callbacks[t["id"]]),
            satisfied_callbacks=sum(1 for ok in callbacks[t["id"]] if ok),
            on_time=on_time.get(t["id"]),
            reopens=t["reopen_count"],
            assignee_id=t["assignee_id"],
            project_id=t["project_id"],
        )
        for t in tickets
    ]


LINE_FIELDS = ("id", "number", "assignee_id", "project_id", "signoff_opinion", "reopen_count")


def _line_rows(repairs, role: str, newest: int | None) -> list[dict]:
    """The repairs' rows with their last sign-off moment, newest first: all of them, or the
    ``newest`` of each assignee (technicians) or of each project (team leads: a lead's newest
    are among the newest of his projects)."""
    last_sign_off = (
        TicketEvent.objects.filter(ticket_id=OuterRef("pk"), action="sign_off")
        .order_by("-occurred_at", "-id")
        .values("occurred_at")[:1]
    )
    qs = repairs.annotate(signed_off_at=Subquery(last_sign_off))
    if newest is not None:
        partition = "assignee_id" if role == RoleCode.TECHNICIAN else "project_id"
        qs = qs.annotate(
            row=Window(
                RowNumber(),
                partition_by=[F(partition)],
                order_by=[F("signed_off_at").desc(), F("pk").desc()],
            )
        ).filter(row__lte=newest)
    return list(qs.order_by("-signed_off_at", "-pk").values(*LINE_FIELDS, "signed_off_at"))


def evaluate(
    actor, period: str, role: str = RoleCode.TECHNICIAN, *, lines: int | None = None
) -> tuple[Period, list[Score]]:
    """Scores of every active technician (or team lead) for ``period``, best first.

    Each score lists the repairs behind it, newest signed off first: all of them, or only the
    newest ``lines`` (a screen). The scores themselves are summed in the database, in one
    grouped statement whatever the number of repairs."""
    require(actor, "evaluation.view")
    if role not in (RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD):
        raise field_error("role", "考核对象应为 technician 或 team_lead")
    return _evaluate(actor, parse_period(period), role, lines)


def _evaluate(actor, span: Period, role: str, newest: int | None) -> tuple[Period, list[Score]]:
    repairs = _repairs(actor, span)
    totals = _totals(repairs)
    lines = _lines(_line_rows(repairs, role, newest))  # newest first
    by_assignee: dict[int | None, list[Line]] = defaultdict(list)
    by_project: dict[int, list[Line]] = defaultdict(list)
    for line in lines:  # one pass, not one per person
        by_assignee[line.assignee_id].append(line)
        by_project[line.project_id].append(line)
    sums_by_assignee: dict[int | None, Totals] = defaultdict(Totals)
    sums_by_project: dict[int, Totals] = defaultdict(Totals)
    for (assignee, project), sums in totals.items():
        sums_by_assignee[assignee] += sums
        sums_by_project[project] += sums
    people = list(
        User.objects.filter(is_active=True, roles__code=role)
        .prefetch_related("projects")
        .distinct()
        .order_by("id")
    )
    scores = []
    for person in people:
        if role == RoleCode.TECHNICIAN:
            mine, shown = sums_by_assignee[person.pk], by_assignee[person.pk]
        else:
            scope = {p.pk for p in person.projects.all()} or set(by_project) | set(sums_by_project)
            mine = sum((sums_by_project[p] for p in scope if p in sums_by_project), Totals())
            shown = sorted(
                (ln for p in scope for ln in by_project.get(p, ())),
                key=lambda ln: (ln.signed_off_at, ln.ticket_id),
                reverse=True,
            )
        scores.append(_score(mine, person, shown if newest is None else shown[:newest]))
    scores.sort(key=lambda s: (s.score is None, -(s.score or 0), -s.repairs, s.user.pk))
    return span, scores
