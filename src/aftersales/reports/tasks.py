"""Background work of the reports domain, run by the task worker (``aftersales db_worker``)."""

from __future__ import annotations

from django.tasks import task

from aftersales.reports.models import ExportJob


@task
def run_export_job(job_id: int) -> str:
    """Write one export's workbook (R-RPT-4); returns its status."""
    from aftersales.reports.exports import run_export

    job = ExportJob.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None:
        return "missing"
    return run_export(job).status


@task
def rebuild_stale_facts() -> int:
    """The periodic job ``report_fact_rebuild``: facts whose projection failed (see facts)."""
    from aftersales.reports.facts import rebuild_marked

    return rebuild_marked()
