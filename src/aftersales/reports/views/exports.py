"""My exports: start one, watch its progress bar (htmx polling), download the file (R-RPT-4)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.http import XLSX
from aftersales.core.web import need
from aftersales.reports import exports
from aftersales.reports.models import ExportJob

STATUS_COLOURS = {
    ExportJob.Status.PENDING: "secondary",
    ExportJob.Status.RUNNING: "blue",
    ExportJob.Status.DONE: "green",
    ExportJob.Status.FAILED: "red",
}


def _jobs_context(request) -> dict:
    jobs = list(exports.jobs_of(request.user)[:30])
    for job in jobs:
        job.colour = STATUS_COLOURS.get(job.status, "secondary")
        job.label = exports.label_of(job.kind)
        job.params_json = json.dumps(job.params, ensure_ascii=False)
        job.period = (
            f"{job.params.get('start', '')} 至 {job.params.get('end', '')}"
            if job.params.get("start") or job.params.get("end")
            else ""
        )
    return {"jobs": jobs, "active": any(not j.finished for j in jobs)}


@login_required
def export_list(request):
    need(request, "reports.export")
    if request.method == "POST":
        return _start(request)
    context = _jobs_context(request)
    if request.headers.get("HX-Request") == "true":
        return render(request, "reports/exports.html#jobs", context)
    return render(request, "reports/exports.html", context | {"kinds": exports.kinds(request.user)})


def _start(request):
    kind = request.POST.get("kind", "")
    try:
        params = json.loads(request.POST.get("params") or "{}")
        if not isinstance(params, dict):
            raise ValueError
    except ValueError:
        params = {}
    back = request.POST.get("next", "")
    try:
        job = exports.start_export(request.user, kind, params)
    except DomainError as exc:
        messages.error(request, exc.detail)
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("reports:exports")
    messages.success(request, f"已开始生成“{exports.label_of(job.kind)}”，完成后可在此下载。")
    return redirect("reports:exports")


@login_required
def export_download(request, pk: int):
    need(request, "reports.export")
    try:
        job = exports.download(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    response = FileResponse(job.file.open("rb"), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    return response
