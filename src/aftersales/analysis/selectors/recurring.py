"""Recurring-problem analysis (R-RPT-3): the most frequent defects and how often houses repeat.

The analysis counts **repairs** (报修, merged duplicates left out) accepted between ``start``
and ``end`` (whole days, Asia/Shanghai), in one project or in every project of the user's scope,
grouped by one dimension:

* ``category`` 类别, ``phenomenon`` 现象, ``component`` 保修部位, ``location`` 房内位置 — as
  recorded on the ticket;
* ``unit_type`` 户型 and ``building`` 楼栋 — of the ticket's house (public areas have none);
* ``contractor`` 施工单位 — the company the work was transferred to (R-DSP-8), declined
  transfers left out; a ticket transferred to two companies counts for each.

Per row: repairs, distinct houses, houses with two or more repairs of that same value
("repeat houses") and the share of all repairs. Above the rows: the repeat rate per house —
houses with two or more repairs of the same **category** ÷ houses with any repair — and the
monthly trend of the top rows.

Other domains feed the analysis with problems they record outside tickets (the handover app's
equipment usage report, R-HO-5) through :func:`register_source`; each source is listed under
the ranking as rows of ``{label, count}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from aftersales.analysis.choices import Dimension
from aftersales.core import cached, scoping
from aftersales.core.errors import field_error
from aftersales.core.permissions import require
from aftersales.core.workcalendar import tz
from aftersales.estates.models import Building, Project, WarrantyComponent
from aftersales.tickets.choices import Category, Kind
from aftersales.tickets.models import Phenomenon, Ticket

PATHS = {
    Dimension.CATEGORY: "category",
    Dimension.PHENOMENON: "phenomenon",
    Dimension.COMPONENT: "component",
    Dimension.LOCATION: "location",
    Dimension.UNIT_TYPE: "house__unit_type",
    Dimension.BUILDING: "house__building",
    Dimension.CONTRACTOR: "contractor_transfers__contractor",
}
NONE_KEY = "none"  # the key of "not recorded" in URLs
NONE_LABEL = "（未填写）"
TOP_ROWS = 30
TREND_SERIES = 5
MAX_DAYS = 3 * 366
# Dimensions whose values are record ids.
_RECORD_DIMS = (Dimension.PHENOMENON, Dimension.BUILDING, Dimension.CONTRACTOR)


@dataclass
class Analysis:
    by: str
    by_label: str
    project: Project | None
    start: dt.date
    end: dt.date
    total: int
    rows: list[dict]
    months: list[str]
    trend: list[dict]
    month_totals: list[int]
    houses_any: int
    houses_repeat: int
    repeat_rate: float | None
    more_rows: int = 0
    notes: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)


# Sources registered by other apps: key -> (label, rows(user, project_id, start, end)).
SOURCES: dict[str, tuple[object, object]] = {}


def register_source(key: str, label, rows) -> None:
    """Add (or replace) a source of problems; ``rows(user, project_id, start, end)`` returns
    ``[{"label", "count", …}]`` within the user's data scope."""
    SOURCES[key] = (label, rows)


def _sources(user, project_id, start, end) -> list[dict]:
    found = []
    for key, (label, rows) in SOURCES.items():
        listed = rows(user, project_id, start, end)
        if listed:
            found.append({"key": key, "label": label, "rows": listed})
    return found


def window(start: dt.date | None, end: dt.date | None, today: dt.date | None = None):
    """The dates asked for; by default the last twelve months up to today."""
    today = today or timezone.localdate()
    end = end or today
    if start is None:
        first = end.replace(day=1)
        start = (first - dt.timedelta(days=330)).replace(day=1)
    if end > today:
        raise field_error("end", "结束日期不能晚于今天")
    if start > end:
        raise field_error("start", "开始日期不能晚于结束日期")
    if (end - start).days > MAX_DAYS:
        raise field_error("start", "统计区间最长三年")
    return start, end


def dimension(by: str | None) -> str:
    by = by or Dimension.CATEGORY
    if by not in PATHS:
        raise field_error("by", "分析维度应为：" + "、".join(Dimension.values))
    return by


def repairs(user, project_id: int | None, start: dt.date, end: dt.date) -> QuerySet[Ticket]:
    """Repairs in the user's scope accepted within ``start``–``end`` (whole days)."""
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz())
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz())
    qs = Ticket.objects.filter(
        kind=Kind.REPAIR, merged_into__isnull=True, occurred_at__gte=since, occurred_at__lt=until
    )
    qs = scoping.visible_to(qs, user)
    if project_id:
        qs = qs.filter(project_id=project_id)
    return qs


