"""Keeps the reference data present: roles, departments, warranty catalogue, calendar …

Each app registers the function that fills its own reference data (idempotent, creating only
what is missing) in its ``AppConfig.ready()`` with :func:`register_reference`. Data migrations
fill a new database; the ``post_migrate`` handler :func:`ensure_reference_data` runs every
registered function afterwards too (a database flushed by ``flush`` or by transactional tests),
so that a fresh database always "already holds the default ... the calendar and the role and
department lists" (api.md, Running). Functions run in the order the apps are installed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

REFERENCE: dict[str, Callable[[], None]] = {}


def register_reference(name: str, ensure: Callable[[], None]) -> None:
    """Register ``ensure`` (no arguments) under ``name``; registering a name again replaces it."""
    REFERENCE[name] = ensure


def ensure_calendar() -> None:
    """The official working calendar of the seeded years (R-CAL-1)."""
    from aftersales.core.models import WorkCalendarDay
    from aftersales.core.services import seed_official_calendar

    first, last = settings.CALENDAR_SEED_YEARS
    if not WorkCalendarDay.objects.filter(date__year=last).exists():
        seed_official_calendar(first, last)


def ensure_reference_data(sender=None, using="default", **kwargs) -> None:
    for ensure in list(REFERENCE.values()):
        ensure()
