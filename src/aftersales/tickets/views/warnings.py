"""The early-warning screen (预警, R-CMP-5): every rule with its rows, within the data scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from aftersales.core.web import need
from aftersales.tickets import warnings

SHOWN_TICKETS = 6
SHOWN_ROWS = 20  # per rule; the count says how many there are in all
RULE_ICONS = {
    warnings.REPEAT: "repeat",
    warnings.REOPENED: "rotate-clockwise",
    warnings.OVERDUE: "clock-exclamation",
    warnings.GROUP: "users-group",
    warnings.SENSITIVE: "message-report",
}


@login_required
def warning_list(request):
    need(request, "tickets.warnings")
    groups = warnings.grouped_sections(warnings.sections(request.user, limit=SHOWN_ROWS))
    for group in groups:
        group["icon"] = RULE_ICONS.get(group["rule"]) or warnings.EXTRA[group["rule"]][2]
    return render(
        request,
        "tickets/warnings.html",
        {
            "groups": groups,
            "total": sum(g["total"] for g in groups),
            "shown_rows": SHOWN_ROWS,
            "shown": SHOWN_TICKETS,
            "words": warnings.SENSITIVE_WORDS,
            "repeat": (warnings.REPEAT_DAYS, warnings.REPEAT_MIN),
            "group_rule": (warnings.GROUP_DAYS, warnings.GROUP_MIN),
        },
    )
