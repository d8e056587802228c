"""The KPIs of R-RPT-1: one function for any period and any cut, with the counts behind each.

Every number the dashboard, the API and the Excel export show comes from :func:`compute` (or
:func:`breakdown`, the same measures grouped), so they always agree. The definitions below are
fixed; their Chinese text is shown next to every number. A period is ``[start, end]`` in whole
days of Asia/Shanghai; it selects tickets by their registration time unless a definition says
otherwise. Rates are fractions 0–1 (None when nothing is counted).

The numbers are read from :class:`~aftersales.reports.models.TicketFact` (one row per ticket,
see :mod:`aftersales.reports.facts`) and from the callbacks themselves (satisfaction counts
callbacks, not tickets). Merged duplicates (合并的重复报事) are left out: the report they
duplicate is counted once, on the ticket it was merged into.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.core import cached, scoping
from aftersales.core.errors import NotFound, field_error
from aftersales.estates.models import Building, House, Project, WarrantyComponent
from aftersales.reports.models import CallbackFact, TicketFact
from aftersales.tickets.choices import Category, Kind, Status
from aftersales.tickets.models import Ticket

SH = ZoneInfo("Asia/Shanghai")
DAY = 86400
MAX_DAYS = 3700

# --- the measures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=SH)

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=SH)

    def months(self) -> list[dt.date]:
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return out


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    definition: str
    source: str  # registered | signed_off | closed | callbacks
    unit: str = "rate"  # rate | per_1000 | hours | count
    goal: float | None = None
    numerator: Callable[[Period], Q] | None = None
    denominator: Callable[[Period], Q] | None = None


def _q(**kw) -> Callable[[Period], Q]:
    return lambda p: Q(**kw)


METRICS: tuple[Metric, ...] = (
    Metric(
        "tickets",
        "报事总量",
        "期间内登记的工单数（按登记时间）。",
        "registered",
        unit="count",
    ),
    Metric(
        "satisfaction_rate",
        "满意率",
        "期间内回访结果为满意的回访次数 ÷ 期间内的回访次数（按回访时间）。",
        "callbacks",
        goal=0.85,
        numerator=_q(satisfied=True),
    ),
    Metric(
        "resolution_rate",
        "解决率",
        "期间内登记且在期末前关闭的工单数 ÷ 期间内登记的工单数。",
        "registered",
        goal=0.90,
        numerator=lambda p: Q(closed_at__lt=p.end_at),
    ),
    Metric(
        "response_rate_24h",
        "24小时响应率",
        "登记后 24 小时内得到首次响应的工单数 ÷ 期间内登记的工单数。首次响应：报修为派工，"
        "投诉为答复客户（或处理完成），咨询、建议、表扬为答复客户。",
        "registered",
        goal=0.95,
        numerator=_q(response_seconds__lte=DAY),
    ),
    Metric(
        "callback_rate",
        "回访率",
        "期间内客户签认的报修中签认后至少回访一次的数量 ÷ 期间内客户签认的报修数（按签认时间）。",
        "signed_off",
        goal=1.0,
        numerator=_q(called_back=True),
    ),
    Metric(
        "on_time_completion_rate",
        "按时完工率",
        "期间内客户签认的报修中完工时限达成的数量 ÷ 期间内客户签认的报修数（按签认时间；"
        "恰在截止时刻完成算达成）。",
        "signed_off",
        numerator=_q(completion_on_time=True),
    ),
    Metric(
        "first_time_fix_rate",
        "一次修复率",
        "期间内关闭的报修中从未重新处理（回访不满意重开）的数量 ÷ 期间内关闭的报修数（按关闭时间）。",
        "closed",
        numerator=_q(reopen_count=0),
    ),
    Metric(
        "quality_pass_rate",
        "维修质量合格率",
        "期间内登记的报修中首次竣工检查即通过的数量 ÷ 期间内登记且做过竣工检查的报修数。",
        "registered",
        numerator=_q(first_check_passed=True),
        denominator=_q(kind=Kind.REPAIR, first_check_passed__isnull=False),
    ),
    Metric(
        "complaints_per_1000_households",
        "千户投诉率",
        "期间内登记的投诉数 ÷ 截至期末已交付的房屋数 × 1000。",
        "registered",
        unit="per_1000",
        numerator=_q(kind=Kind.COMPLAINT),
    ),
    Metric(
        "handling_hours_mean",
        "平均处理时长",
        "期间内登记且在期末前关闭的工单，从登记到关闭的平均用时（小时）。",
        "registered",
        unit="hours",
    ),
    Metric(
        "handling_hours_p90",
        "处理时长 P90",
        "期间内登记且在期末前关闭的工单，从登记到关闭用时的第 90 百分位（小时，最近秩法）。",
        "registered",
        unit="hours",
    ),
)
BY_CODE = {m.code: m for m in METRICS}
GOAL_CARDS = ("satisfaction_rate", "resolution_rate", "response_rate_24h", "callback_rate")

# --- filters ------------------------------------------------------------------------------------

CUTS = ("project", "building", "category", "component", "team", "technician", "contractor")
GROUPS = ("project", "building", "category", "component", "technician", "month")


@dataclass(frozen=True)
class Filters:
    period: Period
    project: int | None = None
    building: int | None = None
    category: str = ""
    component: str = ""
    team: int | None = None
    technician: int | None = None
    contractor: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def cut(self) -> dict:
        return {k: getattr(self, k) for k in CUTS if getattr(self, k) not in (None, "")}

    def as_params(self) -> dict:
        """The query string that reproduces these filters (links, exports)."""
        return {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()} | {
            k: str(v) for k, v in self.cut().items()
        }


def default_period(today: dt.date | None = None) -> Period:
    """The last twelve months up to today, from the first of a month."""
    today = today or timezone.localdate()
    month = today.month - 11
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return Period(dt.date(year, month, 1), today)


def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise field_error(name, "日期格式应为 YYYY-MM-DD", code="invalid_date") from exc


def _id(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise field_error(name, "应为记录编号（整数）")
    return int(text)


def parse_filters(user, params: Mapping) -> Filters:
    """Period and cut from a query string (web and API), checked against the user's scope.

    Bad dates → :class:`Invalid` (422); a project, building, technician, team or contractor that
    does not exist or is outside the scope → :class:`NotFound` (404).
    """
    get = params.get
    start, end = _date(get("start"), "start"), _date(get("end"), "end")
    default = default_period()
    if end is None:
        end = default.end if start is None else max(start, default.end)
    if start is None:
        start = default_period(end).start
    if start > end:
        raise field_error("end", "结束日期不能早于开始日期", code="invalid_period")
    if (end - start).days > MAX_DAYS:
        raise field_error("start", "统计期间最长 10 年", code="invalid_period")
    f = Filters(
        period=Period(start, end),
        project=_id(get("project"), "project"),
        building=_id(get("building"), "building"),
        category=str(get("category") or "").strip(),
        component=str(get("component") or "").strip(),
        team=_id(get("team"), "team"),
        technician=_id(get("technician"), "technician"),
        contractor=_id(get("contractor"), "contractor"),
    )
    if f.category and f.category not in Category.values:
        raise field_error("category", f"未知的类别“{f.category}”")
    if f.component and not WarrantyComponent.objects.filter(code=f.component).exists():
        raise field_error("component", f"未知的保修部位“{f.component}”", code="unknown_component")
    if f.project and not scoping.visible_to(Project.objects.filter(pk=f.project), user).exists():
        raise NotFound("项目不存在或不在您的数据范围内")
    if f.building and not scoping.visible_to(Building.objects.filter(pk=f.building), user).exists():
        raise NotFound("楼栋不存在或不在您的数据范围内")
    if f.technician and not User.objects.filter(pk=f.technician).exists():
        raise NotFound("处理人不存在")
    if f.team:
        from aftersales.accounts.models import Department

        if not Department.objects.filter(pk=f.team).exists():
            raise NotFound("班组（部门）不存在")
    if f.contractor:
        contractor = apps.get_model("costs", "Contractor")
        if not contractor.objects.filter(pk=f.contractor).exists():
            raise NotFound("施工单位不存在")
    return f


# --- querysets ----------------------------------------------------------------------------------


def _transfer_model():
    try:
        return apps.get_model("costs", "Transfer")
    except LookupError:
        return None


def facts(user, f: Filters) -> QuerySet[TicketFact]:
    """The fact rows within the user's scope and the filters' cut (every period)."""
    return _cut(scoping.visible_to(TicketFact.objects.all(), user), f)


def _cut(qs: QuerySet, f: Filters) -> QuerySet:
    """The filters' cut on ticket or callback facts (both carry the same columns)."""
    qs = qs.filter(merged=False)
    if f.project:
        qs = qs.filter(project_id=f.project)
    if f.building:
        qs = qs.filter(building_id=f.building)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.component:
        qs = qs.filter(component=f.component)
    if f.technician:
        qs = qs.filter(assignee_id=f.technician)
    if f.team:
        qs = qs.filter(assignee__department_id=f.team)
    if f.contractor:
        transfer = _transfer_model()
        if transfer is None:
            raise field_error("contractor", "施工单位维度尚不可用（转施工单位记录未启用）")
        qs = qs.filter(
            ticket_id__in=transfer.objects.filter(contractor_id=f.contractor).values("ticket_id")
        )
    return qs


