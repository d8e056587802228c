"""Roster import (花名册导入, R-EST-3): upload, dry run, progress, row-level report, apply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from aftersales.core.errors import DomainError
from aftersales.estates import importer, selectors
from aftersales.estates.forms import ImportForm, show_error
from aftersales.estates.models import ImportJob
from aftersales.estates.views._common import (
    as_id,
    need,
    visible_or_404,
    xlsx_response,
)

RECENT_JOBS = 20
ERROR_ROWS_SHOWN = 500
SUMMARY_LABELS = {
    "projects_created": pgettext_lazy("import summary", "新增项目"),
    "buildings_created": pgettext_lazy("import summary", "新增楼栋"),
    "houses_created": pgettext_lazy("import summary", "新增房屋"),
    "houses_updated": pgettext_lazy("import summary", "更新房屋"),
    "customers_created": pgettext_lazy("import summary", "新增客户"),
    "customers_updated": pgettext_lazy("import summary", "更新客户"),
    "links_created": pgettext_lazy("import summary", "新增客户房屋关系"),
}
ACTIVE = (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
STATUS_COLOURS = {
    ImportJob.Status.PENDING: "secondary",
    ImportJob.Status.RUNNING: "blue",
    ImportJob.Status.VALID: "green",
    ImportJob.Status.INVALID: "red",
    ImportJob.Status.APPLIED: "green",
    ImportJob.Status.FAILED: "red",
}


def _jobs(request):
    return selectors.import_jobs_for(request.user)


@login_required
def import_page(request):
    need(request, "estates.import")
    if request.method == "POST" and "job" in request.POST:
        return _apply(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importer.start_import(
                request.user, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            return redirect("estates:import_detail", pk=job.pk)
    jobs = list(_jobs(request)[:RECENT_JOBS])
    for job in jobs:
        job.colour = STATUS_COLOURS.get(job.status, "secondary")
    return render(request, "estates/import.html", {"form": form, "jobs": jobs})


def _apply(request):
    """Apply a valid dry run: the same stored file, imported for real as a new job."""
    job = visible_or_404(_jobs(request), request, pk=as_id(request.POST.get("job")) or 0)
    try:
        new_job = importer.apply_job(request.user, job)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("estates:import_detail", pk=job.pk)
    return redirect("estates:import_detail", pk=new_job.pk)


def _job_context(request, job: ImportJob) -> dict:
    summary = job.summary if isinstance(job.summary, dict) else {}
    errors = job.errors if isinstance(job.errors, list) else []
    return {
        "job": job,
        "active": job.status in ACTIVE,
        "status_colour": STATUS_COLOURS.get(job.status, "secondary"),
        "summary_items": [
            (label, summary[key]) for key, label in SUMMARY_LABELS.items() if key in summary
        ],
        "errors": errors[:ERROR_ROWS_SHOWN],
        "error_total": len(errors),
        "can_apply": job.dry_run and job.status == ImportJob.Status.VALID,
    }


@login_required
@require_GET
def import_detail(request, pk: int):
    need(request, "estates.import")
    job = visible_or_404(_jobs(request), request, pk=pk)
    return render(request, "estates/import_detail.html", _job_context(request, job))


@login_required
@require_GET
def import_progress(request, pk: int):
    """The progress card alone, polled by the detail page while the job is queued or running."""
    need(request, "estates.import")
    job = visible_or_404(_jobs(request), request, pk=pk)
    return render(request, "estates/import_detail.html#progress", _job_context(request, job))


@login_required
@require_GET
def import_template(request):
    need(request, "estates.import")
    data = importer.roster_template_bytes()
    return xlsx_response(data, "花名册导入模板.xlsx")
