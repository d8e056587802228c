"""The KPI dashboard (R-RPT-1, R-RPT-4) and the drill-down list behind every number."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from aftersales.core import scoping
from aftersales.core.errors import Invalid, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import need, paginate
from aftersales.estates.models import Project
from aftersales.reports import kpis
from aftersales.tickets.choices import Category
from aftersales.tickets.views.clocks import with_clocks

PART_LABELS = {"all": "全部", "numerator": "达成", "miss": "未达成"}


def _filters(request) -> tuple[kpis.Filters, str]:
    """The filters of the query string; bad input shows a message and falls back."""
    try:
        return kpis.parse_filters(request.user, request.GET), ""
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except Invalid as exc:
        messages.error(request, exc.detail)
        return kpis.parse_filters(request.user, {}), exc.detail


def drill_url(f: kpis.Filters, metric: str, part: str = "all", **extra) -> str:
    params = f.as_params() | {"metric": metric, "part": part} | extra
    return f"{reverse('reports:drill')}?{urlencode(params)}"


def _text(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if unit == "hours":
        return f"{value:,.1f}"
    if unit == "per_1000":
        return f"{value:.2f}‰"
    return f"{value:,}"


def cards(f: kpis.Filters, result: dict) -> list[dict]:
    out = []
    for m in kpis.METRICS:
        value = result[m.code]
        counts = result["counts"].get(m.code, {})
        met = None if value is None or m.goal is None else value >= m.goal
        out.append(
            {
                "code": m.code,
                "label": m.label,
                "definition": m.definition,
                "text": _text(value, m.unit),
                "suffix": "小时" if m.unit == "hours" and value is not None else "",
                "goal": _text(m.goal, "rate") if m.goal is not None else "",
                "met": met,
                "numerator": counts.get("numerator"),
                "denominator": counts.get("denominator"),
                "unit": m.unit,
                "is_goal": m.code in kpis.GOAL_CARDS,
                "url_all": drill_url(f, m.code, "all"),
                "url_num": drill_url(f, m.code, "numerator") if m.numerator else "",
                "url_miss": drill_url(f, m.code, "miss") if m.numerator else "",
            }
        )
    return out


def _chart_rows(rows: list[dict]) -> list[dict]:
    keep = ("key", "label", "tickets", *kpis.GOAL_CARDS, "complaints_per_1000_households")
    return [{k: r[k] for k in keep} for r in rows]


@login_required
def dashboard(request):
    need(request, "reports.view")
    f, _error = _filters(request)
    seen = kpis.overview(request.user, f)  # cached per scope for a minute
    result, months = seen["result"], seen["month"]
    by_category = [dict(r) for r in seen["category"]]
    by_component = [dict(r) for r in seen["component"]]
    by_building = [dict(r) for r in seen["buildings"]]
    base = f.as_params()
    for row in by_building:
        row["open_url"] = drill_url(f, "open", building=row["key"])
        row["overdue_url"] = drill_url(f, "overdue", building=row["key"])
    for row in by_category:
        row["url"] = drill_url(f, "tickets", category=row["key"])
    for row in by_component:
        row["url"] = drill_url(f, "tickets", component=row["key"])
    charts = {
        "months": _chart_rows(months),
        "categories": _chart_rows(by_category),
        "components": _chart_rows(by_component),
        "buildings": by_building,
        "drill": reverse("reports:drill"),
        "params": base,
    }
    context = {
        "f": f,
        "cards": cards(f, result),
        "result": result,
        "projects": scoping.visible_to(Project.objects.order_by("code"), request.user),
        "categories": Category.choices,
        "by_category": by_category,
        "by_component": by_component,
        "by_building": by_building,
        "charts": charts,
        "can_export": can(request.user, "reports.export"),
        "export_params_json": json.dumps(base, ensure_ascii=False),
        "overdue_url": drill_url(f, "overdue"),
        "open_url": drill_url(f, "open"),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def drill(request):
    """The tickets behind one number, with the dashboard's filters; paginated."""
    need(request, "reports.view")
    f, _error = _filters(request)
    metric = request.GET.get("metric") or "tickets"
    part = request.GET.get("part") or "all"
    try:
        qs = kpis.drill(request.user, f, metric, part)
    except Invalid as exc:
        raise Http404(exc.detail) from exc
    page_obj = paginate(request, qs)
    with_clocks(page_obj.object_list)
    m = kpis.BY_CODE.get(metric)
    if metric == "overdue":
        title = "已超时的未关闭工单"
    elif metric == "open":
        title = "未关闭工单"
    else:
        title = m.label if m else metric
    export_params = f.as_params() | {"metric": metric, "part": part}
    context = {
        "f": f,
        "metric": metric,
        "part": part,
        "title": title,
        "part_label": PART_LABELS.get(part, part) if m and m.numerator else "",
        "definition": m.definition if m else "",
        "parts": [(p, PART_LABELS[p], drill_url(f, metric, p)) for p in kpis.DRILL_PARTS]
        if m and m.numerator
        else [],
        "page_obj": page_obj,
        "can_export": can(request.user, "reports.export"),
        "export_params_json": json.dumps(export_params, ensure_ascii=False),
        "dashboard_url": f"{reverse('reports:dashboard')}?{urlencode(f.as_params())}",
    }
    return render(request, "reports/drill.html", context)
