"""Background tasks of the handover app (run by ``aftersales db_worker``)."""

from django.tasks import task

from aftersales.handover.services import inspections


@task
def book_reinspections() -> dict:
    """Ask the owners whose defects are all repaired to book the re-inspection."""
    return {"told": inspections.book_reinspections()}
