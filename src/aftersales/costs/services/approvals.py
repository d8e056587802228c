"""Spending approval before work (R-CST-1).

The chain follows the single-item amount, with thresholds from settings
(``COST_APPROVAL_THRESHOLDS``, default 1,000 and 10,000 yuan):

* amount ≤ first threshold: the service manager approves;
* first < amount ≤ second: the deputy chief engineer reviews, then the deputy GM approves;
* amount > second: the GM approves.

Steps are taken in order; each by a holder of its role. A rejection ends the request. While
a request is pending (or the latest one was rejected) the repair may not start.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from aftersales.accounts.choices import RoleCode
from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, Forbidden, field_error
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.costs.models import ApprovalStep, SpendingRequest
from aftersales.costs.services._common import locked, now, tell, ticket_context
from aftersales.notify import services as notify
from aftersales.tickets import events as ticket_events
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import Kind, Status
from aftersales.tickets.models import Ticket

REVIEW, APPROVE = "review", "approve"
ACTION_LABELS = {REVIEW: "审核", APPROVE: "审批"}

# Repairs may ask for money from dispatch until the work is done (a reopened one again).
OPEN_FOR_SPENDING = {Status.DISPATCHED, Status.SURVEYED, Status.IN_PROGRESS, Status.REOPENED}


def thresholds() -> tuple[Decimal, Decimal]:
    low, high = (Decimal(str(v)) for v in settings.COST_APPROVAL_THRESHOLDS)
    return low, high


def chain_for(amount: Decimal) -> list[tuple[str, str]]:
    """The (role, review|approve) steps for ``amount``, in order."""
    low, high = thresholds()
    if amount <= low:
        return [(RoleCode.SERVICE_MANAGER, APPROVE)]
    if amount <= high:
        return [(RoleCode.DEPUTY_CHIEF_ENGINEER, REVIEW), (RoleCode.DEPUTY_GM, APPROVE)]
    return [(RoleCode.GM, APPROVE)]


def request_spending(actor, ticket: Ticket | int, *, amount, purpose: str) -> SpendingRequest:
    """File a spending request on a repair; the first step's role holders are told."""
    require(actor, "costs.request")
    money = parse_money(amount, "amount", positive=True)
    purpose = (purpose or "").strip()
    if not purpose:
        raise field_error("purpose", "请填写用途", code="required")
    if len(purpose) > 300:
        raise field_error("purpose", "用途不能超过 300 字")
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    with transaction.atomic():
        t = tickets.link(actor, ticket_id)
        if t.kind != Kind.REPAIR:
            raise Conflict("只有报修工单可以申请维修费用", code="not_allowed")
        if t.status not in OPEN_FOR_SPENDING:
            raise Conflict(
                f"工单当前状态为“{t.get_status_display()}”，不能申请维修费用", code="not_allowed"
            )
        req = SpendingRequest.objects.create(
            ticket=t, amount=money, purpose=purpose, requested_by=actor
        )
        for order, (role, action) in enumerate(chain_for(money), start=1):
            ApprovalStep.objects.create(
                request=req,
                order=order,
                role=role,
                action=action,
                status=ApprovalStep.Status.PENDING if order == 1 else ApprovalStep.Status.WAITING,
            )
        ticket_events.spending_requested_event(
            ticket=t, actor=actor, request=req.pk, amount=money, purpose=purpose
        )
        audit.record(actor, "create", req, after={"amount": money, "purpose": purpose})
        _tell_step(req)
    return req


def approve(actor, request_id: int, *, comment: str = "") -> SpendingRequest:
    return _decide(actor, request_id, approved=True, comment=comment)


def reject(actor, request_id: int, *, comment: str = "") -> SpendingRequest:
    if not (comment or "").strip():
        raise field_error("comment", "驳回时请填写意见", code="required")
    return _decide(actor, request_id, approved=False, comment=comment)


