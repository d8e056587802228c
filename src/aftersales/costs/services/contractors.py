"""Contractor companies and the transfer of work to them (R-DSP-8)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from aftersales.accounts.choices import RoleCode, TradeCode
from aftersales.accounts.models import User
from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, Forbidden, field_error
from aftersales.core.permissions import require
from aftersales.costs.models import Contractor, Transfer
from aftersales.costs.services._common import locked, now, tell, ticket_context
from aftersales.estates.models import Project
from aftersales.tickets import services as tickets
from aftersales.tickets import workflow
from aftersales.tickets.choices import Kind
from aftersales.tickets.models import Ticket

EDITABLE = ("name", "kind", "trades", "contact_name", "contact_phone", "address", "agreement")


def _trades(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise field_error("trades", "工种应为列表")
    codes = []
    for code in value:
        if code not in TradeCode.values:
            raise field_error("trades", f"未知的工种“{code}”", code="unknown_trade")
        if code not in codes:
            codes.append(code)
    return codes


def _projects(actor, ids) -> list[Project]:
    if ids is None:
        return []
    if not isinstance(ids, list | tuple) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    ):
        raise field_error("projects", "项目应为编号列表")
    found = list(scoping.visible_to(Project.objects.filter(pk__in=ids), actor))
    if len(found) != len(set(ids)):
        raise field_error("projects", "项目不存在或不在您的数据范围内", code="not_found")
    return found


def _clean(values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if key == "trades":
            out[key] = _trades(value)
        elif key == "kind":
            if value not in Contractor.Kind.values:
                raise field_error("kind", "类型应为 contractor 或 supplier")
            out[key] = value
        elif key in EDITABLE:
            text = (value or "").strip() if isinstance(value, str) else value
            if key == "name" and not text:
                raise field_error("name", "请填写单位名称", code="required")
            limit = Contractor._meta.get_field(key).max_length
            if limit and text and len(text) > limit:
                raise field_error(key, f"不能超过 {limit} 字")
            out[key] = text or ""
    return out


def create_contractor(actor, *, name: str, trades=None, projects=None, **fields) -> Contractor:
    require(actor, "contractors.manage")
    data = _clean({"name": name, "trades": trades or [], **fields})
    chosen = _projects(actor, projects)
    try:
        with transaction.atomic():
            contractor = Contractor.objects.create(**data)
            contractor.projects.set(chosen)
    except IntegrityError as exc:
        raise field_error("name", "已有同名的施工单位", code="duplicate") from exc
    audit.record(actor, "create", contractor, after=data | {"projects": [p.pk for p in chosen]})
    return contractor


def update_contractor(actor, contractor: Contractor, **changes) -> Contractor:
    require(actor, "contractors.manage")
    projects = changes.pop("projects", None)
    active = changes.pop("active", None)
    data = _clean({k: v for k, v in changes.items() if v is not None})
    before = audit.snapshot(contractor, [*data, "active"])
    for key, value in data.items():
        setattr(contractor, key, value)
    if active is not None:
        contractor.active = bool(active)
    try:
        with transaction.atomic():
            contractor.save()
            if projects is not None:
                contractor.projects.set(_projects(actor, projects))
    except IntegrityError as exc:
        raise field_error("name", "已有同名的施工单位", code="duplicate") from exc
    audit.record(
        actor,
        "update",
        contractor,
        before=before,
        after=audit.snapshot(contractor, [*data, "active"]),
    )
    return contractor


def contractor_users(contractor_id: int) -> list[User]:
    return list(
        User.objects.filter(
            contractor_id=contractor_id, is_active=True, roles__code=RoleCode.CONTRACTOR
        ).distinct()
    )


def transfer(actor, ticket: Ticket | int, *, contractor: int, reason: str = "") -> Transfer:
    """Hand a repair to its contractor through 工程材料部; the deadlines stay as they are.

    The ticket's side (who may, in which states) is the ``transfer`` row of the transition
    table, taken through ``tickets.services.perform``; the transfer record is kept here.
    """
    require(actor, "contractors.transfer")
    company = Contractor.objects.filter(pk=contractor, active=True).first()
    if company is None:
        raise field_error("contractor", "施工单位不存在或已停止合作", code="not_found")
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    reason = (reason or "").strip()[:300]
    with transaction.atomic():
        # perform() locks the ticket; the check below then holds until commit (or undoes it).
        t = tickets.perform(actor, ticket_id, "transfer", contractor=company.name, reason=reason)
        if t.contractor_transfers.filter(
            status__in=[Transfer.Status.PENDING, Transfer.Status.ACCEPTED]
        ).exists():
            raise Conflict("该工单已转交施工单位", code="already_transferred")
        item = Transfer.objects.create(
            ticket=t, contractor=company, reason=reason, created_by=actor
        )
        tell(
            contractor_users(company.pk),
            "contractor_transfer",
            ticket_context(t) | {"contractor": company.name},
            ticket=t,
            key=f"contractor_transfer:{item.pk}",
        )
    return item


def answer_transfer(actor, transfer_id: int, *, accept: bool, answer: str = "") -> Transfer:
    """The contractor accepts (and becomes the ticket's handler) or declines with a reason.

    The transfer row is locked and checked first; the ticket's side is the ``transfer_accept``
    or ``transfer_decline`` row of the transition table, taken through ``perform``.
    """
    action = "transfer_accept" if accept else "transfer_decline"
    if not workflow.may(actor, action, Kind.REPAIR):
        raise Forbidden("只有施工单位联系人可以接收或拒绝转交的工单")
    answer = (answer or "").strip()
    if not accept and not answer:
        raise field_error("reason", "拒绝时请说明原因", code="required")
    with transaction.atomic():
        item = locked(Transfer, actor, transfer_id, "转交记录不存在或不在您的数据范围内")
        if item.status != Transfer.Status.PENDING:
            raise Conflict(f"该转交{item.get_status_display()}", code="not_allowed")
        t = tickets.perform(
            actor, item.ticket_id, action, contractor=item.contractor.name, answer=answer[:300]
        )
        item.status = Transfer.Status.ACCEPTED if accept else Transfer.Status.DECLINED
        item.answered_by, item.answered_at, item.answer = actor, now(), answer[:300]
        item.save(update_fields=["status", "answered_by", "answered_at", "answer"])
        tell(
            [item.created_by],
            "contractor_answer",
            ticket_context(t)
            | {"contractor": item.contractor.name, "result": item.get_status_display()},
            ticket=t,
            key=f"contractor_answer:{item.pk}",
        )
    return item
