"""Template context shared by every page of the web UI."""

from __future__ import annotations

from aftersales.accounts.permissions import can
from aftersales.core.workcalendar import missing_schedule_years


def calendar_warning(request) -> dict:
    """Years without an official holiday schedule, for the users who can enter it (R-CAL-1).

    Deadlines reaching such a year fall back to Monday–Friday, so the administrator is reminded
    on every page until the State Council's schedule has been entered.
    """
    if request.headers.get("HX-Request") == "true":
        return {}
    if not can(getattr(request, "user", None), "calendar.manage"):
        return {}
    years = missing_schedule_years()
    return {"calendar_missing_years": years} if years else {}
