"""The early-warning board (R-CMP-5): counts of the warning rules per project."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from aftersales.analysis.selectors import board
from aftersales.core.web import need


@login_required
def warnings_board(request):
    need(request, "tickets.warnings")
    return render(
        request, "analysis/warnings_board.html", {"board": board.warnings_board(request.user)}
    )