def keyed(qs: QuerySet[Ticket], by: str) -> QuerySet[Ticket]:
    """``qs`` with the dimension's value as ``k`` (contractor: live transfers only)."""
    if by == Dimension.CONTRACTOR:
        from aftersales.costs.models import Transfer

        live = [Transfer.Status.PENDING, Transfer.Status.ACCEPTED]
        # The annotation reuses this join, so a declined transfer is no row at all.
        qs = qs.filter(contractor_transfers__status__in=live)
    if by in _RECORD_DIMS:
        return qs.annotate(k=F(PATHS[by]))
    # A text left empty and a missing house (public areas) are one "not recorded" row.
    return qs.annotate(k=Coalesce(F(PATHS[by]), Value("")))


def matching(qs: QuerySet[Ticket], by: str, value) -> QuerySet[Ticket]:
    """Rows of a keyed queryset with the value ``value`` (None: not recorded)."""
    if value is not None:
        return qs.filter(k=value)
    if by in _RECORD_DIMS:
        return qs.filter(k__isnull=True)
    return qs.filter(Q(k__isnull=True) | Q(k=""))


def _count(by: str) -> Count:
    # Only the contractor join can meet one ticket twice.
    return Count("id", distinct=by == Dimension.CONTRACTOR)


def _sql_rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _repeat_by_key(qs: QuerySet[Ticket], keys: list) -> dict:
    """For each key, the houses with two or more repairs of it."""
    if not keys:
        return {}
    present = [k for k in keys if k is not None]
    wanted = Q(k__isnull=True) if None in keys else Q(k__in=present)
    if present and None in keys:
        wanted |= Q(k__in=present)
    pairs = (
        qs.filter(wanted, house__isnull=False)
        .order_by()
        .annotate(h=F("house"))
        .values("k", "h")
        .annotate(n=Count("id", distinct=True))
        .filter(n__gte=2)
        .values("k", "h")
    )
    sql, params = pairs.query.sql_with_params()
    return dict(_sql_rows(f"SELECT sub.k, COUNT(*) FROM ({sql}) sub GROUP BY sub.k", params))


def house_repeat(qs: QuerySet[Ticket]) -> tuple[int, int]:
    """(houses with any repair, houses with ≥ 2 repairs of the same category), in one query."""
    pairs = (
        qs.filter(house__isnull=False)
        .order_by()
        .annotate(h=F("house"))
        .values("category", "h")
        .annotate(n=Count("id"))
        .values("h", "n")
    )
    sql, params = pairs.query.sql_with_params()
    row = _sql_rows(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN m >= 2 THEN 1 ELSE 0 END), 0) "
        f"FROM (SELECT sub.h, MAX(sub.n) AS m FROM ({sql}) sub GROUP BY sub.h) per_house",
        params,
    )[0]
    return int(row[0]), int(row[1])


def labels_for(by: str, keys: list) -> dict:
    """Display names of the dimension's values."""
    present = [k for k in keys if k not in (None, "")]
    names: dict = {}
    if by == Dimension.CATEGORY:
        names = dict(Category.choices)
    elif by == Dimension.PHENOMENON:
        names = {p.pk: str(p) for p in Phenomenon.objects.filter(pk__in=present)}
    elif by == Dimension.COMPONENT:
        names = dict(WarrantyComponent.objects.values_list("code", "name"))
    elif by == Dimension.BUILDING:
        found = Building.objects.select_related("project").filter(pk__in=present)
        names = {b.pk: f"{b.project.name} {b.name}栋" for b in found}
    elif by == Dimension.CONTRACTOR:
        from aftersales.costs.models import Contractor

        names = dict(Contractor.objects.filter(pk__in=present).values_list("pk", "name"))
    return {k: str(names.get(k, k)) if k not in (None, "") else NONE_LABEL for k in keys}


def url_key(key) -> str:
    return NONE_KEY if key in (None, "") else str(key)


