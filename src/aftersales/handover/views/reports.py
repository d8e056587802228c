"""The equipment usage report (产品使用情况表): list, filing form, one report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.core.web import need, paginate, show_error
from aftersales.estates.selectors import projects_for
from aftersales.handover import selectors
from aftersales.handover.forms import ReportForm
from aftersales.handover.services import usage
from aftersales.handover.views._common import or_404


def parse_lines(text: str) -> list[dict]:
    """``设备, 次数, 说明`` per line (Chinese or ASCII commas)."""
    rows = []
    for raw in text.splitlines():
        parts = [p.strip() for p in raw.replace("，", ",").split(",", 2)]
        if not parts[0]:
            continue
        count = parts[1] if len(parts) > 1 else "0"
        rows.append(
            {
                "equipment": parts[0],
                "problems": int(count) if count.isdigit() else 0,
                "note": parts[2] if len(parts) > 2 else "",
            }
        )
    return rows


@login_required
def report_list(request):
    need(request, "handover.view")
    projects = projects_for(request.user)
    form = ReportForm(request.POST or None, projects=projects)
    if request.method == "POST":
        need(request, "handover.report")
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = usage.file_report(
                    request.user,
                    project=data["project"],
                    lines=parse_lines(data["lines"]),
                    summary=data["summary"],
                )
            except DomainError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("产品使用情况表已提交，并通知工程材料部"))
                return redirect("handover:report", pk=report.pk)
    return render(
        request,
        "handover/reports.html",
        {
            "page": paginate(request, selectors.reports_for(request.user)),
            "form": form,
            "can_report": can(request.user, "handover.report"),
        },
    )


@login_required
def report(request, pk: int):
    need(request, "handover.view")
    found = or_404(selectors.get_report, request.user, pk)
    return render(
        request, "handover/report.html", {"report": found, "lines": list(found.lines.all())}
    )
