"""What the handover app registers into lower apps: the history sections of the customer and
house pages (estates), the overdue-patrol warning rule (tickets) and the usage-report source of
the recurring-problem analysis (analysis)."""

from __future__ import annotations

from aftersales.handover import selectors
from aftersales.tickets.warnings import Warning


def customer(request, record) -> dict | None:
    return selectors.history(request.user, customer=record.pk)


def house(request, record) -> dict | None:
    return selectors.history(request.user, house=record.pk)


def overdue_patrols(user, now) -> list[Warning]:
    from aftersales.core.permissions import can

    if not can(user, "handover.view"):
        return []
    rows = []
    for c in selectors.overdue_custodies(user):
        due = selectors.next_patrol_due(c)
        late = getattr(c, "late_planned", False)
        detail = "暴雨前后巡查未完成" if late else f"每周巡查应于 {due} 完成"
        rows.append(Warning("patrol_overdue", "托管巡查逾期", house=c.house, detail=detail))
    return rows


def usage_problems(user, project_id, start, end) -> list[dict]:
    return selectors.usage_problems(user, project_id, start, end)
