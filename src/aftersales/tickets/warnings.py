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

from django.db.models import Count, Q
from django.utils import timezone

from aftersales.core.permissions import require
from aftersales.estates.models import Building, House
from aftersales.tickets import selectors
from aftersales.tickets.choices import OPEN_STATUSES, Category, DeadlineName, Status
from aftersales.tickets.models import Ticket

REPEAT_DAYS = 90
REPEAT_MIN = 3
GROUP_DAYS = 30
GROUP_MIN = 5
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


def early_warnings(user, now: dt.datetime | None = None) -> list[Warning]:
    """Every warning within ``user``'s data scope, rule by rule in the order of :data:`RULES`."""
    require(user, "tickets.warnings")
    now = now or timezone.now()
    qs = selectors.tickets_for(user)
    return [
        *repeat_reports(qs, now),
        *reopened(qs),
        *overdue(qs, now),
        *group_complaints(qs, now),
        *sensitive_words(qs),
        *(w for _label, rows, _icon in EXTRA.values() for w in rows(user, now)),
    ]


def repeat_reports(qs, now: dt.datetime) -> list[Warning]:
    recent = qs.filter(house__isnull=False, occurred_at__gte=now - dt.timedelta(days=REPEAT_DAYS))
    counts = (
        recent.order_by()
        .values("house")
        .annotate(n=Count("id"))
        .filter(n__gte=REPEAT_MIN)
        .values_list("house", "n")
    )
    counts = dict(counts)
    houses = House.objects.select_related("project", "building").in_bulk(list(counts))
    rows = []
    for house_id, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        tickets = list(recent.filter(house_id=house_id).order_by("-occurred_at"))
        rows.append(
            Warning(
                REPEAT,
                LABELS[REPEAT],
                house=houses[house_id],
                count=n,
                detail=f"近 {REPEAT_DAYS} 天报事 {n} 次",
                tickets=tickets,
            )
        )
    return rows


def reopened(qs) -> list[Warning]:
    found = qs.filter(reopen_count__gt=0, status__in=OPEN_STATUSES).order_by("-reopen_count", "id")
    return [
        Warning(
            REOPENED,
            LABELS[REOPENED],
            ticket=t,
            count=t.reopen_count,
            detail=f"重开 {t.reopen_count} 次，当前“{t.get_status_display()}”",
        )
        for t in found
    ]


def overdue(qs, now: dt.datetime) -> list[Warning]:
    rows = []
    for t in selectors.overdue(qs, now).order_by("id"):
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
    return rows


def group_complaints(qs, now: dt.datetime) -> list[Warning]:
    recent = qs.filter(house__isnull=False, occurred_at__gte=now - dt.timedelta(days=GROUP_DAYS))
    recent = recent.exclude(category="")
    groups = (
        recent.order_by()
        .values("house__building", "category")
        .annotate(n=Count("house", distinct=True))
        .filter(n__gte=GROUP_MIN)
        .values_list("house__building", "category", "n")
    )
    groups = list(groups)
    buildings = Building.objects.select_related("project").in_bulk([g[0] for g in groups])
    rows = []
    for building_id, category, n in sorted(groups, key=lambda g: (-g[2], g[0], g[1])):
        tickets = list(
            recent.filter(house__building_id=building_id, category=category).order_by(
                "-occurred_at"
            )
        )
        rows.append(
            Warning(
                GROUP,
                LABELS[GROUP],
                building=buildings[building_id],
                count=n,
                detail=f"近 {GROUP_DAYS} 天 {n} 户报“{Category(category).label}”问题",
                tickets=tickets,
            )
        )
    return rows


def words_in(text: str) -> list[str]:
    return [w for w in SENSITIVE_WORDS if w in (text or "")]


def sensitive_words(qs) -> list[Warning]:
    any_word = Q()
    for word in SENSITIVE_WORDS:
        any_word |= Q(description__contains=word)
    found = qs.exclude(status=Status.CLOSED).filter(any_word).order_by("-id")
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
    return rows


def grouped(warnings: list[Warning]) -> list[dict]:
    """The warnings by rule, every rule listed (with its own rows, possibly none)."""
    return [
        {"rule": code, "label": label, "rows": [w for w in warnings if w.rule == code]}
        for code, label in RULES
    ]
