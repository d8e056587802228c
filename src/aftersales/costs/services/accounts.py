"""Final accounts (维修工程决算书), their review, and settlements (维修工程结算书).

R-CST-2: after the work the team lead files the final account, lines of materials and
labour. Accounts up to ``FINAL_ACCOUNT_AUDIT_ABOVE`` (20,000 yuan) are reviewed by customer
service, larger ones by audit. The review fixes the approved total and produces the settlement.

R-CST-3: a class-A settlement (warranty work the contractor owes) is confirmed by that
contractor, certified by the deputy chief engineer and paid by finance, and its amount is
deducted from the contractor's deposit for the project. Class B: certified, then paid.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction

from aftersales.accounts.choices import RoleCode
from aftersales.core import audit
from aftersales.core.errors import Conflict, Forbidden, Invalid, field_error
from aftersales.core.money import CENT, parse_money, parse_quantity
from aftersales.core.permissions import require
from aftersales.costs.models import Contractor, FinalAccount, FinalAccountLine, Settlement, Transfer
from aftersales.costs.services import ledgers
from aftersales.costs.services._common import locked, now, tell, ticket_context
from aftersales.costs.services.contractors import contractor_users
from aftersales.notify import services as notify
from aftersales.tickets import events as ticket_events
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import Kind, Status, WorkClass
from aftersales.tickets.models import Ticket

# After the work: awaiting sign-off or later (a reopened repair keeps its first account).
AFTER_WORK = {Status.AWAITING_SIGNOFF, Status.AWAITING_CALLBACK, Status.REOPENED, Status.CLOSED}
MAX_LINES = 100

# Who reviews: customer service for the smaller accounts, audit for the larger.
REVIEWERS = {
    RoleCode.SERVICE_MANAGER: {RoleCode.SERVICE_MANAGER, RoleCode.SUPERVISOR},
    RoleCode.AUDITOR: {RoleCode.AUDITOR},
}


def reviewer_role(total: Decimal) -> str:
    limit = Decimal(settings.FINAL_ACCOUNT_AUDIT_ABOVE)
    return RoleCode.SERVICE_MANAGER if total <= limit else RoleCode.AUDITOR


def _lines(raw) -> list[dict]:
    if not isinstance(raw, list | tuple) or not raw:
        raise field_error("lines", "请至少填写一行材料或人工", code="required")
    if len(raw) > MAX_LINES:
        raise field_error("lines", f"明细不能超过 {MAX_LINES} 行")
    out = []
    for i, line in enumerate(raw, start=1):
        if not isinstance(line, dict):
            raise field_error("lines", f"第 {i} 行格式不正确")
        item = str(line.get("item") or "").strip()
        if not item:
            raise field_error("lines", f"第 {i} 行：请填写项目名称", code="required")
        if len(item) > 120:
            raise field_error("lines", f"第 {i} 行：项目名称不能超过 120 字")
        kind = line.get("kind") or FinalAccountLine.Kind.MATERIAL
        if kind not in FinalAccountLine.Kind.values:
            raise field_error("lines", f"第 {i} 行：类别应为 material、labour 或 other")
        try:
            quantity = parse_quantity(line.get("quantity"), "lines")
            price = parse_money(line.get("unit_price"), "lines")
        except Invalid as exc:
            raise field_error("lines", f"第 {i} 行：{exc.detail}", code=exc.code) from exc
        amount = (quantity * price).quantize(CENT, rounding=ROUND_HALF_UP)
        out.append(
            {
                "item": item,
                "kind": kind,
                "unit": str(line.get("unit") or "").strip()[:20],
                "quantity": quantity,
                "unit_price": price,
                "amount": amount,
            }
        )
    return out


def _responsible(t: Ticket, contractor) -> Contractor | None:
    if contractor in (None, ""):
        accepted = (
            t.contractor_transfers.filter(status=Transfer.Status.ACCEPTED)
            .select_related("contractor")
            .first()
        )
        return accepted.contractor if accepted else None
    if not isinstance(contractor, int) or isinstance(contractor, bool):
        raise field_error("contractor", "施工单位应为编号")
    found = Contractor.objects.filter(pk=contractor).first()
    if found is None:
        raise field_error("contractor", "施工单位不存在", code="not_found")
    return found


def file_final_account(
    actor, ticket: Ticket | int, *, lines, contractor=None, note: str = ""
) -> FinalAccount:
    """The team lead's 决算书 for a repair whose work is done."""
    require(actor, "costs.account")
    rows = _lines(lines)
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    with transaction.atomic():
        t = tickets.link(actor, ticket_id)
        if t.kind != Kind.REPAIR or t.status not in AFTER_WORK:
            raise Conflict("维修完工后才能编制决算书", code="not_allowed")
        if t.work_class == WorkClass.PAID:
            raise Conflict("有偿服务由业主付费，不编制维修工程决算", code="paid_service")
        if t.work_class not in (WorkClass.A, WorkClass.B):
            raise Conflict("工单尚未勘察定类（A/B 类），不能编制决算", code="not_allowed")
        company = _responsible(t, contractor)
        if t.work_class == WorkClass.A and company is None:
            raise field_error("contractor", "A 类（保修）维修须指明责任施工单位", code="required")
        total = sum((r["amount"] for r in rows), Decimal("0.00"))
        if total <= 0:
            raise field_error("lines", "决算金额应大于 0")
        account = FinalAccount.objects.create(
            ticket=t,
            contractor=company,
            total=total,
            reviewer_role=reviewer_role(total),
            note=(note or "").strip()[:300],
            filed_by=actor,
        )
        FinalAccountLine.objects.bulk_create(FinalAccountLine(account=account, **r) for r in rows)
        ticket_events.final_account_filed_event(
            ticket=t, actor=actor, account=account.pk, total=total
        )
        audit.record(actor, "create", account, after={"total": total, "lines": len(rows)})
        tell(
            notify.staff(REVIEWERS[account.reviewer_role], t.project_id),
            "final_account_filed",
            ticket_context(t) | {"amount": f"{total:.2f}", "account": account.number},
            ticket=t,
            key=f"final_account_filed:{account.pk}",
        )
    return account


