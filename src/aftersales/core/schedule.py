"""Periodic jobs, declared in one table: name, interval, task.

``aftersales scheduler`` enqueues each job when its interval has passed; ``aftersales
db_worker`` runs them. Every job is idempotent, so a second scheduler (or a restart) does no
harm beyond an extra run.
"""

from __future__ import annotations

from django.conf import settings

PERIODIC = [
    # (name, seconds between runs, dotted path of the django.tasks task)
    ("deadline_sweep", settings.DEADLINE_SWEEP_SECONDS, "aftersales.tickets.tasks.sweep_deadlines"),
    ("idempotency_prune", 3600, "aftersales.core.tasks.prune_idempotency_records"),
    (
        "stale_run_recovery",
        settings.STALE_RUN_RECOVERY_SECONDS,
        "aftersales.core.tasks.recover_stale_run_records",
    ),
]
