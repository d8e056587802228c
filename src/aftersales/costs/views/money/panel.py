"""The cost panel of the ticket page and its two forms: ask for repair money (R-CST-1) and
file the final account (R-CST-2).

The panel is drawn by the ``{% costs_panel ticket request.user %}`` tag
(:mod:`aftersales.costs.templatetags.costs_panel`), so the ticket screens need not know about
money. Whether a form is offered follows the services' own state sets
(``approvals.OPEN_FOR_SPENDING``, ``accounts.AFTER_WORK``); the services decide in the end.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core import scoping
from aftersales.core.permissions import can
from aftersales.core.web import need
from aftersales.costs import selectors
from aftersales.costs.models import FinalAccountLine, Transfer
from aftersales.costs.services import accounts, approvals
from aftersales.costs.views.money import actions
from aftersales.costs.views.money._common import Action, Button, chain, submit
from aftersales.costs.views.money.forms import AccountForm, SpendingForm
from aftersales.tickets import selectors as ticket_selectors
from aftersales.tickets.choices import Kind, WorkClass


def _ticket(request, pk: int):
    ticket = ticket_selectors.tickets_for(request.user).filter(pk=pk).first()
    if ticket is None:
        raise Http404(_("工单不存在或不在您的数据范围内"))
    return ticket


def _here(ticket) -> str:
    return reverse("tickets:detail", args=[ticket.pk])


def spending_action(ticket, data=None) -> Action:
    key = "money-spending"
    return Action(
        key=key,
        url=reverse("costs:spending_new", args=[ticket.pk]),
        title=_("申请维修费用"),
        form=SpendingForm(data, key=key),
        next=_here(ticket),
        buttons=[Button(_("提交申请"), "", "primary", "send")],
        hint=_(
            "按单项金额审批：1,000 元及以下由售后服务负责人审批；1,000–10,000 元由副总工程师审核、"
            "副总经理审批；10,000 元以上由总经理审批。获批前不能开工。"
        ),
    )


def _contractors(user, ticket):
    """Active companies, those that built this project first."""
    return (
        selectors.contractors_for(user, active=True)
        .annotate(
            builds=Case(
                When(projects=ticket.project_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("builds", "name")
        .distinct()
    )


def account_action(user, ticket, data=None) -> Action:
    key = "money-account"
    companies = list(dict.fromkeys(_contractors(user, ticket)))
    accepted = selectors.transfers_for(
        user, status=Transfer.Status.ACCEPTED, ticket=ticket.pk
    ).first()
    initial = {"contractor": str(accepted.contractor_id)} if accepted else {}
    form = AccountForm(data, key=key, contractors=companies, initial=initial)
    rows = form.rows() if data is not None else []
    if not rows:
        rows = [{"kind": "material", "item": "", "unit": "", "quantity": "", "unit_price": ""}]
    return Action(
        key=key,
        url=reverse("costs:account_new", args=[ticket.pk]),
        title=_("编制维修工程决算书"),
        form=form,
        next=_here(ticket),
        buttons=[Button(_("提交决算书"), "", "primary", "file-plus")],
        hint=_("A 类（保修）维修须指明责任施工单位，结算后从其质量保证金中扣除。")
        if ticket.work_class == WorkClass.A
        else "",
        template="costs/money/_account_form.html",
        extra={
            "rows": json.dumps(rows, ensure_ascii=False),
            "kinds": FinalAccountLine.Kind.choices,
            "accepted": accepted,
        },
    )


def panel_context(request, user, ticket) -> dict:
    """What the cost panel shows ``user`` on ``ticket``'s page; ``show`` False hides it."""
    if user is None or not can(user, "costs.view"):
        return {"show": False}
    here = _here(ticket)
    requests = selectors.spending_requests_for(user, ticket=ticket.pk).prefetch_related(
        "steps__decided_by"
    )
    waiting = set(
        approvals.pending_for(user)
        .filter(request__ticket=ticket)
        .values_list("request_id", flat=True)
    )
    spending = [
        {
            "req": r,
            "chain": chain(r),
            "action": actions.decision_action(r, here) if r.pk in waiting else None,
        }
        for r in requests
    ]
    found = list(selectors.final_accounts_for(user, ticket=ticket.pk).select_related("reviewed_by"))
    reviewable = (
        set(
            selectors.final_accounts_for(user, ticket=ticket.pk, reviewable=True).values_list(
                "pk", flat=True
            )
        )
        if can(user, "costs.review")
        else set()
    )
    account_rows = [
        {
            "account": a,
            "action": actions.review_action(a, here) if a.pk in reviewable else None,
        }
        for a in found
    ]
    settlement_rows = []
    for s in selectors.settlements_for(user, ticket=ticket.pk):
        step = actions.step_for(user, s)
        settlement_rows.append(
            {"s": s, "action": actions.settlement_action(s, step, here) if step else None}
        )
    is_repair = ticket.kind == Kind.REPAIR
    may_request = (
        is_repair and can(user, "costs.request") and ticket.status in approvals.OPEN_FOR_SPENDING
    )
    may_file = (
        is_repair
        and can(user, "costs.account")
        and ticket.status in accounts.AFTER_WORK
        and ticket.work_class in (WorkClass.A, WorkClass.B)
    )
    return {
        "show": is_repair or bool(spending or found),
        "ticket": ticket,
        "staff": scoping.is_staff_user(user),
        "spending": spending,
        "accounts": account_rows,
        "settlements": settlement_rows,
        "spending_action": spending_action(ticket) if may_request else None,
        "account_action": account_action(user, ticket) if may_file else None,
    }


@login_required
@require_POST
def request_spending(request, pk: int):
    need(request, "costs.request")
    ticket = _ticket(request, pk)
    action = spending_action(ticket, request.POST)

    def call(form):
        return approvals.request_spending(
            request.user,
            ticket.pk,
            amount=form.cleaned_data["amount"],
            purpose=form.cleaned_data["purpose"],
        )

    return submit(request, action, call, done=_("维修费用申请已提交，等待审批"))


@login_required
@require_POST
def file_account(request, pk: int):
    need(request, "costs.account")
    ticket = _ticket(request, pk)
    action = account_action(request.user, ticket, request.POST)

    def call(form):
        return accounts.file_final_account(request.user, ticket.pk, **form.payload())

    return submit(request, action, call, done=_("决算书已提交，等待审核"))
