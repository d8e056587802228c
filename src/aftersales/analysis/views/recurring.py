"""Recurring-problem analysis screen (R-RPT-3): ranking, trend chart, drill-down, Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from aftersales.analysis import exports
from aftersales.analysis.choices import Dimension
from aftersales.analysis.selectors import recurring
from aftersales.analysis.views._common import date_param, run
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate
from aftersales.estates.selectors import projects_for


def _params(request) -> dict:
    by = request.GET.get("by") or Dimension.CATEGORY
    return {
        "by": by if by in Dimension.values else Dimension.CATEGORY,
        "project_id": int_param(request, "project"),
        "start": date_param(request, "start"),
        "end": date_param(request, "end"),
    }


def _analysis(request):
    need(request, "reports.view")
    params = _params(request)
    context = {
        "projects": projects_for(request.user),
        "dimensions": Dimension.choices,
        "can_export": can(request.user, "reports.export"),
        "can_lessons": can(request.user, "analysis.lessons"),
        **params,
    }
    data, failed = run(
        request,
        "analysis/recurring.html",
        lambda: recurring.analyse(
            request.user, params["by"], params["project_id"], params["start"], params["end"]
        ),
        context,
    )
    return data, failed or context


@login_required
def recurring_view(request):
    data, answer = _analysis(request)
    if data is None:
        return answer
    chart = {
        "by": data.by_label,
        "bars": [{"label": r["label"], "count": r["count"]} for r in data.rows[:15]],
        "months": data.months,
        "totals": data.month_totals,
        "series": [{"label": s["label"], "counts": s["counts"]} for s in data.trend],
    }
    answer["start"], answer["end"] = data.start, data.end
    return render(request, "analysis/recurring.html", answer | {"data": data, "chart": chart})


@login_required
@data_language()  # the file is in Chinese whatever the screen's language
def recurring_export(request):
    need(request, "reports.export")
    data, answer = _analysis(request)
    if data is None:
        return answer
    exports.record_export(request.user, "RecurringAnalysis", f"{data.by} {data.start}–{data.end}")
    content = exports.recurring_xlsx(data, request.user.display_name)
    return xlsx_response(content, dated_name(f"重复问题分析-{data.by_label}"))


@login_required
def recurring_tickets(request):
    """The repairs behind one row of the analysis."""
    need(request, "reports.view")
    params = _params(request)
    key = request.GET.get("key") or recurring.NONE_KEY
    context = {**params, "key": key, "by_label": Dimension(params["by"]).label}
    result, failed = run(
        request,
        "analysis/recurring_tickets.html",
        lambda: _drill(request, params, key),
        context,
    )
    if result is None:
        return failed
    tickets, start, end, label = result
    return render(
        request,
        "analysis/recurring_tickets.html",
        context
        | {
            "page_obj": paginate(request, tickets),
            "start": start,
            "end": end,
            "label": label,
            "today": timezone.localdate(),
        },
    )


def _drill(request, params: dict, key: str):
    start, end = recurring.window(params["start"], params["end"])
    tickets = recurring.tickets_of(
        request.user, params["by"], key, params["project_id"], start, end
    )
    value = recurring.from_url_key(params["by"], key)
    label = recurring.labels_for(params["by"], [value])[value]
    return tickets, start, end, label
