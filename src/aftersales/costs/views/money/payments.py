"""付款队列: certified settlements waiting for finance, the pay form, and what was paid lately.

Paying is :func:`aftersales.costs.services.accounts.pay`; two people paying the same settlement
at once pay it once, the second is told so on his form (409).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse

from aftersales.core import scoping
from aftersales.core.web import need, paginate
from aftersales.costs import selectors
from aftersales.costs.models import Settlement
from aftersales.costs.views.money import actions

RECENT = 20


@login_required
def payment_queue(request):
    need(request, "costs.pay")
    user = request.user
    here = reverse("costs:payments")
    queue = (
        selectors.settlements_for(user, status=Settlement.Status.CERTIFIED)
        .select_related("ticket__project", "certified_by")
        .order_by("certified_at", "id")
    )
    page = paginate(request, queue)
    rows = [{"s": s, "action": actions.settlement_action(s, "pay", here)} for s in page]
    paid = (
        selectors.settlements_for(user, status=Settlement.Status.PAID)
        .select_related("ticket__project", "paid_by")
        .order_by("-paid_at", "-id")[:RECENT]
    )
    return render(
        request,
        "costs/money/payments.html",
        {
            "rows": rows,
            "page_obj": page,
            "queue_total": queue.aggregate(total=Sum("amount"))["total"],
            "paid": list(paid),
            "funds": list(selectors.funds()),
            "staff": scoping.is_staff_user(user),
        },
    )
