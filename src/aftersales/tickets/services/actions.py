"""Every action of the transition table (R-DSP, R-CB, R-CMP, R-CAL-3) through one ``perform``."""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from aftersales.accounts.choices import DepartmentCode, RoleCode
from aftersales.accounts.models import User
from aftersales.core import scoping
from aftersales.core.errors import Conflict, Forbidden, Invalid, NotFound, field_error
from aftersales.core.money import parse_money, parse_quantity
from aftersales.estates import services as estates
from aftersales.estates.models import WarrantyComponent
from aftersales.notify import services as notify
from aftersales.tickets import deadlines, events, workflow
from aftersales.tickets.choices import (
    DeadlineName,
    Kind,
    Opinion,
    ResponsibleParty,
    Severity,
    Status,
    WorkClass,
)
from aftersales.tickets.models import Callback, Ticket, WorkOrder
from aftersales.tickets.services._common import (
    CONTRACTOR_REQUIRED_FROM,
    LEAK_COMPONENTS,
    _choice,
    _context,
    _judge_warranty,
    _moment,
    _plain,
    _tell,
    _visit,
)

# --- actions ---------------------------------------------------------------------------------


def perform(
    actor,
    ticket: Ticket | int,
    action: str,
    *,
    occurred_at: dt.datetime | None = None,
    **payload: Any,
) -> Ticket:
    """Take ``action`` on a ticket: the single entry point of the transition table.

    In one transaction: scope (404), role (403) and state (409) from the table, the row locked,
    the action's own checks and changes (its handler), the outcome checked against the row's
    outcomes, the changed fields saved, the typed event written (and projected).
    """
    handler = _HANDLERS.get(action)
    if handler is None:
        raise NotFound(f"未知的动作“{action}”", code="unknown_action")
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    with transaction.atomic():
        if not scoping.visible_to(Ticket.objects.filter(pk=ticket_id), actor).exists():
            raise NotFound("工单不存在或不在您的数据范围内")
        locked = _lock(ticket_id, _ALSO_LOCKED.get(action, _nothing)(payload))
        allowed_roles = workflow.roles_for(action, locked.kind)
        if not allowed_roles:
            raise Conflict(f"{locked.get_kind_display()}工单没有“{action}”操作", code="not_allowed")
        if not (actor.is_superuser or actor.role_codes() & allowed_roles):
            raise Forbidden(f"您的角色不能执行“{workflow.LABELS[action]}”")
        transition = workflow.find(action, locked.kind, locked.status)
        if transition is None:
            raise Conflict(
                f"工单当前状态为“{locked.get_status_display()}”，不能执行“{workflow.LABELS[action]}”",
                code="not_allowed",
            )
        last = locked.events.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
        at = _moment(occurred_at, actor=actor, not_before=last, label="实际发生时间")
        before = locked.status
        values = _values(locked)
        fields = handler(actor, locked, at, transition, **payload) or {}
        if locked.status == before and len(transition.outcomes) == 1:
            (locked.status,) = transition.outcomes
        if locked.status not in transition.outcomes:
            raise AssertionError(
                f"{action}: {before} → {locked.status} is not an outcome of its table row "
                f"({', '.join(sorted(transition.outcomes))})"
            )
        if locked.status == Status.CLOSED and locked.closed_at is None:
            locked.closed_at = at
        changed = [name for name, value in _values(locked).items() if value != values[name]]
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        events.FOR_ACTION[action](ticket=locked, actor=actor, at=at, from_status=before, **fields)
    return locked


def _nothing(payload: dict) -> list:
    return []


# Actions that hold a second ticket: its row is locked with the ticket's own.
_ALSO_LOCKED = {"merge": lambda payload: [payload.get("into")]}


