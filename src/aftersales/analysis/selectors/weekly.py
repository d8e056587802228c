"""投诉处理周报 (R-RPT-2): complaints per service office and week, with roll-ups for head office.

A service office is a project (客户服务处, one per community, R-ORG-1). What each figure counts,
for a period ``[start, end)`` in Asia/Shanghai (a week is Monday 00:00 to the next Monday 00:00):

* **new** (新增) — complaints accepted (``occurred_at``) within the period;
* **resolved** (办结) — complaints that reached a result within the period: a ``resolve`` (处理
  完成), an ``invalidate`` (无效投诉) or a manager's ``close`` taken while the complaint was
  still being handled. A complaint reopened after a dissatisfied callback and resolved again
  counts again in the period of its second result;
* **pending** (未结) — complaints still being handled at the end of the period (``as_of``):
  accepted before it and, at that moment, registered, routed, replied or reopened;
* **overdue** (超期) — pending complaints with a reply, resolution or department-feedback clock
  that had run past its due moment by ``as_of`` without being met.

``as_of`` is the end of the period, or now for the current period. For the current period the
states are the tickets' own; for a past one they are read from the ticket trail (the last event
before ``as_of``), so last month's report stays what it was. Merged duplicates are left out.

Every figure is one grouped query on complaints filtered by kind, project and time, so that the
weekly report of one office stays well under a second with a million tickets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from aftersales.core import scoping
from aftersales.core.errors import field_error
from aftersales.core.permissions import require
from aftersales.core.workcalendar import tz
from aftersales.estates.models import Project
from aftersales.tickets.choices import DeadlineName, Kind, Severity, Status
from aftersales.tickets.models import Deadline, Ticket, TicketEvent

PENDING = [Status.REGISTERED, Status.ROUTED, Status.REPLIED, Status.REOPENED]
DONE = [Status.AWAITING_CALLBACK, Status.CLOSED]
CLOCKS = [DeadlineName.REPLY, DeadlineName.RESOLUTION, DeadlineName.DEPARTMENT_FEEDBACK]
# Levels in the order the report lists them; "" is a complaint without a level.
LEVELS = [(Severity.MAJOR, "重大"), (Severity.IMPORTANT, "重要"), (Severity.MINOR, "一般")]
UNRATED = ("", "未定级")
FIGURES = ("new", "resolved", "pending", "overdue")
NOTES_PER_ITEM = 3
EARLIEST_YEAR = 2000


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """``[start, end)`` as aware moments, with the dates and a caption."""

    kind: str  # week, quarter, year
    first_day: dt.date
    last_day: dt.date
    label: str

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first_day, dt.time.min, tzinfo=tz())

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz())

    def as_of(self, now: dt.datetime) -> dt.datetime:
        return timezone.localtime(min(self.end, now), tz())

    def is_current(self, now: dt.datetime) -> bool:
        return self.end > now


def week_of(day: dt.date | None, today: dt.date | None = None) -> Period:
    """The Monday-to-Sunday week holding ``day`` (default: this week)."""
    today = today or timezone.localdate()
    day = day or today
    monday = day - dt.timedelta(days=day.weekday())
    if monday > today:
        raise field_error("week", "不能查询尚未开始的周")
    if monday.year < EARLIEST_YEAR:
        raise field_error("week", f"只能查询 {EARLIEST_YEAR} 年以后的周")
    sunday = monday + dt.timedelta(days=6)
    iso_year, iso_week, _ = monday.isocalendar()
    label = f"{iso_year} 年第 {iso_week} 周（{monday:%m-%d} 至 {sunday:%m-%d}）"
    return Period("week", monday, sunday, label)


def quarter_or_year(
    period: str, year: int | None, quarter: int | None, today: dt.date | None = None
) -> Period:
    """A calendar quarter or year (default: the current one)."""
    today = today or timezone.localdate()
    year = year or today.year
    if not EARLIEST_YEAR <= year <= today.year:
        raise field_error("year", f"年份应在 {EARLIEST_YEAR}–{today.year} 之间")
    if period == "year":
        return Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year} 年")
    if period != "quarter":
        raise field_error("period", "period 应为 quarter 或 year")
    if quarter is None:
        quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
    if not 1 <= quarter <= 4:
        raise field_error("quarter", "季度应为 1–4")
    first = dt.date(year, 3 * quarter - 2, 1)
    if first > today:
        raise field_error("quarter", "不能查询尚未开始的季度")
    last = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(1)
    )
    return Period("quarter", first, last, f"{year} 年第 {quarter} 季度")


# --- the figures -------------------------------------------------------------------------------


def complaints(user) -> QuerySet[Ticket]:
    """Complaints the user may see, merged duplicates left out."""
    qs = Ticket.objects.filter(kind=Kind.COMPLAINT, merged_into__isnull=True)
    return scoping.visible_to(qs, user)


def new_in(qs: QuerySet[Ticket], period: Period) -> QuerySet[Ticket]:
    return qs.filter(occurred_at__gte=period.start, occurred_at__lt=period.end)


def resolved_in(qs: QuerySet[Ticket], period: Period) -> QuerySet[Ticket]:
    """Complaints whose trail shows a step from "being handled" to "done" in the period."""
    step = TicketEvent.objects.filter(
        ticket=OuterRef("pk"),
        occurred_at__gte=period.start,
        occurred_at__lt=period.end,
        to_status__in=DONE,
    ).exclude(from_status__in=DONE)
    # Only complaints accepted before the end and not closed before the start can have one.
    alive = Q(closed_at__isnull=True) | Q(closed_at__gte=period.start)
    return qs.filter(alive, occurred_at__lt=period.end).filter(Exists(step))


def pending_at(qs: QuerySet[Ticket], as_of: dt.datetime, now: dt.datetime) -> QuerySet[Ticket]:
    """Complaints being handled at ``as_of`` (the ticket's own status when that is now)."""
    qs = qs.filter(occurred_at__lt=as_of)
    if as_of >= now:
        return qs.filter(status__in=PENDING)
    last = (
        TicketEvent.objects.filter(ticket=OuterRef("pk"), occurred_at__lt=as_of)
        .order_by("-occurred_at", "-id")
        .values("to_status")[:1]
    )
    alive = Q(closed_at__isnull=True) | Q(closed_at__gte=as_of)
    return (
        qs.filter(alive)
        .annotate(status_then=Coalesce(Subquery(last), F("status")))
        .filter(status_then__in=PENDING)
    )


def overdue_at(pending: QuerySet[Ticket], as_of: dt.datetime, now: dt.datetime) -> QuerySet:
    late = Deadline.objects.filter(ticket=OuterRef("pk"), name__in=CLOCKS, due__lt=as_of).filter(
        Q(met_at__isnull=True) | Q(met_at__gte=as_of)
    )
    if as_of >= now:
        pending = pending.filter(paused=False)  # a paused clock is not running late
    return pending.filter(Exists(late))


def _by(qs: QuerySet[Ticket], *keys: str) -> dict[tuple, int]:
    rows = qs.order_by().values(*keys).annotate(n=Count("id")).values_list(*keys, "n")
    return {tuple(row[:-1]): row[-1] for row in rows}


def figures(qs: QuerySet[Ticket], period: Period, now: dt.datetime, *keys: str) -> dict:
    """``{figure: {key tuple: count}}`` for the four figures, grouped by ``keys``."""
    as_of = period.as_of(now)
    pending = pending_at(qs, as_of, now)
    return {
        "new": _by(new_in(qs, period), *keys),
        "resolved": _by(resolved_in(qs, period), *keys),
        "pending": _by(pending, *keys),
        "overdue": _by(overdue_at(pending, as_of, now), *keys),
    }


def _level_rows(counts: dict, prefix: tuple = ()) -> tuple[list[dict], dict]:
    levels = [*LEVELS, UNRATED]
    rows = []
    for code, label in levels:
        row = {"level": str(code), "label": label}
        for name in FIGURES:
            row[name] = counts[name].get((*prefix, str(code)), 0)
        rows.append(row)
    total = {"level": "total", "label": "合计"}
    for name in FIGURES:
        total[name] = sum(r[name] for r in rows)
    # The unrated line only when it holds something (complaints normally carry a level).
    rows = [r for r in rows if r["level"] or any(r[n] for n in FIGURES)]
    return rows, total


# --- the weekly report of one office ----------------------------------------------------------


@dataclass
class PendingItem:
    ticket: Ticket
    status: str
    status_label: str
    days_open: int
    overdue: bool
    notes: list[dict] = field(default_factory=list)


@dataclass
class WeeklyReport:
    project: Project
    period: Period
    as_of: dt.datetime
    levels: list[dict]
    total: dict
    pending_items: list[PendingItem]


def office(user, project_id: int | None) -> Project:
    """The office (project) asked for, within the user's scope."""
    if not project_id:
        raise field_error("project", "请选择客服处（项目）", code="required")
    return scoping.get_visible_or_404(Project.objects.all(), user, pk=project_id)


def weekly_report(
    user, project_id: int | None, week: dt.date | None = None, now: dt.datetime | None = None
) -> WeeklyReport:
    """The weekly complaint report of one office (R-RPT-2)."""
    require(user, "reports.view")
    now = now or timezone.now()
    project = office(user, project_id)
    period = week_of(week, timezone.localdate(now))
    qs = complaints(user).filter(project=project)
    counts = figures(qs, period, now, "severity")
    levels, total = _level_rows(counts)
    as_of = period.as_of(now)
    return WeeklyReport(project, period, as_of, levels, total, _pending_items(qs, as_of, now))


def _pending_items(qs: QuerySet[Ticket], as_of: dt.datetime, now: dt.datetime) -> list:
    pending = pending_at(qs, as_of, now)
    late_ids = set(overdue_at(pending, as_of, now).values_list("pk", flat=True))
    tickets = list(
        pending.select_related("house", "customer", "assignee").order_by("occurred_at", "id")
    )
    status_then = {t.pk: getattr(t, "status_then", t.status) for t in tickets}
    trail: dict[int, list[TicketEvent]] = {}
    events = TicketEvent.objects.filter(
        ticket_id__in=[t.pk for t in tickets], occurred_at__lt=as_of
    ).order_by("ticket_id", "-occurred_at", "-id")
    for event in events:
        notes = trail.setdefault(event.ticket_id, [])
        if len(notes) < NOTES_PER_ITEM:
            notes.append(event)
    labels = dict(Status.choices)
    items = []
    for t in tickets:
        status = status_then[t.pk]
        items.append(
            PendingItem(
                ticket=t,
                status=status,
                status_label=str(labels.get(status, status)),
                days_open=(timezone.localdate(as_of) - timezone.localdate(t.occurred_at)).days,
                overdue=t.pk in late_ids,
                notes=[note(e) for e in trail.get(t.pk, [])],
            )
        )
    return items


def note(event: TicketEvent) -> dict:
    """One line of handling notes from the ticket trail, as the report prints it."""
    from aftersales.tickets.views.trail import describe

    describe(event)
    # The registration's details (channel, urgency, level) are intake data, not handling.
    details = [] if event.action == "register" else event.details
    text = "；".join(f"{label}：{value}" for label, value in details)
    return {
        "at": timezone.localtime(event.occurred_at),
        "actor": event.actor_name,
        "action": str(event.label),
        "text": text,
    }


# --- roll-ups for head office -----------------------------------------------------------------


@dataclass
class Rollup:
    period: Period
    as_of: dt.datetime
    offices: list[dict]
    levels: list[dict]
    total: dict


def rollup(
    user,
    period: str,
    year: int | None = None,
    quarter: int | None = None,
    now: dt.datetime | None = None,
) -> Rollup:
    """Quarterly or yearly figures of every office in the user's scope (R-RPT-2)."""
    require(user, "reports.view")
    now = now or timezone.now()
    chosen = quarter_or_year(period, year, quarter, timezone.localdate(now))
    qs = complaints(user)
    counts = figures(qs, chosen, now, "project", "severity")
    project_ids = sorted({key[0] for per in counts.values() for key in per if key[0]})
    projects = Project.objects.in_bulk(project_ids)
    offices = []
    for pid in project_ids:
        row = {"project": projects[pid]}
        for name in FIGURES:
            row[name] = sum(n for key, n in counts[name].items() if key[0] == pid)
        row["new_major"] = counts["new"].get((pid, Severity.MAJOR), 0)
        row["resolution_rate"] = _rate(row["resolved"], row["resolved"] + row["pending"])
        offices.append(row)
    offices.sort(key=lambda r: (-r["new"], -r["pending"], r["project"].code))
    flat = {name: {} for name in FIGURES}
    for name in FIGURES:
        for (_pid, level), n in counts[name].items():
            flat[name][(level,)] = flat[name].get((level,), 0) + n
    levels, total = _level_rows(flat)
    total["resolution_rate"] = _rate(total["resolved"], total["resolved"] + total["pending"])
    return Rollup(chosen, chosen.as_of(now), offices, levels, total)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
