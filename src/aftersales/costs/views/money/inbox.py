"""待我审批: everything of the money flow that waits for the signed-in user.

* spending-request steps held by one of his roles (R-CST-1), with the whole chain;
* final accounts he may review (R-CST-2);
* for the deputy chief engineer, settlements awaiting certification; for a contractor's
  user, his company's settlements awaiting confirmation (R-CST-3).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse

from aftersales.core import scoping
from aftersales.core.permissions import can
from aftersales.costs import selectors
from aftersales.costs.models import ApprovalStep, Settlement
from aftersales.costs.services import approvals
from aftersales.costs.views.money import actions
from aftersales.costs.views.money._common import chain, inline


def waiting_count(user) -> int:
    """How many things wait for ``user`` (for a link on other pages)."""
    n = 0
    if can(user, "costs.approve"):
        n += approvals.pending_for(user).count()
    if can(user, "costs.review"):
        n += selectors.final_accounts_for(user, reviewable=True).count()
    if can(user, "costs.certify"):
        n += selectors.settlements_for(
            user, status=Settlement.Status.AWAITING_CERTIFICATION
        ).count()
    if can(user, "costs.confirm") and user.contractor_id:
        n += selectors.settlements_for(
            user, status=Settlement.Status.AWAITING_CONFIRMATION, contractor=user.contractor_id
        ).count()
    return n


@login_required
def approvals_inbox(request):
    user = request.user
    if not can(user, "costs.inbox"):
        raise PermissionDenied
    here = reverse("costs:approvals")
    staff = scoping.is_staff_user(user)
    sections = []
    if can(user, "costs.approve"):
        steps = (
            approvals.pending_for(user)
            .select_related(
                "request__ticket__project", "request__ticket__house", "request__requested_by"
            )
            .prefetch_related(
                Prefetch(
                    "request__steps",
                    queryset=ApprovalStep.objects.select_related("decided_by").order_by("order"),
                )
            )
        )
        rows = [
            {
                "step": step,
                "req": step.request,
                "chain": chain(step.request),
                "action": inline(actions.decision_action(step.request, here)),
            }
            for step in steps
        ]
        sections.append({"key": "spending", "rows": rows})
    if can(user, "costs.review"):
        found = (
            selectors.final_accounts_for(user, reviewable=True)
            .select_related("ticket__project")
            .prefetch_related("lines")
        )
        rows = [{"account": a, "action": inline(actions.review_action(a, here))} for a in found]
        sections.append({"key": "review", "rows": rows})
    for step, status in (
        ("certify", Settlement.Status.AWAITING_CERTIFICATION),
        ("confirm", Settlement.Status.AWAITING_CONFIRMATION),
    ):
        capability = actions.STEPS[step][0]
        if not can(user, capability) or step == "confirm" and not user.contractor_id:
            continue
        found = selectors.settlements_for(user, status=status).select_related(
            "ticket__project", "account__filed_by", "account__reviewed_by"
        )
        rows = [
            {"settlement": s, "action": inline(actions.settlement_action(s, step, here))}
            for s in found
            if actions.step_for(user, s) == step
        ]
        sections.append({"key": step, "rows": rows})
    total = sum(len(s["rows"]) for s in sections)
    return render(
        request,
        "costs/money/approvals.html",
        {"sections": sections, "total": total, "staff": staff},
    )
