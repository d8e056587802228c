"""Background work of the estates domain, run by the task worker (``aftersales db_worker``)."""

from __future__ import annotations

from django.tasks import task

from aftersales.estates.importer import run_import
from aftersales.estates.models import ImportJob


@task
def run_import_job(job_id: int) -> str:
    """Validate and (unless a dry run) apply one uploaded roster (R-EST-3); returns its status."""
    job = ImportJob.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None:
        return "missing"
    return run_import(job).status