def callbacks(user, f: Filters) -> QuerySet[CallbackFact]:
    """The callbacks of the period within the scope and the cut."""
    qs = scoping.visible_to(CallbackFact.objects.all(), user)
    return _cut(qs, f).filter(occurred_at__gte=f.period.start_at, occurred_at__lt=f.period.end_at)


def source(user, f: Filters, name: str) -> QuerySet:
    p = f.period
    if name == "callbacks":
        return callbacks(user, f)
    qs = facts(user, f)
    if name == "registered":
        return qs.filter(registered_at__gte=p.start_at, registered_at__lt=p.end_at)
    if name == "signed_off":
        return qs.filter(
            kind=Kind.REPAIR, signed_off_at__gte=p.start_at, signed_off_at__lt=p.end_at
        )
    if name == "closed":
        return qs.filter(kind=Kind.REPAIR, closed_at__gte=p.start_at, closed_at__lt=p.end_at)
    raise ValueError(name)


def households(user, f: Filters, on: dt.date | None = None) -> QuerySet[House]:
    """Houses delivered by ``on`` (the period's end) in the cut's projects/buildings."""
    qs = scoping.visible_to(House.objects.all(), user).filter(delivered_on__lte=on or f.period.end)
    if f.project:
        qs = qs.filter(project_id=f.project)
    if f.building:
        qs = qs.filter(building_id=f.building)
    return qs


