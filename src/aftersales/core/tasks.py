"""Background housekeeping of the core (run by ``aftersales db_worker``)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from aftersales.core.models import IdempotencyRecord

# api.md: the same Idempotency-Key replays its first answer for 24 h; older records go.
IDEMPOTENCY_KEEP = dt.timedelta(hours=24)


def prune_idempotency(now: dt.datetime | None = None) -> int:
    """Delete idempotency records past their 24 hours; returns how many went."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEEP
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@task
def prune_idempotency_records() -> dict:
    """The periodic cleanup (see aftersales.core.schedule)."""
    return {"deleted": prune_idempotency()}
