"""The ticket cards of the home page: the user's to-do counts, each linking to the list it
counts (registered in TicketsConfig.ready through ``core.menu.register_home_card``).

The agent's counts are the workbench queues (``selectors.queue_counts``), so a card and the
queue it opens always agree; a technician's are his field list."""

from __future__ import annotations

import time

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from aftersales.core.permissions import can
from aftersales.tickets import selectors
from aftersales.tickets.choices import OPEN_STATUSES


def _url(name: str, query: str = "") -> str | None:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return None


def _workbench_count(user, name: str) -> int:
    """A queue's count. The agent's three cards are drawn together on one home page: they share
    one :func:`selectors.queue_counts` (two statements), kept on the user object for a second."""
    now = time.monotonic()
    kept = getattr(user, "_queue_counts", None)
    if kept is None or now - kept[0] > 1:
        kept = user._queue_counts = (now, selectors.queue_counts(user))
    return kept[1][name]


def _field_tickets(user):
    return selectors.field_work(user, OPEN_STATUSES)


def _card(label: str, icon: str, color: str, count: int, url: str | None) -> dict:
    return {"label": label, "icon": icon, "color": color, "count": count, "url": url}


def my_tickets_card(user) -> dict | None:
    if can(user, "tickets.intake"):
        count = _workbench_count(user, "mine")
        return _card(
            _("我的工单"), "user-check", "azure", count, _url("tickets:workbench", "?queue=mine")
        )
    if can(user, "tickets.field"):
        count = _field_tickets(user).order_by().count()
        return _card(_("我的工单"), "tool", "azure", count, _url("tickets:field"))
    return None


def at_risk_card(user) -> dict | None:
    if not can(user, "tickets.intake"):
        return None
    count = _workbench_count(user, "due_soon")
    return _card(
        _("即将超时"),
        "clock-exclamation",
        "orange",
        count,
        _url("tickets:workbench", "?queue=due_soon"),
    )


def overdue_card(user) -> dict | None:
    if not can(user, "tickets.intake"):
        return None
    count = _workbench_count(user, "overdue")
    return _card(_("已超时"), "alarm", "red", count, _url("tickets:workbench", "?queue=overdue"))


def routed_card(user) -> dict | None:
    """Complaints routed to the user's department (R-CMP-3), for every department member."""
    if not getattr(user, "department_id", None):
        return None
    count = selectors.routed_to_department(user).order_by().count()
    return _card(_("转本部门处理"), "arrows-split", "purple", count, _url("tickets:routed"))