def review(actor, account_id: int, *, approved_total, comment: str = "") -> Settlement:
    """Review of the final account by the role its amount calls for; yields the settlement."""
    require(actor, "costs.review")
    money = parse_money(approved_total, "approved_total", positive=True)
    with transaction.atomic():
        account = locked(FinalAccount, actor, account_id, "决算书不存在或不在您的数据范围内")
        allowed = REVIEWERS[account.reviewer_role]
        if not (actor.is_superuser or actor.role_codes() & allowed):
            who = (
                "客户服务部" if account.reviewer_role == RoleCode.SERVICE_MANAGER else "审计核算部"
            )
            raise Forbidden(f"该决算书（{account.total:.2f} 元）应由{who}审核")
        if account.status != FinalAccount.Status.FILED:
            raise Conflict("决算书已审核", code="not_allowed")
        if money > account.total:
            raise field_error("approved_total", f"审定金额不能超过决算金额 {account.total:.2f} 元")
        at = now()
        account.status = FinalAccount.Status.REVIEWED
        account.reviewed_by, account.reviewed_at = actor, at
        account.review_comment = (comment or "").strip()[:300]
        account.save()
        t = account.ticket
        klass = t.work_class if t.work_class in (WorkClass.A, WorkClass.B) else WorkClass.B
        settlement = Settlement.objects.create(
            account=account,
            ticket=t,
            contractor=account.contractor,
            work_class=klass,
            amount=money,
            status=Settlement.Status.AWAITING_CONFIRMATION
            if klass == WorkClass.A
            else Settlement.Status.AWAITING_CERTIFICATION,
        )
        ticket_events.settlement_created_event(
            ticket=t, actor=actor, settlement=settlement.pk, amount=money, work_class=klass
        )
        audit.record(actor, "review", account, after={"approved_total": money, "comment": comment})
        if klass == WorkClass.A:
            _tell_settlement(settlement, contractor_users(settlement.contractor_id))
        else:
            _tell_settlement(
                settlement, notify.staff([RoleCode.DEPUTY_CHIEF_ENGINEER], t.project_id)
            )
    return settlement


