"""Template context shared by every page of the web UI: the menu and the calendar warning."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from aftersales.core import menu as registry
from aftersales.core.permissions import can
from aftersales.core.workcalendar import missing_schedule_years


def menu(request):
    """The sidebar menu (see :mod:`aftersales.core.menu`), built from the capability table so
    each role sees what it may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections: dict[str, list[dict]] = {}
    path = request.path
    for section, entry in registry.entries():
        if entry.capability and not can(user, entry.capability):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        # Labels are translated here, in the language of this request.
        sections.setdefault(str(section.label), []).append(
            {"label": str(entry.label), "url": url, "icon": entry.icon, "active": False}
        )
    # The one entry whose address is the longest prefix of this page is the active one
    # (so /tickets/warnings/ lights 预警, not also 客服工作台 at /tickets/).
    items = [e for group in sections.values() for e in group]
    matches = [
        e for e in items if (path == e["url"] if e["url"] == "/" else path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return {"menu_sections": sections}


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
