"""Early warning (预警, R-CMP-5): tickets and houses likely to become major complaints.

Five rules, each computed on the tickets the user may see (:func:`selectors.tickets_for`):

* repeat reports — one house with :data:`REPEAT_MIN` or more tickets in :data:`REPEAT_DAYS` days;
* reopened — a ticket reopened after an unsatisfied callback that is still open;
* overdue — an open ticket with a running clock past its due moment;
* group complaint (群诉) — :data:`GROUP_MIN` or more distinct houses of one building reporting
  the same category within :data:`GROUP_DAYS` days;
* sensitive words — an open ticket whose description names the media, a lawyer, 12345, …

Other domains add rules of their own with :func:`register_rule` (handover: overdue patrols of
custodial houses); their rows are houses and come after the five rules above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from aftersales.core import cached
from aftersales.core.permissions import require
from aftersales.estates.models import Building, House
from aftersales.tickets import selectors
from aftersales.tickets.choices import Category, DeadlineName, Status
from aftersales.tickets.models import Ticket

REPEAT_DAYS = 90
REPEAT_MIN = 3
GROUP_DAYS = 30
GROUP_MIN = 5
# What a warning row keeps of the tickets it lists (their numbers link to them): little, for
# the rows are kept in the cache and read back on every look (core.cached.per_scope).
LISTED = ("id", "number", "house_id")
SENSITIVE_WORDS = ["媒体", "记者", "律师", "起诉", "12345", "住建局", "退房", "曝光"]

REPEAT = "repeat_reports"
REOPENED = "reopened"
OVERDUE = "overdue"
GROUP = "group_complaint"
SENSITIVE = "sensitive_words"

RULES = [
    (REPEAT, "同一房屋重复报事"),
    (REOPENED, "重开工单未关闭"),
    (OVERDUE, "超时未处理"),
    (GROUP, "群诉苗头"),
    (SENSITIVE, "敏感词"),
]
LABELS = dict(RULES)
# Rules registered by other apps: code -> (label, rows(user, now) -> list[Warning], icon).
EXTRA: dict[str, tuple[str, object, str]] = {}


def register_rule(code: str, label: str, rows, icon: str = "alert-triangle") -> None:
    """Add (or replace) a warning rule of another domain, registered in its ``ready()``.

    ``rows(user, now)`` returns its :class:`Warning` rows within the user's data scope (an
    empty list when the user may not see that domain)."""
    if code not in EXTRA:
        RULES.append((code, label))
    EXTRA[code] = (label, rows, icon)
    LABELS[code] = label


@dataclass
class Warning:
    """One early-warning row; exactly one of ``ticket``, ``house`` or ``building`` is set."""

    rule: str
    label: str
    ticket: Ticket | None = None
    house: House | None = None
    building: Building | None = None
    count: int = 1
    detail: str = ""
    tickets: list[Ticket] = field(default_factory=list)


def early_warnings(user, now: dt.datetime | None = None, limit: int | None = None) -> list[Warning]:
    """Every warning within ``user``'s data scope, rule by rule in the order of :data:`RULES`
    (the first ``limit`` of each rule when given)."""
    return [w for rows, _total in sections(user, now, limit).values() for w in rows]


def sections(
    user, now: dt.datetime | None = None, limit: int | None = None
) -> dict[str, tuple[list[Warning], int]]:
    """Per rule (in the order of :data:`RULES`): its rows, the first ``limit`` when given, and
    how many rows it has in all. A bounded number of queries: two or three per rule. Without
    ``now``, kept for a minute for everyone of the same scope (``cached.per_scope``)."""
    require(user, "tickets.warnings")
    if now is None:
        compute = lambda: _sections(user, timezone.now(), limit)  # noqa: E731
        return cached.per_scope(user, "tickets.warnings", str(limit), compute)
    return _sections(user, now, limit)


def _sections(user, now: dt.datetime, limit: int | None) -> dict:
    qs = selectors.tickets_for(user)
    return {
        REPEAT: repeat_reports(qs, now, limit),
        REOPENED: reopened(qs, limit),
        OVERDUE: overdue(qs, now, limit),
        GROUP: group_complaints(qs, now, limit),
        SENSITIVE: sensitive_words(qs, limit),
        **{code: _extra(rows(user, now), limit) for code, (_l, rows, _i) in EXTRA.items()},
    }


def _extra(rows: list[Warning], limit: int | None) -> tuple[list[Warning], int]:
    """A registered rule's rows (the first ``limit``) and their number."""
    return (rows if limit is None else rows[:limit]), len(rows)


