"""投诉处理周报 screens (R-RPT-2): one office's week, printable and in Excel; roll-ups."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from aftersales.analysis import exports
from aftersales.analysis.selectors import weekly
from aftersales.analysis.views._common import date_param, run
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need
from aftersales.estates.selectors import projects_for


def _weekly(request, template: str):
    need(request, "reports.view")
    projects = list(projects_for(request.user))
    project_id = int_param(request, "project") or (projects[0].pk if projects else None)
    week = date_param(request, "week")
    context = {
        "projects": projects,
        "project_id": project_id,
        "week": week,
        "can_export": can(request.user, "reports.export"),
        "mode": "week",
    }
    if not projects:
        return None, render(request, template, context)
    report, failed = run(
        request,
        template,
        lambda: weekly.weekly_report(request.user, project_id, week),
        context,
    )
    return report, failed or context


@login_required
def weekly_view(request):
    report, answer = _weekly(request, "analysis/weekly.html")
    if report is None:
        return answer
    monday = report.period.first_day
    today = timezone.localdate()
    return render(
        request,
        "analysis/weekly.html",
        answer
        | {
            "report": report,
            "week": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7)
            if monday + dt.timedelta(days=7) <= today
            else None,
        },
    )


@login_required
def weekly_print(request):
    report, answer = _weekly(request, "analysis/weekly.html")
    if report is None:
        return answer
    return render(
        request,
        "analysis/print/weekly.html",
        {
            "report": report,
            "title": "客户服务部投诉处理周报",
            "printed_at": timezone.localtime(),
            "printed_by": request.user.display_name,
        },
    )


@login_required
@data_language()  # the file is in Chinese whatever the screen's language
def weekly_export(request):
    need(request, "reports.export")
    report, answer = _weekly(request, "analysis/weekly.html")
    if report is None:
        return answer
    exports.record_export(
        request.user, "WeeklyReport", f"{report.project.code} {report.period.label}"
    )
    data = exports.weekly_xlsx(report, request.user.display_name)
    return xlsx_response(data, dated_name(f"投诉处理周报-{report.project.code}"))


def _rollup(request, template: str):
    need(request, "reports.view")
    period = request.GET.get("period") or "quarter"
    if period not in ("quarter", "year"):
        period = "quarter"
    year = int_param(request, "year")
    quarter = int_param(request, "quarter")
    today = timezone.localdate()
    context = {
        "mode": period,
        "year": year or today.year,
        "quarter": quarter,
        "years": list(range(today.year, today.year - 6, -1)),
        "quarters": [1, 2, 3, 4],
        "can_export": can(request.user, "reports.export"),
    }
    data, failed = run(
        request,
        template,
        lambda: weekly.rollup(request.user, period, year, quarter),
        context,
    )
    if data is not None and data.period.kind == "quarter":
        context["quarter"] = (data.period.first_day.month - 1) // 3 + 1
    return data, failed or context


@login_required
def rollup_view(request):
    data, answer = _rollup(request, "analysis/rollup.html")
    if data is None:
        return answer
    return render(request, "analysis/rollup.html", answer | {"data": data})


@login_required
def rollup_print(request):
    data, answer = _rollup(request, "analysis/rollup.html")
    if data is None:
        return answer
    return render(
        request,
        "analysis/print/rollup.html",
        {
            "data": data,
            "title": "投诉处理汇总表",
            "printed_at": timezone.localtime(),
            "printed_by": request.user.display_name,
        },
    )


@login_required
@data_language()  # the file is in Chinese whatever the screen's language
def rollup_export(request):
    need(request, "reports.export")
    data, answer = _rollup(request, "analysis/rollup.html")
    if data is None:
        return answer
    exports.record_export(request.user, "ComplaintRollup", data.period.label)
    content = exports.rollup_xlsx(data, request.user.display_name)
    return xlsx_response(content, dated_name(f"投诉处理汇总-{data.period.label}"))