def analyse(
    user,
    by: str | None = None,
    project_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Analysis:
    """The recurring-problem analysis (R-RPT-3) within the user's data scope, kept for a
    minute for everyone of the same scope (:func:`aftersales.core.cached.per_scope`)."""
    require(user, "reports.view")
    by = dimension(by)
    start, end = window(start, end)
    return cached.per_scope(
        user,
        "analysis.recurring",
        f"{by}:{project_id}:{start}:{end}",
        lambda: _analyse(user, by, project_id, start, end),
    )


def _analyse(user, by: str, project_id: int | None, start: dt.date, end: dt.date) -> Analysis:
    project = (
        scoping.get_visible_or_404(Project.objects.all(), user, pk=project_id)
        if project_id
        else None
    )
    base = repairs(user, project_id, start, end)
    qs = keyed(base, by)
    months = _months(start, end)
    total, month_totals = _monthly(base, months)
    grouped = list(
        qs.order_by().values("k").annotate(n=_count(by), houses=Count("house", distinct=True))
    )
    grouped.sort(key=lambda r: (-r["n"], str(r["k"] or "")))
    shown, more = grouped[:TOP_ROWS], max(0, len(grouped) - TOP_ROWS)
    keys = [r["k"] for r in shown]
    names = labels_for(by, keys)
    repeat = _repeat_by_key(qs, keys)
    rows = [
        {
            "key": url_key(r["k"]),
            "label": names[r["k"]],
            "count": r["n"],
            "houses": r["houses"],
            "repeat_houses": repeat.get(r["k"], 0),
            "share": round(r["n"] / total, 4) if total else None,
        }
        for r in shown
    ]
    series = _trend(qs, by, [k for k in keys[:TREND_SERIES] if k is not None], months)
    houses_any, houses_repeat = house_repeat(base)
    return Analysis(
        by=by,
        by_label=str(Dimension(by).label),
        project=project,
        start=start,
        end=end,
        total=total,
        rows=rows,
        months=months,
        trend=[
            {"key": url_key(k), "label": names[k], "counts": list(s.values())}
            for k, s in series.items()
        ],
        month_totals=month_totals,
        houses_any=houses_any,
        houses_repeat=houses_repeat,
        repeat_rate=round(houses_repeat / houses_any, 4) if houses_any else None,
        more_rows=more,
        sources=_sources(user, project_id, start, end),
    )


def _month_of(moment) -> str | None:
    return timezone.localtime(moment, tz()).strftime("%Y-%m") if moment else None


def _monthly(base: QuerySet[Ticket], months: list[str]) -> tuple[int, list[int]]:
    """All repairs of the window, and per month (one grouped query)."""
    per = dict.fromkeys(months, 0)
    total = 0
    rows = (
        base.annotate(m=TruncMonth("occurred_at", tzinfo=tz()))
        .order_by()
        .values("m")
        .annotate(n=Count("id"))
    )
    for row in rows:
        total += row["n"]
        month = _month_of(row["m"])
        if month in per:
            per[month] = row["n"]
    return total, list(per.values())


def _trend(qs: QuerySet[Ticket], by: str, top: list, months: list[str]) -> dict:
    """Repairs per month of each of the ``top`` values."""
    series: dict = {k: dict.fromkeys(months, 0) for k in top}
    if not top:
        return series
    rows = (
        qs.filter(k__in=top)
        .annotate(m=TruncMonth("occurred_at", tzinfo=tz()))
        .order_by()
        .values("k", "m")
        .annotate(n=_count(by))
    )
    for row in rows:
        month = _month_of(row["m"])
        if month in series.get(row["k"], {}):
            series[row["k"]][month] = row["n"]
    return series


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def row_of(
    user, by: str, key: str, project_id: int | None, start: dt.date, end: dt.date
) -> dict | None:
    """One row of the analysis (for a lesson): count, houses, repeat houses and its label."""
    qs = keyed(repairs(user, project_id, start, end), by)
    value = from_url_key(by, key)
    qs = matching(qs, by, value)
    counts = qs.aggregate(n=_count(by), houses=Count("house", distinct=True))
    if not counts["n"]:
        return None
    repeat = _repeat_by_key(keyed(repairs(user, project_id, start, end), by), [value])
    return {
        "key": url_key(value),
        "label": labels_for(by, [value])[value],
        "count": counts["n"],
        "houses": counts["houses"],
        "repeat_houses": repeat.get(value, 0),
    }


def from_url_key(by: str, key: str | None):
    """The stored value of a key typed in a URL (ids for the record dimensions)."""
    if key in (None, "", NONE_KEY):
        return None
    if by in _RECORD_DIMS:
        text = str(key)
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise field_error("key", "取值无效")
        return int(text)
    return str(key)[:100]


def tickets_of(
    user, by: str, key: str, project_id: int | None, start: dt.date, end: dt.date
) -> QuerySet[Ticket]:
    """The repairs behind one row (the drill-down)."""
    require(user, "reports.view")
    by = dimension(by)
    value = from_url_key(by, key)
    qs = matching(keyed(repairs(user, project_id, start, end), by), by, value)
    ids = qs.order_by().values("id")
    return (
        Ticket.objects.filter(pk__in=ids)
        .select_related("house", "customer", "project", "phenomenon")
        .order_by("-occurred_at", "-id")
    )