def _decide(actor, request_id: int, *, approved: bool, comment: str) -> SpendingRequest:
    """Take the current step: 403 for a role not in the chain, 409 out of order or decided."""
    require(actor, "costs.approve")
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise field_error("comment", "意见不能超过 300 字")
    with transaction.atomic():
        req = locked(SpendingRequest, actor, request_id, "费用申请不存在或不在您的数据范围内")
        steps = list(req.steps.select_for_update().order_by("order"))
        roles = actor.role_codes()
        if not any(s.role in roles for s in steps):
            raise Forbidden("该金额的费用申请不由您的角色审批")
        if req.status != SpendingRequest.Status.PENDING:
            raise Conflict(f"费用申请已{req.get_status_display()}", code="not_allowed")
        current = next(s for s in steps if s.status == ApprovalStep.Status.PENDING)
        if current.role not in roles:
            raise Conflict(
                f"请等待上一环节：{_role_name(current.role)}{ACTION_LABELS[current.action]}",
                code="out_of_order",
            )
        at = now()
        current.status = ApprovalStep.Status.APPROVED if approved else ApprovalStep.Status.REJECTED
        current.decided_by, current.decided_at, current.comment = actor, at, comment
        current.save()
        following = [s for s in steps if s.order > current.order]
        if not approved:
            for s in following:
                s.status = ApprovalStep.Status.CANCELLED
                s.save(update_fields=["status"])
            req.status, req.decided_at = SpendingRequest.Status.REJECTED, at
        elif following:
            following[0].status = ApprovalStep.Status.PENDING
            following[0].save(update_fields=["status"])
        else:
            req.status, req.decided_at = SpendingRequest.Status.APPROVED, at
        req.save()
        ticket_events.spending_decided_event(
            ticket=req.ticket,
            actor=actor,
            approved=approved,
            request=req.pk,
            step=current.order,
            role=current.role,
            comment=comment,
        )
        audit.record(
            actor,
            "approve" if approved else "reject",
            req,
            after={"step": current.order, "role": current.role, "comment": comment},
        )
        if req.status == SpendingRequest.Status.PENDING:
            _tell_step(req)
        else:
            tell(
                [req.requested_by],
                "spending_decided",
                ticket_context(req.ticket)
                | {"amount": f"{req.amount:.2f}", "result": req.get_status_display()},
                ticket=req.ticket,
                key=f"spending_decided:{req.pk}",
            )
    return req


def assert_work_may_start(ticket: Ticket) -> None:
    """Held by the spending approval (R-CST-1): called by the ticket's ``start`` action."""
    statuses = set(ticket.spending_requests.values_list("status", flat=True))
    if SpendingRequest.Status.PENDING in statuses:
        raise Conflict("维修费用尚在审批中，不能开始施工", code="spending_not_approved")
    if statuses and SpendingRequest.Status.APPROVED not in statuses:
        raise Conflict(
            "维修费用申请已被驳回，请重新申请并获批准后再施工", code="spending_not_approved"
        )
    required_from = (settings.SPENDING_REQUIRED_FROM or "").strip()
    if (
        required_from
        and ticket.estimate is not None
        and (
            ticket.estimate >= Decimal(required_from)
            and not ticket.spending_requests.filter(status=SpendingRequest.Status.APPROVED).exists()
        )
    ):
        raise Conflict(
            f"预估费用 {ticket.estimate:.2f} 元，须先提交费用申请并获批准",
            code="spending_not_approved",
        )


def pending_for(actor):
    """The steps waiting for ``actor``'s decision, within his data scope (the approvals inbox)."""
    roles = actor.role_codes()
    requests = scoping.visible_to(SpendingRequest.objects.all(), actor)
    return (
        ApprovalStep.objects.filter(
            status=ApprovalStep.Status.PENDING,
            role__in=roles,
            request__in=requests.values("pk"),
        )
        .select_related("request__ticket__house", "request__requested_by")
        .order_by("request__created_at")
    )


def _role_name(code: str) -> str:
    return str(RoleCode(code).label) if code in RoleCode.values else code


def _tell_step(req: SpendingRequest) -> None:
    step = req.steps.filter(status=ApprovalStep.Status.PENDING).first()
    if step is None:
        return
    users = notify.staff([step.role], req.ticket.project_id)
    tell(
        users,
        "spending_pending",
        ticket_context(req.ticket)
        | {"amount": f"{req.amount:.2f}", "step": ACTION_LABELS[step.action]},
        ticket=req.ticket,
        key=f"spending_pending:{req.pk}:{step.order}",
    )


def check_thresholds(app_configs=None, **kwargs) -> list:
    """System check: the thresholds are two increasing positive amounts."""
    from django.core.checks import Error

    try:
        low, high = thresholds()
        ok = Decimal(0) < low < high
    except (ArithmeticError, ValueError):
        ok = False
    if ok:
        return []
    return [
        Error("COST_APPROVAL_THRESHOLDS 应为两个递增的正金额，如 1000.00,10000.00", id="costs.E001")
    ]