def _project_of(w: Warning) -> int | None:
    record = w.ticket or w.house or w.building
    return getattr(record, "project_id", None) if record is not None else None


def counts_by_project(user, now: dt.datetime | None = None) -> dict[str, dict[int | None, int]]:
    """How many rows each rule has per project (``{rule: {project id: n}}``), by grouped
    queries: one per rule, whatever the number of rows (the warnings board)."""
    require(user, "tickets.warnings")
    if now is None:
        compute = lambda: _counts_by_project(user, timezone.now())  # noqa: E731
        return cached.per_scope(user, "tickets.warnings.counts", "", compute)
    return _counts_by_project(user, now)


def _counts_by_project(user, now: dt.datetime) -> dict[str, dict[int | None, int]]:
    qs = selectors.tickets_for(user).order_by()
    out: dict[str, dict[int | None, int]] = {code: {} for code, _label in RULES}

    def tally(rule: str, projects) -> None:
        for project in projects:
            out[rule][project] = out[rule].get(project, 0) + 1

    tally(REPEAT, (p for _h, p in _repeat_houses(qs, now).values_list("house", "house__project")))
    tally(
        GROUP,
        (g[3] for g in _groups(qs, now).values_list(*GROUP_KEYS, "n", "house__building__project")),
    )
    for rule, found in (
        (REOPENED, _reopened(qs)),
        (OVERDUE, selectors.overdue(qs, now)),
        (SENSITIVE, _sensitive(qs)),
    ):
        rows = (
            found.order_by().values("project").annotate(n=Count("pk")).values_list("project", "n")
        )
        out[rule] = dict(rows)
    for code, (_label, rows_of, _icon) in EXTRA.items():  # registered rules: rows of houses
        tally(code, (_project_of(w) for w in rows_of(user, now)))
    return out


def _shown(qs, limit: int | None) -> tuple[list, int]:
    """The rows of ``qs`` (the first ``limit``) and their number."""
    if limit is None:
        rows = list(qs)
        return rows, len(rows)
    # Always counted (one statement per rule, however many rows there are).
    return list(qs[:limit]), qs.order_by().count()


def _by_key(tickets, key) -> dict:
    grouped: dict = {}
    for t in tickets:
        grouped.setdefault(key(t), []).append(t)
    return grouped


def _repeat_recent(qs, now: dt.datetime):
    return qs.filter(house__isnull=False, occurred_at__gte=now - dt.timedelta(days=REPEAT_DAYS))


def _repeat_houses(qs, now: dt.datetime):
    return (
        _repeat_recent(qs, now)
        .order_by()
        .values("house")
        .annotate(n=Count("id"))
        .filter(n__gte=REPEAT_MIN)
    )


def repeat_reports(qs, now: dt.datetime, limit: int | None = None) -> tuple[list[Warning], int]:
    counts = dict(_repeat_houses(qs, now).values_list("house", "n"))
    shown = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if limit is not None:
        shown = shown[:limit]
    ids = [house_id for house_id, _n in shown]
    houses = House.objects.select_related("project", "building").in_bulk(ids)
    tickets = _by_key(
        _repeat_recent(qs, now)
        .filter(house_id__in=ids)
        .select_related(None)
        .only(*LISTED)
        # (a row names its tickets by number: kept small, the result is cached and unpickled)
        .order_by("-occurred_at"),
        lambda t: t.house_id,
    )
    rows = [
        Warning(
            REPEAT,
            LABELS[REPEAT],
            house=houses[house_id],
            count=n,
            detail=f"近 {REPEAT_DAYS} 天报事 {n} 次",
            tickets=tickets.get(house_id, []),
        )
        for house_id, n in shown
    ]
    return rows, len(counts)


def _reopened(qs):
    # "Not closed" as the covering partial index ``ticket_open_cover`` states it.
    return qs.filter(reopen_count__gt=0).exclude(status=Status.CLOSED)


