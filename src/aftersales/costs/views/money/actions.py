"""The decisions of the money flow, each one form posted to one service function.

* approve / reject the current step of a spending request (R-CST-1);
* review a final account, which yields the settlement (R-CST-2);
* confirm (contractor), certify (deputy chief engineer) or pay (finance) a settlement (R-CST-3).

The same forms appear on the approvals inbox, the ticket's cost panel, the detail pages and
the payment queue; each names the page to go back to.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import NotFound
from aftersales.core.permissions import can
from aftersales.core.web import need
from aftersales.costs import selectors
from aftersales.costs.models import ApprovalStep, FinalAccount, Settlement, SpendingRequest
from aftersales.costs.services import accounts, approvals
from aftersales.costs.services._common import visible
from aftersales.costs.views.money._common import (
    ACTION_NAMES,
    Action,
    Button,
    next_url,
    role_name,
    submit,
)
from aftersales.costs.views.money.forms import CommentForm, PayForm, ReviewForm

STEPS = {
    # step: (capability, title, button, service status it acts on)
    "confirm": (
        "costs.confirm",
        "施工单位确认",
        "确认结算",
        Settlement.Status.AWAITING_CONFIRMATION,
    ),
    "certify": (
        "costs.certify",
        "副总工程师签认",
        "签认结算",
        Settlement.Status.AWAITING_CERTIFICATION,
    ),
    "pay": ("costs.pay", "财务付款", "确认付款", Settlement.Status.CERTIFIED),
}


def _found(model, user, pk: int, message: str):
    try:
        return visible(model, user, pk, message)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


# --- spending decisions ----------------------------------------------------------------------


def decision_action(req: SpendingRequest, next_: str, data=None) -> Action:
    key = f"decide-{req.pk}"
    current = next((s for s in req.steps.all() if s.status == ApprovalStep.Status.PENDING), None)
    title = (
        f"{role_name(current.role)}{ACTION_NAMES.get(current.action, '')}" if current else _("审批")
    )
    return Action(
        key=key,
        url=reverse("costs:spending_decide", args=[req.pk]),
        title=title,
        form=CommentForm(data, key=key),
        next=next_,
        buttons=[
            Button(_("同意"), "approve", "success", "check"),
            Button(_("驳回"), "reject", "outline-danger", "x"),
        ],
        hint=_("驳回时请填写意见；驳回后申请终止，维修不能开工。"),
    )


@login_required
@require_POST
def decide(request, pk: int):
    need(request, "costs.approve")
    req = _found(SpendingRequest, request.user, pk, _("费用申请不存在或不在您的数据范围内"))
    action = decision_action(req, next_url(request, reverse("costs:approvals")), request.POST)
    approved = request.POST.get("decision") != "reject"

    def call(form):
        fn = approvals.approve if approved else approvals.reject
        return fn(request.user, req.pk, comment=form.cleaned_data["comment"])

    done = (
        _("已同意费用申请（%(amount)s 元）") if approved else _("已驳回费用申请（%(amount)s 元）")
    )
    return submit(request, action, call, done=done % {"amount": f"{req.amount:,.2f}"})


def may_decide(user, req: SpendingRequest) -> bool:
    """Whether ``user`` holds the step now waiting (the inbox's own query)."""
    return approvals.pending_for(user).filter(request=req).exists()


# --- review of a final account ---------------------------------------------------------------


def review_action(account: FinalAccount, next_: str, data=None) -> Action:
    key = f"review-{account.pk}"
    form = ReviewForm(data, key=key, initial={"approved_total": f"{account.total:.2f}"})
    return Action(
        key=key,
        url=reverse("costs:account_review", args=[account.pk]),
        title=_("审核决算书"),
        form=form,
        next=next_,
        buttons=[Button(_("审核通过，生成结算书"), "", "primary", "file-check")],
        hint=_("审定金额不能超过决算金额 %(total)s 元；核减时请在意见中说明。")
        % {"total": f"{account.total:,.2f}"},
    )


def may_review(user, account: FinalAccount) -> bool:
    return (
        account.status == FinalAccount.Status.FILED
        and can(user, "costs.review")
        and selectors.final_accounts_for(user, reviewable=True).filter(pk=account.pk).exists()
    )


@login_required
@require_POST
def review(request, pk: int):
    need(request, "costs.review")
    account = _found(FinalAccount, request.user, pk, _("决算书不存在或不在您的数据范围内"))
    default = reverse("costs:account_detail", args=[account.pk])
    action = review_action(account, next_url(request, default), request.POST)

    def call(form):
        return accounts.review(
            request.user,
            account.pk,
            approved_total=form.cleaned_data["approved_total"],
            comment=form.cleaned_data["comment"],
        )

    return submit(
        request, action, call, done=_("决算书 %(number)s 已审核") % {"number": account.number}
    )


# --- settlement steps ------------------------------------------------------------------------


def settlement_action(s: Settlement, step: str, next_: str, data=None) -> Action:
    _cap, title, button, _status = STEPS[step]
    key = f"{step}-{s.pk}"
    if step == "pay":
        form = PayForm(data, key=key, funds=selectors.funds())
        hint = (
            _("A 类结算付款后从责任施工单位的质量保证金中扣除 %(amount)s 元。")
            % {"amount": f"{s.amount:,.2f}"}
            if s.work_class == "A"
            else ""
        )
    else:
        form = CommentForm(data, key=key)
        hint = ""
    return Action(
        key=key,
        url=reverse("costs:settlement_step", args=[s.pk, step]),
        title=_(title),
        form=form,
        next=next_,
        buttons=[Button(_(button), "", "primary", "cash" if step == "pay" else "check")],
        hint=hint,
    )


def step_for(user, s: Settlement) -> str | None:
    """The step of ``s`` that ``user`` may take now, if any."""
    for step, (capability, _t, _b, status) in STEPS.items():
        if s.status != status or not can(user, capability):
            continue
        if step == "confirm" and not (user.is_superuser or user.contractor_id == s.contractor_id):
            continue
        return step
    return None


@login_required
@require_POST
def settlement_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404(_("未知的操作"))
    need(request, STEPS[step][0])
    s = _found(Settlement, request.user, pk, _("结算书不存在或不在您的数据范围内"))
    default = reverse("costs:settlement_detail", args=[s.pk])
    action = settlement_action(s, step, next_url(request, default), request.POST)

    def call(form):
        if step == "pay":
            return accounts.pay(request.user, s.pk, **form.payload())
        fn = accounts.confirm if step == "confirm" else accounts.certify
        return fn(request.user, s.pk, comment=form.cleaned_data["comment"])

    done = _("结算书 %(number)s：%(step)s已完成") % {"number": s.number, "step": _(STEPS[step][1])}
    return submit(request, action, call, done=done, aliases={"amount": "fund"})
