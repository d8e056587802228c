"""Periodic jobs, declared in one table: name, interval, task.

Each app registers its jobs in its ``AppConfig.ready()`` with :func:`register_job`.
``aftersales scheduler`` enqueues each job when its interval has passed; ``aftersales
db_worker`` runs them. Every job is idempotent, so a second scheduler (or a restart) does no
harm beyond an extra run.
"""

from __future__ import annotations

# (name, seconds between runs, dotted path of the django.tasks task)
PERIODIC: list[tuple[str, float, str]] = []


def register_job(name: str, every: float, task: str) -> None:
    """Run the ``django.tasks`` task at dotted path ``task`` every ``every`` seconds."""
    if every <= 0:
        raise ValueError(f"job {name!r}: the interval must be positive")
    PERIODIC[:] = [job for job in PERIODIC if job[0] != name]
    PERIODIC.append((name, every, task))
