"""Background housekeeping of the core (run by ``aftersales db_worker``).

Two periodic jobs (see :mod:`aftersales.core.schedule`):

* ``prune_idempotency_records`` — drops idempotency records past their 24 hours;
* ``recover_stale_run_records`` — the one stale-run recovery for every kind of background run.
  A worker killed outright (``kill -9``, out of memory, machine restart) cannot mark its run as
  failed, so the run would show “处理中/生成中” for ever and its queue row would stay
  ``RUNNING``. Each kind in :data:`STALE_RUNS` declares the function that fails (or puts back in
  the queue) its runs older than the kind's limit, a setting in seconds.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from aftersales.core.models import IdempotencyRecord

logger = logging.getLogger(__name__)

# api.md: the same Idempotency-Key replays its first answer for 24 h; older records go.
IDEMPOTENCY_KEEP = dt.timedelta(hours=24)

# Every kind of background run, declared once:
# (kind, setting with its limit in seconds, dotted path of ``recover(now) -> int``).
# Core declares its own kind; each app registers its kinds in its ``AppConfig.ready()`` with
# :func:`register_stale_run`, so that the core names no app above it.
STALE_RUNS: list[tuple[str, str, str]] = [
    ("task", "TASK_STALE_SECONDS", "aftersales.core.tasks.requeue_stale_tasks"),
]


def register_stale_run(kind: str, setting: str, recover: str) -> None:
    """Recover runs of ``kind`` older than ``settings.<setting>`` seconds with ``recover``."""
    STALE_RUNS[:] = [row for row in STALE_RUNS if row[0] != kind]
    STALE_RUNS.append((kind, setting, recover))


# A queued task whose worker died this many times is failed rather than run again.
TASK_MAX_ATTEMPTS = 3


def stale_limit(setting: str) -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, setting))


def prune_idempotency(now: dt.datetime | None = None) -> int:
    """Delete idempotency records past their 24 hours; returns how many went."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEEP
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@task
def prune_idempotency_records() -> dict:
    """The periodic cleanup (see aftersales.core.schedule)."""
    return {"deleted": prune_idempotency()}


def requeue_stale_tasks(now: dt.datetime | None = None) -> int:
    """Put tasks whose worker died back in the queue (``TASK_STALE_SECONDS`` after their start).

    Another worker (or this one after its restart) then runs them: every task of ours may run
    twice (a notification is sent only while pending; an import or export run is claimed once).
    A task that has already killed its worker ``TASK_MAX_ATTEMPTS`` times is failed instead.
    Only with the database queue (``django_tasks_db``); other backends look after their own.
    """
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return 0
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - stale_limit("TASK_STALE_SECONDS")
    recovered = 0
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    for row in stale.only("id", "started_at", "worker_ids", "task_path"):
        # Compare-and-swap: a worker that finishes it meanwhile wins.
        mine = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids or []) >= TASK_MAX_ATTEMPTS:
            done = mine.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="aftersales.core.tasks.StaleRun",
                traceback=f"后台任务已中断 {len(row.worker_ids)} 次，不再重试",
            )
        else:
            done = mine.update(status=TaskResultStatus.READY, started_at=None, run_after=now)
        if done:
            logger.warning("task %s (%s) left by a dead worker recovered", row.pk, row.task_path)
        recovered += done
    return recovered


def recover_stale_runs(now: dt.datetime | None = None) -> dict[str, int]:
    """Run every kind's recovery; returns how many runs of each kind were recovered."""
    now = now or timezone.now()
    return {kind: import_string(path)(now) for kind, _setting, path in STALE_RUNS}


@task
def recover_stale_run_records() -> dict:
    """The periodic stale-run recovery (see aftersales.core.schedule)."""
    return recover_stale_runs()
