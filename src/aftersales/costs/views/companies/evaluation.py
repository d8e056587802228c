"""Quarterly and yearly evaluation of technicians and team leads (R-CST-5): the ranked scores
with their parts, the repairs behind each score, and the same as an Excel workbook.

The scores come from :func:`aftersales.costs.evaluation.evaluate`; this screen only picks the
period and the role and shows what it answers.
"""

from __future__ import annotations

import dataclasses

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.accounts.choices import RoleCode
from aftersales.core import cached
from aftersales.core.errors import DomainError
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.web import need
from aftersales.costs import evaluation, exports
from aftersales.costs.views.companies._common import ticket_links
from aftersales.tickets.choices import Opinion

ROLES = (RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD)
OPINIONS = dict(Opinion.choices)
YEARS_BACK = 3
# The repairs listed under each person on the screen (newest signed off first); the export
# holds them all.
SHOWN_LINES = 5


def period_options(today=None) -> list[dict]:
    """Quarters and years to pick from: this year back to ``YEARS_BACK`` - 1 years ago."""
    today = today or timezone.localdate()
    quarter_now = (today.month - 1) // 3 + 1
    groups = []
    for year in range(today.year, today.year - YEARS_BACK, -1):
        last = quarter_now if year == today.year else 4
        options = [
            {"code": f"{year}-Q{q}", "label": _("%(year)s年第%(q)s季度") % {"year": year, "q": q}}
            for q in range(last, 0, -1)
        ]
        options.append({"code": str(year), "label": _("%(year)s年度") % {"year": year}})
        groups.append({"year": year, "options": options})
    return groups


def _params(request) -> tuple[str, str]:
    period = (request.GET.get("period") or "").strip() or evaluation.current_quarter()
    role = request.GET.get("role") or RoleCode.TECHNICIAN
    return period, role


def _rows(scores) -> list[dict]:
    rows = []
    for rank, s in enumerate(scores, 1):
        lines = [
            {
                "ticket_id": ln.ticket_id,
                "number": ln.number,
                "signed_off_at": ln.signed_off_at,
                "opinion": OPINIONS.get(ln.opinion, ln.opinion or "—"),
                "opinion_code": ln.opinion,
                "callbacks": ln.callbacks,
                "satisfied": ln.satisfied_callbacks,
                "on_time": ln.on_time,
                "reopens": ln.reopens,
            }
            for ln in s.lines  # the newest SHOWN_LINES, newest first
        ]
        rows.append(
            {
                "rank": rank if s.score is not None else None,
                "score": dataclasses.replace(s, lines=[]),  # the shown lines are below
                "lines": lines,
                "more": max(0, s.repairs - len(lines)),
            }
        )
    return rows


def _screen(request, period: str, role: str) -> tuple:
    span, scores = evaluation.evaluate(request.user, period, role, lines=SHOWN_LINES)
    return span, _rows(scores)


@login_required
def evaluation_page(request):
    need(request, "evaluation.view")
    period, role = _params(request)
    error = span = None
    rows = []
    try:
        # What the screen shows (the scores and each one's newest repairs) is kept a minute
        # for everyone of the same data scope: a quarter at a million tickets is tens of
        # thousands of repairs to read.
        span, rows = cached.per_scope(
            request.user,
            "costs.evaluation",
            f"{period}:{role}",
            lambda: _screen(request, period, role),
        )
    except DomainError as exc:
        error = exc.detail
    role_labels = dict(RoleCode.choices)
    groups = period_options()
    if span is not None and not any(o["code"] == span.code for g in groups for o in g["options"]):
        groups.append(
            {"year": span.start.year, "options": [{"code": span.code, "label": span.label}]}
        )
    return render(
        request,
        "costs/companies/evaluation.html",
        {
            "period": period,
            "role": role,
            "span": span,
            "error": error,
            "rows": rows,
            "groups": groups,
            "roles": [{"code": r, "label": role_labels[r]} for r in ROLES],
            "link_tickets": ticket_links(request.user),
            "weights": {k: int(v * 100) for k, v in evaluation.WEIGHTS.items()},
            "penalty": evaluation.REOPEN_PENALTY,
        },
        status=422 if error else 200,
    )


@login_required
def evaluation_export(request):
    need(request, "evaluation.view")
    period, role = _params(request)
    try:
        span, scores = evaluation.evaluate(request.user, period, role)
    except DomainError:
        return evaluation_page(request)  # the page says what is wrong with the period
    label = str(dict(RoleCode.choices)[role])
    return xlsx_response(
        exports.evaluation_workbook(span, scores, label),
        dated_name(f"考核评价-{span.label}-{label}"),
    )