def reopened(qs, limit: int | None = None) -> tuple[list[Warning], int]:
    found, total = _shown(_reopened(qs).order_by("-reopen_count", "id"), limit)
    rows = [
        Warning(
            REOPENED,
            LABELS[REOPENED],
            ticket=t,
            count=t.reopen_count,
            detail=f"重开 {t.reopen_count} 次，当前“{t.get_status_display()}”",
        )
        for t in found
    ]
    return rows, total


def overdue(qs, now: dt.datetime, limit: int | None = None) -> tuple[list[Warning], int]:
    rows = []
    found, total = _shown(selectors.overdue(qs, now).order_by("id"), limit)
    for t in found:
        late = sorted(
            (d for d in t.deadlines.all() if d.met_at is None and d.due < now),
            key=lambda d: d.due,
        )
        names = "、".join(str(DeadlineName(d.name).label) for d in late)
        due = timezone.localtime(late[0].due).strftime("%Y-%m-%d %H:%M") if late else ""
        rows.append(
            Warning(
                OVERDUE,
                LABELS[OVERDUE],
                ticket=t,
                count=len(late),
                detail=f"“{names}”已于 {due} 到期" if late else "",
            )
        )
    return rows, total


GROUP_KEYS = ("house__building", "category")


def _group_recent(qs, now: dt.datetime):
    recent = qs.filter(house__isnull=False, occurred_at__gte=now - dt.timedelta(days=GROUP_DAYS))
    return recent.exclude(category="")


def _groups(qs, now: dt.datetime):
    return (
        _group_recent(qs, now)
        .order_by()
        .values(*GROUP_KEYS)
        .annotate(n=Count("house", distinct=True))
        .filter(n__gte=GROUP_MIN)
    )


def group_complaints(qs, now: dt.datetime, limit: int | None = None) -> tuple[list[Warning], int]:
    groups = list(_groups(qs, now).values_list(*GROUP_KEYS, "n"))
    shown = sorted(groups, key=lambda g: (-g[2], g[0], g[1]))
    if limit is not None:
        shown = shown[:limit]
    buildings = Building.objects.select_related("project").in_bulk([g[0] for g in shown])
    tickets = _by_key(
        _group_recent(qs, now)
        .filter(house__building_id__in=[g[0] for g in shown])
        .select_related(None)
        .annotate(building_id=F("house__building_id"))
        .only(*LISTED, "category")
        .order_by("-occurred_at"),
        lambda t: (t.building_id, t.category),
    )
    rows = [
        Warning(
            GROUP,
            LABELS[GROUP],
            building=buildings[building_id],
            count=n,
            detail=f"近 {GROUP_DAYS} 天 {n} 户报“{Category(category).label}”问题",
            tickets=tickets.get((building_id, category), []),
        )
        for building_id, category, n in shown
    ]
    return rows, len(groups)


def words_in(text: str) -> list[str]:
    return [w for w in SENSITIVE_WORDS if w in (text or "")]


def _sensitive(qs):
    any_word = Q()
    for word in SENSITIVE_WORDS:
        any_word |= Q(description__contains=word)
    return qs.exclude(status=Status.CLOSED).filter(any_word)


def sensitive_words(qs, limit: int | None = None) -> tuple[list[Warning], int]:
    found, total = _shown(_sensitive(qs).order_by("-id"), limit)
    rows = []
    for t in found:
        words = words_in(t.description)
        rows.append(
            Warning(
                SENSITIVE,
                LABELS[SENSITIVE],
                ticket=t,
                count=len(words),
                detail="含：" + "、".join(words),
            )
        )
    return rows, total


def grouped(warnings: list[Warning]) -> list[dict]:
    """The warnings by rule, every rule listed (with its own rows, possibly none)."""
    return [
        {"rule": code, "label": label, "rows": rows, "total": len(rows)}
        for code, label in RULES
        for rows in [[w for w in warnings if w.rule == code]]
    ]


def grouped_sections(found: dict[str, tuple[list[Warning], int]]) -> list[dict]:
    """:func:`sections` as :func:`grouped` shows them, with each rule's ``total``."""
    return [
        {"rule": code, "label": label, "rows": found[code][0], "total": found[code][1]}
        for code, label in RULES
    ]