def confirm(actor, settlement_id: int, *, comment: str = "") -> Settlement:
    """The responsible contractor confirms a class-A settlement."""
    require(actor, "costs.confirm")
    with transaction.atomic():
        s = locked(Settlement, actor, settlement_id, "结算书不存在或不在您的数据范围内")
        if not actor.is_superuser and actor.contractor_id != s.contractor_id:
            raise Forbidden("只有责任施工单位可以确认结算")
        _expect(s, Settlement.Status.AWAITING_CONFIRMATION, "施工单位确认")
        s.status = Settlement.Status.AWAITING_CERTIFICATION
        s.confirmed_by, s.confirmed_at = actor, now()
        s.save()
        ticket_events.settlement_confirmed_event(
            ticket=s.ticket, actor=actor, settlement=s.pk, amount=s.amount, comment=_note(comment)
        )
        _audit_step(s, actor, "confirm")
        _tell_settlement(s, notify.staff([RoleCode.DEPUTY_CHIEF_ENGINEER], s.ticket.project_id))
    return s


def certify(actor, settlement_id: int, *, comment: str = "") -> Settlement:
    """The deputy chief engineer certifies a class-A or class-B settlement."""
    require(actor, "costs.certify")
    with transaction.atomic():
        s = locked(Settlement, actor, settlement_id, "结算书不存在或不在您的数据范围内")
        _expect(s, Settlement.Status.AWAITING_CERTIFICATION, "副总工程师签认")
        s.status = Settlement.Status.CERTIFIED
        s.certified_by, s.certified_at = actor, now()
        s.save()
        ticket_events.settlement_certified_event(
            ticket=s.ticket, actor=actor, settlement=s.pk, amount=s.amount, comment=_note(comment)
        )
        _audit_step(s, actor, "certify")
        _tell_settlement(s, notify.staff([RoleCode.FINANCE], s.ticket.project_id))
    return s


def pay(actor, settlement_id: int, *, payment_ref: str = "", fund: int | None = None) -> Settlement:
    """Finance pays; a class-A settlement is deducted from the contractor's deposit.

    The payment voucher number is required: a payment that cannot be found in the books is
    refused (checked after the state, so a second payer still hears 409). The settlement row is locked first, so two finance users paying at once pay once: the
    second finds it paid and gets a 409.
    """
    require(actor, "costs.pay")
    with transaction.atomic():
        s = locked(Settlement, actor, settlement_id, "结算书不存在或不在您的数据范围内")
        _expect(s, Settlement.Status.CERTIFIED, "财务付款")
        payment_ref = (payment_ref or "").strip()
        if not payment_ref:
            raise field_error("payment_ref", "请填写付款凭证号", code="required")
        s.status = Settlement.Status.PAID
        s.paid_by, s.paid_at = actor, now()
        s.payment_ref = (payment_ref or "").strip()[:60]
        s.save()
        if fund is not None:
            ledgers.draw(
                actor,
                fund,
                amount=s.amount,
                purpose=f"支付{s.number}（工单 {s.ticket.number}）",
                ticket=s.ticket,
                settlement=s,
            )
        deduction = None
        if s.work_class == WorkClass.A and s.contractor_id:
            deduction = ledgers.deduct_for(s, actor)
        ticket_events.settlement_paid_event(
            ticket=s.ticket,
            actor=actor,
            settlement=s.pk,
            amount=s.amount,
            deducted=f"{s.amount:.2f}" if deduction else None,
            owed=f"{deduction.owed_change:.2f}" if deduction and deduction.owed_change else None,
        )
        _audit_step(s, actor, "pay")
    return s


def _expect(s: Settlement, status: str, step: str) -> None:
    if s.status != status:
        raise Conflict(
            f"结算书当前状态为“{s.get_status_display()}”，不能进行“{step}”", code="not_allowed"
        )


def _note(comment: str) -> str:
    return (comment or "").strip()[:300]


def _audit_step(s: Settlement, actor, step: str) -> None:
    audit.record(actor, step, s, after={"status": s.status})


def _tell_settlement(s: Settlement, users) -> None:
    tell(
        users,
        "settlement_step",
        ticket_context(s.ticket)
        | {"settlement": s.number, "amount": f"{s.amount:.2f}", "status": s.get_status_display()},
        ticket=s.ticket,
        key=f"settlement_step:{s.pk}:{s.status}",
    )