# --- computing ----------------------------------------------------------------------------------


class _P90(Aggregate):
    """Nearest-rank 90th percentile (PostgreSQL)."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(0.9) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = IntegerField()


def _group_expr(group: str | None, name: str):
    """How a source's rows are keyed for a breakdown."""
    if group is None:
        return None
    if group == "month":
        moment = {
            "registered": "registered_at",
            "signed_off": "signed_off_at",
            "closed": "closed_at",
            "callbacks": "occurred_at",
        }[name]
        return TruncMonth(moment, tzinfo=SH)
    column = {
        "project": "project_id",
        "building": "building_id",
        "category": "category",
        "component": "component",
        "technician": "assignee_id",
    }[group]
    return F(column)


def _key(group: str | None, value):
    if group == "month" and value is not None:
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value, SH) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m")
    return value


def _aggregate(qs: QuerySet, aggs: dict, group: str | None, name: str) -> dict:
    """``{key: {alias: value}}``; the key is None without a group."""
    expr = _group_expr(group, name)
    if expr is None:
        return {None: qs.aggregate(**aggs)}
    rows = qs.order_by().annotate(_k=expr).values("_k").annotate(**aggs)
    return {_key(group, r.pop("_k")): r for r in rows}


def _p90(qs: QuerySet, group: str | None) -> dict:
    """``{key: seconds}``: nearest-rank p90 of ``handling_seconds``."""
    qs = qs.filter(handling_seconds__isnull=False).order_by()
    expr = _group_expr(group, "registered")
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # The ordered-set aggregate sorts the handled tickets of the period (a third of a
            # million at 1 M tickets): in memory, not in temporary files on disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            if expr is None:
                return {None: qs.aggregate(v=_P90("handling_seconds"))["v"]}
            rows = qs.annotate(_k=expr).values("_k").annotate(v=_P90("handling_seconds"))
            return {_key(group, r["_k"]): r["v"] for r in rows}
    values: dict = {}
    if expr is None:
        values[None] = list(qs.values_list("handling_seconds", flat=True))
    else:
        for k, v in qs.annotate(_k=expr).values_list("_k", "handling_seconds"):
            values.setdefault(_key(group, k), []).append(v)
    out = {}
    for k, seq in values.items():
        seq.sort()
        rank = -(-9 * len(seq) // 10)  # ceil(0.9 n)
        out[k] = seq[rank - 1] if seq else None
    return out


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


# The column each source counts: its own moment, never null in the source, and part of the
# source's covering index (counting the key would force a visit of the table).
COUNTED = {
    "registered": "registered_at",
    "signed_off": "signed_off_at",
    "closed": "closed_at",
    "callbacks": "occurred_at",
}


def _plans(p: Period) -> dict[str, dict]:
    """The aggregates of each source (its rows are already the source's, see :func:`source`)."""
    plans: dict[str, dict] = {name: {} for name in COUNTED}
    for m in METRICS:
        aggs, column = plans[m.source], COUNTED[m.source]
        aggs.setdefault(f"{m.source}__all", Count(column))
        if m.numerator:
            aggs[f"{m.code}__num"] = Count(column, filter=m.numerator(p))
        if m.denominator:
            aggs[f"{m.code}__den"] = Count(column, filter=m.denominator(p))
    handled = Q(closed_at__lt=p.end_at)
    plans["registered"]["handling__n"] = Count("registered_at", filter=handled)
    # Sum and count rather than an average: they add up across groups (see :func:`overview`).
    plans["registered"]["handling__sum"] = Sum("handling_seconds", filter=handled)
    plans["registered"]["handling__cnt"] = Count("handling_seconds", filter=handled)
    return plans


def _collect(user, f: Filters, group: str | None) -> dict:
    """Every count behind every measure: ``{key: {name: value}}``.

    One query per source (registered / signed off / closed in the period, callbacks), each an
    index-only range scan on PostgreSQL (see the covering indexes of the fact models), plus
    one for the households.
    """
    p = f.period
    plans = _plans(p)
    out: dict = {}

    def merge(rows: dict) -> None:
        for key, values in rows.items():
            out.setdefault(key, {}).update(values)

    for name in ("registered", "signed_off", "closed"):
        merge(_aggregate(source(user, f, name), plans[name], group, name))
    merge(_aggregate(source(user, f, "callbacks"), plans["callbacks"], group, "callbacks"))
    # Apart: an ordered-set aggregate would keep the counts above from running in parallel.
    handled = source(user, f, "registered").filter(closed_at__lt=p.end_at)
    for key, value in _p90(handled, group).items():
        out.setdefault(key, {})["handling__p90"] = value
    for key, value in _households(user, f, group).items():
        out.setdefault(key, {})["households"] = value
    return out


def _households(user, f: Filters, group: str | None) -> dict:
    if group in ("project", "building"):
        column = f"{group}_id"
        rows = households(user, f).values(column).annotate(n=Count("pk")).order_by()
        return {r[column]: r["n"] for r in rows}
    if group == "month":
        # One query: houses delivered by the period's end, counted per delivery month, then
        # summed up to the end of each month of the period.
        per_month = (
            households(user, f)
            .annotate(_m=TruncMonth("delivered_on"))
            .values("_m")
            .annotate(n=Count("pk"))
            .order_by()
        )
        delivered = sorted((r["_m"], r["n"]) for r in per_month)
        out, running, i = {}, 0, 0
        for month in f.period.months():
            while i < len(delivered) and delivered[i][0] <= month:
                running += delivered[i][1]
                i += 1
            out[month.strftime("%Y-%m")] = running
        return out
    total = households(user, f).count()
    if group is None:
        return {None: total}
    return {"*": total}  # the same households for every category/component/technician


def _assemble(c: Mapping, households_default: int | None = None) -> dict:
    """The answer for one key, from its counts."""

    def n(alias: str) -> int:
        return int(c.get(alias) or 0)

    values: dict = {}
    counts: dict = {}
    for m in METRICS:
        total = n(f"{m.source}__all")
        if m.code == "tickets":
            values[m.code] = total
            continue
        if m.code == "complaints_per_1000_households":
            homes = c.get("households", households_default) or 0
            num = n(f"{m.code}__num")
            values[m.code] = round(num * 1000 / homes, 2) if homes else None
            counts[m.code] = {"numerator": num, "denominator": homes}
            continue
        if m.code == "handling_hours_mean":
            cnt = n("handling__cnt")
            avg = float(c.get("handling__sum") or 0) / cnt if cnt else None
            values[m.code] = round(avg / 3600, 2) if avg is not None else None
            counts[m.code] = {"numerator": None, "denominator": n("handling__n")}
            continue
        if m.code == "handling_hours_p90":
            p90 = c.get("handling__p90")
            values[m.code] = round(p90 / 3600, 2) if p90 is not None else None
            counts[m.code] = {"numerator": None, "denominator": n("handling__n")}
            continue
        den = n(f"{m.code}__den") if m.denominator else total
        num = n(f"{m.code}__num")
        values[m.code] = _ratio(num, den)
        counts[m.code] = {"numerator": num, "denominator": den}
    values["counts"] = counts
    return values


def _cache_key(f: Filters) -> str:
    """The filters as a cache key (:func:`aftersales.core.cached.per_scope`)."""
    return "&".join(f"{k}={v}" for k, v in sorted(f.as_params().items()))


def compute(user, f: Filters) -> dict:
    """The KPIs of the period and cut, with the counts behind each (R-RPT-1). Kept for a
    minute per data scope and filters, as the dashboard is (:func:`overview`)."""
    return cached.per_scope(user, "kpis.compute", _cache_key(f), lambda: _compute(user, f))


def _compute(user, f: Filters) -> dict:
    collected = _collect(user, f, None).get(None, {})
    return {
        "start": f.period.start.isoformat(),
        "end": f.period.end.isoformat(),
        "filters": f.cut(),
    } | _assemble(collected)


def breakdown(user, f: Filters, by: str) -> list[dict]:
    """The same measures per project, building, category, component, technician or month.
    Kept for a minute per data scope, filters and grouping, as the dashboard is."""
    if by not in GROUPS:
        raise field_error("by", f"分组应为：{'、'.join(GROUPS)}", code="invalid_group")
    return cached.per_scope(
        user, "kpis.breakdown", f"{by}:{_cache_key(f)}", lambda: _breakdown(user, f, by)
    )


def _breakdown(user, f: Filters, by: str) -> list[dict]:
    collected = _collect(user, f, by)
    shared = collected.pop("*", {}).get("households")
    return _rows(f, by, collected, shared)


# --- the dashboard ---------------------------------------------------------------------------------

OVERVIEW_GROUPS = ("month", "category", "component")


def overview(user, f: Filters) -> dict:
    """What the dashboard shows from the facts: the KPIs of the period (as :func:`compute`),
    the same measures per month, category and component (as :func:`breakdown`, without the
    per-group P90) and the open work per building (:func:`open_by_building`), under
    ``result``, ``month``, ``category``, ``component`` and ``buildings``.

    One grouped query per source (by month × category × component, summed here into the four
    views: every measure but the P90 is a count or a sum), one for the P90 of the period, one
    for the households, two for the buildings. Kept for a minute in the configured cache per
    data scope and filters (:func:`aftersales.core.cached.per_scope`).
    """
    return cached.per_scope(user, "kpis.overview", _cache_key(f), lambda: _overview(user, f))


def _overview(user, f: Filters) -> dict:
    plans = _plans(f.period)
    fine: dict[tuple, dict] = {}
    for name in COUNTED:
        rows = (
            source(user, f, name)
            .order_by()
            .annotate(_m=_group_expr("month", name), _c=F("category"), _p=F("component"))
            .values("_m", "_c", "_p")
            .annotate(**plans[name])
        )
        for r in rows:
            cell = fine.setdefault((_key("month", r.pop("_m")), r.pop("_c"), r.pop("_p")), {})
            for alias, value in r.items():
                cell[alias] = (cell.get(alias) or 0) + (value or 0)
    views: dict = {None: {None: {}}} | {g: {} for g in OVERVIEW_GROUPS}
    for (month, category, component), cell in fine.items():
        for group, k in ((None, None), ("month", month), ("category", category)):
            _add(views[group].setdefault(k, {}), cell)
        _add(views["component"].setdefault(component, {}), cell)
    handled = source(user, f, "registered").filter(closed_at__lt=f.period.end_at)
    views[None][None]["handling__p90"] = _p90(handled, None)[None]
    homes = _households(user, f, "month")
    total = views[None][None]
    total["households"] = homes.get(f.period.end.replace(day=1).strftime("%Y-%m"), 0)
    out = {
        "result": {"start": f.period.start.isoformat(), "end": f.period.end.isoformat()}
        | {"filters": f.cut()}
        | _assemble(total)
    }
    for group in OVERVIEW_GROUPS:
        collected = views[group]
        if group == "month":
            for month, n in homes.items():
                collected.setdefault(month, {})["households"] = n
        out[group] = _rows(f, group, collected, shared=total["households"])
    out["buildings"] = open_by_building(user, f)
    return out


def _add(into: dict, cell: dict) -> None:
    for alias, value in cell.items():
        into[alias] = into.get(alias, 0) + value


def _rows(f: Filters, by: str, collected: dict, shared: int | None) -> list[dict]:
    """Breakdown rows from the counts per key (the order and labels of :func:`breakdown`)."""
    labels = _labels(by, [k for k in collected if k is not None])
    if by == "month":
        keys = [m.strftime("%Y-%m") for m in f.period.months()]
    else:
        keys = sorted(
            (k for k in collected if k is not None and collected[k].get("registered__all")),
            key=lambda k: (-(collected[k].get("registered__all") or 0), str(labels.get(k, k))),
        )
    return [
        {"key": key, "label": labels.get(key, str(key))} | _assemble(collected.get(key, {}), shared)
        for key in keys
    ]


def _labels(by: str, keys: list) -> dict:
    if by == "project":
        return dict(Project.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "building":
        return {
            b.pk: f"{b.project.name} {b.name}栋"
            for b in Building.objects.filter(pk__in=keys).select_related("project")
        }
    if by == "category":
        return {k: str(dict(Category.choices).get(k, k or "未分类")) for k in keys}
    if by == "component":
        names = dict(WarrantyComponent.objects.values_list("code", "name"))
        return {k: names.get(k, k or "未指定") for k in keys}
    if by == "technician":
        return {u.pk: u.display_name for u in User.objects.filter(pk__in=keys)}
    return {k: k for k in keys}


def definitions() -> list[dict]:
    return [asdict(m) | {"numerator": None, "denominator": None} for m in METRICS]


# --- drill-down -----------------------------------------------------------------------------------

DRILL_PARTS = ("all", "numerator", "miss")


def drill(user, f: Filters, metric: str, part: str = "all") -> QuerySet[Ticket]:
    """The tickets behind a number: the denominator (``all``), the numerator, or the ones that
    missed (denominator minus numerator). ``open`` and ``overdue`` list open / overdue work."""
    from aftersales.tickets import selectors

    if part not in DRILL_PARTS:
        raise field_error("part", "part 应为 all、numerator 或 miss")
    tickets = selectors.tickets_for(user)
    if metric in ("open", "overdue"):
        # EXISTS on the ticket's fact (unique per ticket) rather than "id IN (every open
        # fact)": the page walks the open tickets newest first and stops at its 25.
        base = facts(user, f).filter(closed_at__isnull=True, ticket_id=OuterRef("pk"))
        qs = tickets.filter(Exists(base))
        if metric == "overdue":
            return selectors.overdue(qs).order_by("-id")
        return qs.exclude(status=Status.CLOSED).order_by("-id")
    m = BY_CODE.get(metric)
    if m is None:
        raise field_error("metric", f"未知的指标“{metric}”", code="unknown_metric")
    rows = source(user, f, m.source)
    if m.code.startswith("handling"):
        rows = rows.filter(closed_at__lt=f.period.end_at)
    if m.denominator:
        rows = rows.filter(m.denominator(f.period))
    if m.numerator and part != "all":
        condition = m.numerator(f.period)
        rows = rows.filter(condition) if part == "numerator" else rows.exclude(condition)
    column = "ticket_id"
    return tickets.filter(pk__in=rows.values(column)).order_by("-id")


def open_by_building(user, f: Filters, limit: int = 30) -> list[dict]:
    """Open and overdue work per building (the dashboard's map), busiest first."""
    from aftersales.tickets import selectors

    base = facts(user, f).filter(closed_at__isnull=True)
    open_rows = dict(
        base.exclude(building_id=None)
        .values("building_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("building_id", "n")
    )
    # The overdue ones by the one definition (selectors.overdue), walking the open tickets
    # with EXISTS on their fact, grouped by the fact's building.
    open_fact = base.filter(ticket_id=OuterRef("pk"))
    overdue_rows = dict(
        selectors.overdue(Ticket.objects.filter(Exists(open_fact)))
        .annotate(_b=Subquery(open_fact.values("building_id")[:1]))
        .exclude(_b=None)
        .order_by()
        .values("_b")
        .annotate(n=Count("pk"))
        .values_list("_b", "n")
    )
    keys = sorted(open_rows, key=lambda k: (-overdue_rows.get(k, 0), -open_rows[k]))[:limit]
    labels = _labels("building", keys)
    return [
        {
            "key": k,
            "label": labels.get(k, str(k)),
            "open": open_rows[k],
            "overdue": overdue_rows.get(k, 0),
        }
        for k in keys
    ]
