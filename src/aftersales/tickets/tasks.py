"""Background tasks of the ticket domain (run by ``aftersales db_worker``)."""

from django.tasks import task

from aftersales.tickets import monitor


@task
def sweep_deadlines() -> dict:
    """The periodic deadline sweep (see aftersales.core.schedule)."""
    result = monitor.sweep()
    return {"at_risk": result.at_risk, "breached": result.breached}