def _lock(ticket_id: int, others: list) -> Ticket:
    """Lock the ticket (and the other tickets of the action) in a stable order, by pk, so that
    two actions holding the same tickets wait for each other instead of deadlocking."""
    ids = {ticket_id} | {o for o in others if isinstance(o, int) and not isinstance(o, bool)}
    rows = list(Ticket.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    locked = next((t for t in rows if t.pk == ticket_id), None)
    if locked is None:  # removed since the scope check
        raise NotFound("工单不存在或不在您的数据范围内")
    return locked


def _values(ticket: Ticket) -> dict[str, Any]:
    """The ticket's stored values (copied: a handler may change a list in place), to find the
    fields an action changed."""
    values = {}
    for f in Ticket._meta.concrete_fields:
        if f.primary_key or f.name == "updated_at":
            continue
        value = f.value_from_object(ticket)
        values[f.name] = value.name if isinstance(value, FieldFile) else copy.deepcopy(value)
    return values


def _forbid_extra(payload: dict, allowed: set[str]) -> None:
    extra = set(payload) - allowed
    if extra:
        raise Invalid(
            f"未知的字段：{', '.join(sorted(extra))}",
            code="unknown_field",
            fields={k: ["未知字段"] for k in sorted(extra)},
        )


def _staff(actor, ticket: Ticket, user: User | int | None, field: str = "assignee") -> User:
    """The handler chosen for ``ticket``: an active field user who may see it (R-ORG-3).

    A staff user must serve the ticket's project; a contractor's user only gets work through a
    transfer his company accepted (R-DSP-8). Checked before anyone is told of the ticket.
    """
    if user is None:
        raise field_error(field, "请指定处理人", code="required")
    found = User.objects.filter(
        pk=user.pk if isinstance(user, User) else user, is_active=True
    ).first()
    if found is None:
        raise field_error(field, "处理人不存在或已停用", code="not_found")
    if not (
        found.is_superuser
        or found.role_codes()
        & {RoleCode.TECHNICIAN, RoleCode.TEAM_LEAD, RoleCode.ENGINEER, RoleCode.CONTRACTOR}
    ):
        raise field_error(field, "处理人应为维修人员、工程师或施工单位联系人")
    if found.is_superuser:
        return found
    if scoping.is_staff_user(found):
        projects = scoping.project_ids(found)
        if projects is None or ticket.project_id in projects:
            return found
        raise field_error(
            field,
            f"{found.display_name}不负责该工单所属项目，不能派给他",
            code="assignee_out_of_scope",
        )
    accepted = found.contractor_id and Ticket.objects.filter(
        pk=ticket.pk,
        contractor_transfers__contractor_id=found.contractor_id,
        contractor_transfers__status="accepted",
    )
    if accepted and accepted.exists():
        return found
    raise field_error(
        field,
        "施工单位人员只能通过“转交施工单位”接收工单，不能直接派工",
        code="assignee_out_of_scope",
    )


def _dispatch(actor, t: Ticket, at, tr, *, assignee=None, **extra):
    _forbid_extra(extra, set())
    t.assignee = _staff(actor, t, assignee)
    deadlines.start(t, DeadlineName.SURVEY, at, t.urgency)
    notify.notify_users([t.assignee], "ticket_assigned", _context(t), ticket=t)
    return {"assignee": t.assignee}


def _reassign(actor, t: Ticket, at, tr, *, assignee=None, reason: str = "", **extra):
    _forbid_extra(extra, set())
    t.assignee = _staff(actor, t, assignee)
    notify.notify_users([t.assignee], "ticket_assigned", _context(t), ticket=t)
    return {"assignee": t.assignee, "reason": reason}


def _appointment(
    actor, t: Ticket, at, tr, *, visit_at: dt.datetime | None = None, note: str = "", **extra
):
    _forbid_extra(extra, set())
    if visit_at is None:
        raise field_error("visit_at", "请填写预约上门时间", code="required")
    previous = t.events.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    visit_at = _visit(visit_at, "visit_at", "预约上门时间", not_before=previous)
    return {"visit_at": visit_at, "note": note}


def _survey(
    actor,
    t: Ticket,
    at,
    tr,
    *,
    responsible_party=None,
    trades=None,
    estimate=None,
    work_class=None,
    cause: str = "",
    contractor_present: bool = False,
    component: str = "",
    complex_work: bool = False,
    trade_names: list[str] | None = None,
    participants: list[str] | None = None,
    **extra,
):
    """Joint on-site survey (R-DSP-2), warranty judged again (R-WAR-2)."""
    _forbid_extra(extra, set())
    party = _choice(responsible_party, "responsible_party", "责任方", ResponsibleParty)
    if not isinstance(trades, int) or isinstance(trades, bool) or not 1 <= trades <= 20:
        raise field_error("trades", "涉及工种数应为 1–20 的整数")
    if estimate is None:
        raise field_error("estimate", "请填写预估费用", code="required")
    cost = parse_money(estimate, "estimate")
    klass = _choice(work_class, "work_class", "工单类别", WorkClass)
    if component:
        if not WarrantyComponent.objects.filter(code=component).exists():
            raise field_error("component", f"未知的保修部位“{component}”", code="unknown_component")
        t.component = component
    _judge_warranty(t, timezone.localdate(at))
    if party == ResponsibleParty.OWNER and klass != WorkClass.PAID:
        raise field_error(
            "work_class", "业主原因造成的损坏应为有偿服务", code="work_class_mismatch"
        )
    if klass == WorkClass.A and t.in_warranty is False:
        raise field_error(
            "work_class", "该部位已过保修期，不能按 A 类（保修）处理", code="work_class_mismatch"
        )
    if cost >= CONTRACTOR_REQUIRED_FROM and not contractor_present:
        raise field_error(
            "contractor_present",
            "预估费用 500 元及以上时施工单位须到场会签",
            code="contractor_required",
        )
    names = [str(n).strip() for n in (trade_names or []) if str(n).strip()]
    if names and len(names) != trades:
        raise field_error("trade_names", "工种名称的个数应与工种数一致")
    t.responsible_party, t.trades, t.estimate, t.work_class = party, trades, cost, klass
    t.cause, t.contractor_present, t.plan_required = (
        cause or "",
        bool(contractor_present),
        bool(complex_work),
    )
    deadlines.meet(t, DeadlineName.SURVEY, at)
    deadlines.start(
        t, DeadlineName.COMPLETION, at, "single_trade" if trades == 1 else "multi_trade"
    )
    t.work_orders.all().delete()
    if trades > 1:
        for i in range(trades):
            WorkOrder.objects.create(
                ticket=t, trade=names[i] if names else f"工种{i + 1}", assignee=t.assignee
            )
    return {
        "responsible_party": party,
        "trades": trades,
        "estimate": cost,
        "work_class": klass,
        "cause": cause,
        "contractor_present": bool(contractor_present),
        "in_warranty": t.in_warranty,
        "complex_work": bool(complex_work),
        "participants": participants or [],
        "trade_names": names,
    }


def _approve_plan(actor, t: Ticket, at, tr, *, comment: str = "", **extra):
    _forbid_extra(extra, set())
    if not t.plan_required:
        raise Conflict("该工单无需审批维修方案", code="not_allowed")
    if t.plan_approved_at:
        raise Conflict("维修方案已批准", code="not_allowed")
    t.plan_approved_at = at
    return {"comment": comment}


def _start(actor, t: Ticket, at, tr, **extra):
    _forbid_extra(extra, set())
    if t.plan_required and not t.plan_approved_at:
        raise Conflict("复杂维修须先由售后服务负责人批准维修方案", code="plan_not_approved")
    workflow.run_guards("start", t)  # R-CST-1 (costs): no work before its spending is approved
    if t.status == Status.REOPENED:
        deadlines.start(
            t,
            DeadlineName.COMPLETION,
            at,
            "single_trade" if (t.trades or 1) == 1 else "multi_trade",
        )
    return {}


def _complete(
    actor,
    t: Ticket,
    at,
    tr,
    *,
    result: str = "",
    materials: list | None = None,
    labour_hours=None,
    work_order: int | None = None,
    **extra,
):
    """Repair record (R-DSP-6); with several trades the ticket completes when all do (R-DSP-4)."""
    _forbid_extra(extra, set())
    lines = _materials(materials or [])
    hours = (
        None
        if labour_hours in (None, "")
        else parse_quantity(labour_hours, "labour_hours", label="工时", zero=True)
    )
    orders = list(t.work_orders.filter(completed_at__isnull=True))
    if orders:
        if work_order is None and len(orders) > 1:
            raise field_error(
                "work_order", "多工种维修请逐个派工单完工（指定 work_order）", code="required"
            )
        order = (
            orders[0]
            if work_order is None
            else next((o for o in orders if o.pk == work_order), None)
        )
        if order is None:
            raise field_error("work_order", "派工单不存在或已完工", code="not_found")
        order.completed_at, order.result, order.materials, order.labour_hours = (
            at,
            result or "",
            _plain(lines),  # JSON: exact decimals kept as strings
            hours,
        )
        order.save(update_fields=["completed_at", "result", "materials", "labour_hours"])
        remaining = len(orders) - 1
    else:
        remaining = 0
    if remaining == 0:
        t.status = Status.AWAITING_SIGNOFF
    return {
        "result": result,
        "materials": lines,
        "labour_hours": hours,
        "work_order": work_order,
        "remaining_work_orders": remaining,
    }


def _materials(items: list) -> list[dict]:
    lines = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not str(item.get("item", "")).strip():
            raise field_error("materials", f"第 {i + 1} 项材料缺少名称")
        quantity = parse_quantity(item.get("quantity", 1), "materials")
        unit_cost = parse_money(item.get("unit_cost", 0), "materials")
        lines.append(
            {"item": str(item["item"]).strip()[:60], "quantity": quantity, "unit_cost": unit_cost}
        )
    return lines


def _check(actor, t: Ticket, at, tr, *, passed: bool = True, note: str = "", **extra):
    """Completion check (竣工检查, R-DSP-7); a failed check sends the work back."""
    _forbid_extra(extra, set())
    if not passed:
        t.status = Status.IN_PROGRESS
    return {"passed": bool(passed), "note": note}


def _sign_off(
    actor, t: Ticket, at, tr, *, opinion=None, signature: str = "", comment: str = "", **extra
):
    _forbid_extra(extra, set())
    t.signoff_opinion = _choice(opinion, "opinion", "签认意见", Opinion)
    if signature:
        t.signature.save(f"{t.number}.png", ContentFile(_png(signature)), save=False)
    deadlines.meet(t, DeadlineName.COMPLETION, at)
    level = "leak" if t.component in LEAK_COMPONENTS else "*"
    deadlines.start(t, DeadlineName.CALLBACK, at, level)
    return {"opinion": t.signoff_opinion, "signed": bool(signature), "comment": comment}


def _png(data: str) -> bytes:
    raw = data.split(",", 1)[1] if data.startswith("data:") else data
    try:
        content = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise field_error("signature", "签名应为 base64 编码的 PNG 图片") from exc
    if not content.startswith(b"\x89PNG\r\n\x1a\n") or len(content) > 2 * 1024 * 1024:
        raise field_error("signature", "签名应为不超过 2 MB 的 PNG 图片")
    return content


def _callback(
    actor,
    t: Ticket,
    at,
    tr,
    *,
    satisfied=None,
    method: str = "",
    scores: dict | None = None,
    comment: str = "",
    **extra,
):
    """R-CB-2: satisfied closes; not satisfied reopens and tells the service manager."""
    _forbid_extra(extra, set())
    if not isinstance(satisfied, bool):
        raise field_error("satisfied", "请选择是否满意", code="required")
    clean_scores = {}
    for key, value in (scores or {}).items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise field_error("scores", f"评分“{key}”应为 1–5 的整数")
        clean_scores[str(key)[:20]] = value
    Callback.objects.create(
        ticket=t,
        satisfied=satisfied,
        method=(method or "")[:20],
        scores=clean_scores,
        comment=comment or "",
        actor=actor,
        occurred_at=at,
    )
    deadlines.meet(t, DeadlineName.CALLBACK, at)
    if satisfied:
        t.status = Status.CLOSED
        t.close_reason = "回访满意"
    else:
        # R-CB-2: reopened for follow-up, and the service manager is told.
        t.status = Status.REOPENED
        t.reopen_count += 1
        _tell(t, [RoleCode.SERVICE_MANAGER], "callback_dissatisfied")
    return {"satisfied": satisfied, "method": method, "scores": clean_scores, "comment": comment}


# The owner's rating through the portal is kept as a callback of this method (R-SS-1), so the
# satisfaction reports count it with the others; four stars or more is "satisfied".
RATING_METHOD = "app"
SATISFIED_FROM = 4


def _rate(actor, t: Ticket, at, tr, *, score=None, comment: str = "", **extra):
    """R-SS-1: the owner's stars and comment on his finished ticket, once per round of work
    (a reopened and finished again ticket may be rated again). The status stays."""
    _forbid_extra(extra, set())
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise field_error("score", "评分应为 1–5 的整数")
    comment = str(comment or "").strip()
    if len(comment) > 500:
        raise field_error("comment", "评价内容不能超过 500 字")
    rated = Callback.objects.filter(
        ticket=t, method=RATING_METHOD, scores__round=t.reopen_count
    ).exists()
    if rated:
        raise Conflict("您已评价过这张工单", code="already_rated")
    Callback.objects.create(
        ticket=t,
        satisfied=score >= SATISFIED_FROM,
        method=RATING_METHOD,
        scores={"overall": score, "round": t.reopen_count},
        comment=comment,
        actor=actor,
        occurred_at=at,
    )
    return {"score": score, "comment": comment}


DEPARTMENT_NAMES = dict(DepartmentCode.choices)


def _department_name(code: str) -> str:
    return str(DEPARTMENT_NAMES.get(code, code))


def _route(actor, t: Ticket, at, tr, *, departments=None, **extra):
    """R-CMP-3: each routed department gets its own feedback clock and its members are told;
    the complaint's own ``department_feedback`` clock runs until every one has answered."""
    _forbid_extra(extra, set())
    if not isinstance(departments, list) or not departments:
        raise field_error("departments", "请选择至少一个责任部门", code="required")
    unknown = sorted(set(departments) - set(DepartmentCode.values))
    if unknown:
        raise field_error(
            "departments", f"未知的部门：{', '.join(unknown)}", code="unknown_department"
        )
    departments = sorted(set(departments))
    t.departments = sorted(set(t.departments) | set(departments))
    level = t.severity or "*"
    for code in departments:
        deadlines.start(t, DeadlineName.DEPARTMENT_FEEDBACK, at, level, department=code)
    deadlines.start(t, DeadlineName.DEPARTMENT_FEEDBACK, at, level)
    told = 0
    for code in departments:
        told += _tell_department(t, code, "complaint_routed")
    return {"departments": departments, "told": told}


def _tell_department(t: Ticket, code: str, template: str) -> int:
    """The members of a department whose data scope covers the ticket: in-app, and by SMS
    where a mobile number is on file (R-NTF-2)."""
    users = notify.department_staff(code, t.project_id)
    context = _context(t) | {"department": _department_name(code)}
    told = notify.notify_users(
        users, template, context, ticket=t, key=f"{template}:{t.pk}:{code}:{t.reopen_count}"
    )
    for user in users:
        if user.phone and estates.MOBILE_RE.match(user.phone):
            notify.notify_address(user.phone, "sms", template, context, ticket=t)
    return told


def _feedback(actor, t: Ticket, at, tr, *, department: str = "", content: str = "", **extra):
    """R-CMP-3: only a department the complaint was routed to answers, through its own
    members (the desk may record an answer given by telephone for a routed department)."""
    _forbid_extra(extra, set())
    if not (content or "").strip():
        raise field_error("content", "请填写反馈内容", code="required")
    own = actor.department.code if actor.department_id else ""
    desk = actor.is_superuser or bool(actor.role_codes() & workflow.DESK)
    department = department or ("" if desk else own)
    if not department:
        raise field_error("department", "请选择反馈部门", code="required")
    if department not in t.departments:
        routed = "、".join(_department_name(c) for c in t.departments) or "（尚未转交）"
        raise field_error(
            "department",
            f"该投诉未转交{_department_name(department)}，只能由已转交的部门反馈：{routed}",
            code="not_routed",
        )
    if department != own and not desk:
        raise Forbidden(
            f"您不是{_department_name(department)}的成员，不能代该部门反馈",
            code="not_department_member",
        )
    deadlines.meet(t, DeadlineName.DEPARTMENT_FEEDBACK, at, department=department)
    waiting = t.deadlines.filter(
        name=DeadlineName.DEPARTMENT_FEEDBACK, met_at__isnull=True
    ).exclude(department="")
    if not waiting.exists():
        deadlines.meet(t, DeadlineName.DEPARTMENT_FEEDBACK, at)
    return {"department": department, "content": content}


def _instruct(
    actor,
    t: Ticket,
    at,
    tr,
    *,
    measures: str = "",
    responsible: str = "",
    due: dt.datetime | None = None,
    **extra,
):
    """R-CMP-1: the GM or a deputy GM sets the measures of a major complaint, who carries
    them out and by when; the measures' own clock runs until the complaint is resolved."""
    _forbid_extra(extra, set())
    if t.severity != Severity.MAJOR:
        raise Conflict("只有重大投诉需要总经理确定处理措施", code="not_major")
    if not (measures or "").strip():
        raise field_error("measures", "请填写处理措施", code="required")
    if due is None or timezone.is_naive(due):
        raise field_error("due", "请填写带时区的措施完成期限", code="required")
    if due <= at:
        raise field_error("due", "措施完成期限应晚于现在", code="invalid_due")
    deadlines.meet(t, DeadlineName.INSTRUCTION, at)
    deadlines.start_until(t, DeadlineName.MEASURES, at, due)
    responsible = (responsible or "").strip()[:100]
    return {"measures": measures.strip(), "responsible": responsible, "measures_due": due}


def _approve_resolution(actor, t: Ticket, at, tr, *, comment: str = "", **extra):
    """R-CMP-1: the service manager signs off the handling of an important complaint."""
    _forbid_extra(extra, set())
    if t.severity != Severity.IMPORTANT:
        raise Conflict("只有重要投诉需要售后服务负责人审批处理结果", code="not_important")
    return {"comment": (comment or "").strip()}


def _since_reopened(t: Ticket, action: str) -> bool:
    """Whether ``action`` was taken since the complaint last reopened (or ever, if never)."""
    reopened = (
        t.events.filter(action="callback", to_status=Status.REOPENED)
        .order_by("-occurred_at", "-id")
        .values_list("occurred_at", flat=True)
        .first()
    )
    steps = t.events.filter(action=action)
    if reopened is not None:
        steps = steps.filter(occurred_at__gte=reopened)
    return steps.exists()


def _need_decision(t: Ticket, *, closing: bool = False) -> None:
    """R-CMP-1: a major complaint is not resolved or closed before the GM or a deputy GM
    set its measures; an important one is not resolved without the service manager's
    sign-off."""
    if t.kind != Kind.COMPLAINT or t.invalid:
        return
    if t.severity == Severity.MAJOR and not t.events.filter(action="instruct").exists():
        raise Conflict(
            "重大投诉须先由总经理或副总经理确定处理措施，才能"
            + ("关闭" if closing else "处理完成"),
            code="instruction_required",
        )
    if (
        not closing
        and t.severity == Severity.IMPORTANT
        and not _since_reopened(t, "approve_resolution")
    ):
        raise Conflict("重要投诉的处理结果须先经售后服务负责人审批", code="approval_required")


def _reply(actor, t: Ticket, at, tr, *, content: str = "", **extra):
    _forbid_extra(extra, set())
    if not (content or "").strip():
        raise field_error("content", "请填写答复内容", code="required")
    deadlines.meet(t, DeadlineName.REPLY, at)
    if t.kind == Kind.COMPLAINT:
        t.status = Status.REPLIED
    else:
        t.status = Status.CLOSED
        t.close_reason = "已答复"
    return {"content": content}


def _resolve(actor, t: Ticket, at, tr, *, content: str = "", **extra):
    _forbid_extra(extra, set())
    if not (content or "").strip():
        raise field_error("content", "请填写处理结果", code="required")
    _need_decision(t)
    deadlines.meet(t, DeadlineName.MEASURES, at)
    deadlines.meet(t, DeadlineName.REPLY, at)
    deadlines.meet(t, DeadlineName.RESOLUTION, at)
    deadlines.start(t, DeadlineName.CALLBACK, at, t.severity or "*")
    return {"content": content}


def _invalidate(actor, t: Ticket, at, tr, *, reason: str = "", **extra):
    _forbid_extra(extra, set())
    if not (reason or "").strip():
        raise field_error("reason", "请填写判定无效的原因", code="required")
    t.invalid, t.invalid_reason, t.close_reason = True, reason.strip()[:300], "无效投诉"
    return {"reason": reason}


def _pause(actor, t: Ticket, at, tr, *, reason: str = "", **extra):
    _forbid_extra(extra, set())
    if t.paused:
        raise Conflict("工单已暂停计时", code="already_paused")
    if not (reason or "").strip():
        raise field_error("reason", "请填写暂停原因（如客户不在家、客户改约时间）", code="required")
    t.paused, t.paused_at, t.pause_reason = True, at, reason.strip()[:200]
    return {"reason": reason}


def _resume(actor, t: Ticket, at, tr, *, reason: str = "", **extra):
    _forbid_extra(extra, set())
    if not t.paused:
        raise Conflict("工单未暂停计时", code="not_paused")
    deadlines.shift_for_pause(t, t.paused_at, at)
    paused_for = at - t.paused_at
    t.paused, t.paused_at, t.pause_reason = False, None, ""
    return {"reason": reason, "paused_seconds": int(paused_for.total_seconds())}


def _extend(
    actor,
    t: Ticket,
    at,
    tr,
    *,
    deadline: str = "",
    due: dt.datetime | None = None,
    customer_consent=None,
    reason: str = "",
    **extra,
):
    """R-CAL-3 / R-DSP-4: only with the customer's recorded consent."""
    _forbid_extra(extra, set())
    if customer_consent is not True:
        raise field_error(
            "customer_consent",
            "延期须征得客户同意（customer_consent 应为 true）",
            code="consent_required",
        )
    if due is None or timezone.is_naive(due):
        raise field_error("due", "请填写带时区的新截止时间", code="required")
    moved = deadlines.extend(t, deadline, due)
    return {"deadline": deadline, "due": moved.due, "reason": reason, "customer_consent": True}


def _merge(actor, t: Ticket, at, tr, *, into: int | None = None, **extra):
    """R-TKT-8: a duplicate closed into an open ticket (both rows locked by ``perform``)."""
    _forbid_extra(extra, set())
    target = scoping.visible_to(Ticket.objects.filter(pk=into or 0), actor).exclude(pk=t.pk).first()
    if target is None:
        raise field_error("into", "要合并到的工单不存在", code="not_found")
    if target.status == Status.CLOSED:
        raise Conflict("不能合并到已关闭的工单", code="not_allowed")
    t.merged_into, t.close_reason = target, f"合并到 {target.number}"
    return {"into": target.number}


def _close(actor, t: Ticket, at, tr, *, reason: str = "", **extra):
    """R-CB-3: a manager's recorded decision closes a ticket without a satisfied callback."""
    _forbid_extra(extra, set())
    if not (reason or "").strip():
        raise field_error("reason", "请填写关闭原因", code="required")
    _need_decision(t, closing=True)
    t.close_reason = reason.strip()[:300]
    return {"reason": reason}


def _transfer(actor, t: Ticket, at, tr, *, contractor: str = "", reason: str = "", **extra):
    """R-DSP-8: handed to a contractor; :mod:`aftersales.costs` keeps the transfer record."""
    _forbid_extra(extra, set())
    return {"contractor": contractor, "reason": reason}


def _transfer_accept(actor, t: Ticket, at, tr, *, contractor: str = "", answer: str = "", **extra):
    """The contractor's user accepts and becomes the handler (unless the ticket has closed)."""
    _forbid_extra(extra, set())
    if t.status != Status.CLOSED:
        t.assignee = actor
    return {"contractor": contractor, "answer": answer}


def _transfer_decline(actor, t: Ticket, at, tr, *, contractor: str = "", answer: str = "", **extra):
    _forbid_extra(extra, set())
    return {"contractor": contractor, "answer": answer}


_HANDLERS = {
    "dispatch": _dispatch,
    "reassign": _reassign,
    "appointment": _appointment,
    "survey": _survey,
    "approve_plan": _approve_plan,
    "start": _start,
    "complete": _complete,
    "check": _check,
    "sign_off": _sign_off,
    "callback": _callback,
    "route": _route,
    "feedback": _feedback,
    "instruct": _instruct,
    "approve_resolution": _approve_resolution,
    "reply": _reply,
    "resolve": _resolve,
    "invalidate": _invalidate,
    "pause": _pause,
    "resume": _resume,
    "extend": _extend,
    "merge": _merge,
    "close": _close,
    "transfer": _transfer,
    "transfer_accept": _transfer_accept,
    "transfer_decline": _transfer_decline,
    "rate": _rate,
}
assert set(_HANDLERS) == set(workflow.ACTIONS)
assert set(_HANDLERS) == set(events.FOR_ACTION)
