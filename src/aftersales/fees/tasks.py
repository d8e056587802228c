"""Background work of fees, run by the task worker."""

from __future__ import annotations

from django.tasks import task

from aftersales.fees.services import bill_all_projects


@task
def bill_current_month() -> int:
    """Bill every project with a fee standard for the current month (idempotent: a house
    already billed for the month is not billed again); returns the number of new bills."""
    return sum(run.created for run in bill_all_projects())
