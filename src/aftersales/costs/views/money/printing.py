"""The two paper forms of the money flow (相关表单, §16): 维修工程决算书 and 维修工程结算书.

A4, black on white, like the ticket forms (``tickets/print/``): the lines, the total in
figures and in capitals (大写金额), and a signature line for each step with the name and
date filled in once the step is done. Access is the detail pages': ``costs.view`` and the
record in the user's data scope (else 404).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from aftersales.core import scoping
from aftersales.core.web import need, visible_or_404
from aftersales.costs.models import FinalAccount, Settlement
from aftersales.tickets.choices import WorkClass


def _sign(label: str, user, at) -> dict:
    return {"label": label, "name": user.display_name if user else "", "at": at}


def _common(request, account: FinalAccount, title: str, number: str) -> dict:
    return {
        "title": title,
        "number": number,
        "account": account,
        "ticket": account.ticket,
        "lines": list(account.lines.all()),
        "blank_rows": range(max(0, 6 - account.lines.count())),
        "printed_at": timezone.localtime(),
        "printed_by": request.user.display_name,
        "staff": scoping.is_staff_user(request.user),
    }


ACCOUNT_RELATED = (
    "ticket__project",
    "ticket__house",
    "ticket__customer",
    "contractor",
    "filed_by",
    "reviewed_by",
)


@login_required
def print_account(request, pk: int):
    need(request, "costs.view")
    account = visible_or_404(
        FinalAccount.objects.select_related(*ACCOUNT_RELATED).prefetch_related("lines"),
        request,
        pk=pk,
    )
    reviewer = "审计核算部审核" if account.reviewer_role == "auditor" else "客户服务部审核"
    context = _common(request, account, "维修工程决算书", account.number)
    context["signs"] = [
        _sign("编制人（维修队长）", account.filed_by, account.filed_at),
        _sign(reviewer, account.reviewed_by, account.reviewed_at),
    ]
    return render(request, "costs/print/account.html", context)


@login_required
def print_settlement(request, pk: int):
    need(request, "costs.view")
    s = visible_or_404(
        Settlement.objects.select_related(
            *(f"account__{p}" for p in ACCOUNT_RELATED),
            "ticket__project",
            "contractor",
            "confirmed_by",
            "certified_by",
            "paid_by",
        ),
        request,
        pk=pk,
    )
    account = s.account
    context = _common(request, account, "维修工程结算书", s.number)
    signs = [
        _sign("编制人（维修队长）", account.filed_by, account.filed_at),
        _sign(
            "审计核算部审核" if account.reviewer_role == "auditor" else "客户服务部审核",
            account.reviewed_by,
            account.reviewed_at,
        ),
    ]
    if s.work_class == WorkClass.A:
        signs.append(_sign("施工单位确认", s.confirmed_by, s.confirmed_at))
    signs += [
        _sign("副总工程师签认", s.certified_by, s.certified_at),
        _sign("财务付款", s.paid_by, s.paid_at),
    ]
    context |= {
        "s": s,
        "signs": signs,
        "reduction": account.total - s.amount,
        "deduction": getattr(s, "deposit_entry", None),
    }
    return render(request, "costs/print/settlement.html", context)
