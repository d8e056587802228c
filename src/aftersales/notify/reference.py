"""Default message templates (Chinese), editable by administrators."""

TEMPLATES = [
    (
        "portal_code",
        "业主登录验证码（短信）",
        "登录验证码",
        "您的登录验证码为 {code}，{minutes} 分钟内有效。请勿告诉他人。",
    ),
    (
        "ticket_registered",
        "受理回执（客户）",
        "报事已受理",
        "您好，您反映的问题已受理，编号 {number}，我们将在 {expected} 前与您联系。如有疑问请致电客服中心。",
    ),
    (
        "ticket_assigned",
        "新派工（员工）",
        "新工单 {number}",
        "您有新的工单 {number}（{house}）：{description}",
    ),
    (
        "deadline_at_risk",
        "时限预警",
        "工单 {number}“{deadline}”即将超时",
        "工单 {number} 的“{deadline}”时限将于 {due} 到期，已用去 75% 的时间，请尽快处理。",
    ),
    (
        "deadline_breached",
        "超时通知",
        "工单 {number}“{deadline}”已超时",
        "工单 {number} 的“{deadline}”时限已于 {due} 到期仍未完成，请立即处理并说明原因。",
    ),
    (
        "complaint_escalated",
        "重大投诉上报",
        "重大投诉 {number}",
        "收到重大投诉 {number}：{description}。请总经理、副总经理确定处理措施。",
    ),
    (
        "emergency",
        "紧急报修",
        "紧急报修 {number}",
        "紧急报修 {number}（{house}）：{description}。请立即安排处理。",
    ),
    (
        "complaint_emergency",
        "紧急投诉",
        "紧急投诉 {number}",
        "紧急投诉 {number}（{house}）：{description}。请立即安排处理。",
    ),
    (
        "complaint_routed",
        "投诉转责任部门",
        "投诉 {number} 转{department}处理",
        "投诉 {number}（{house}）：{description}。已转{department}，请在 3 个工作日内反馈处理意见。",
    ),
    (
        "callback_dissatisfied",
        "回访不满意",
        "工单 {number} 回访不满意",
        "工单 {number} 回访客户不满意，已重新打开，请跟进处理。",
    ),
    (
        "spending_pending",
        "费用待审批（员工）",
        "费用申请待{step}：{number}",
        "工单 {number}（{house}）申请维修费用 {amount} 元，请{step}。",
    ),
    (
        "spending_decided",
        "费用审批结果（员工）",
        "费用申请{result}：{number}",
        "工单 {number} 的维修费用申请（{amount} 元）{result}。",
    ),
    (
        "contractor_transfer",
        "转交施工单位",
        "转交工单 {number}",
        "工单 {number}（{house}）已转交贵单位维修：{description}。请在系统中接收并按原时限完成。",
    ),
    (
        "contractor_answer",
        "施工单位答复",
        "{contractor}{result}工单 {number}",
        "{contractor}{result}转交的工单 {number}。",
    ),
    (
        "final_account_filed",
        "决算书待审核",
        "决算书 {account} 待审核",
        "工单 {number} 的维修工程决算书 {account}（{amount} 元）已提交，请审核。",
    ),
    (
        "settlement_step",
        "结算书待办",
        "结算书 {settlement}：{status}",
        "工单 {number} 的维修工程结算书 {settlement}（{amount} 元）当前：{status}，请处理。",
    ),
]


def ensure_templates(model, templates=None) -> None:
    """Add the missing ``(code, name, subject, body)`` templates (default: notify's own);
    an app passes its own list from its reference-data step."""
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(code=c, name=n, subject=s, body=b)
            for c, n, s, b in (TEMPLATES if templates is None else templates)
            if c not in existing
        ]
    )


# The ``{placeholders}`` each template may use: the context its sender fills in
# (tickets.services.message_context, tickets.monitor._context and the intake receipt).
_TICKET = ("number", "house", "description")
_DEADLINE = ("number", "deadline", "due")
KNOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "portal_code": ("code", "minutes"),
    "ticket_registered": (*_TICKET, "expected"),
    "ticket_assigned": _TICKET,
    "deadline_at_risk": _DEADLINE,
    "deadline_breached": _DEADLINE,
    "complaint_escalated": _TICKET,
    "emergency": _TICKET,
    "complaint_emergency": _TICKET,
    "complaint_routed": (*_TICKET, "department"),
    "callback_dissatisfied": _TICKET,
    "spending_pending": (*_TICKET, "amount", "step"),
    "spending_decided": (*_TICKET, "amount", "result"),
    "contractor_transfer": (*_TICKET, "contractor"),
    "contractor_answer": (*_TICKET, "contractor", "result"),
    "final_account_filed": (*_TICKET, "amount", "account"),
    "settlement_step": (*_TICKET, "settlement", "amount", "status"),
}


def ensure() -> None:
    """The registered reference-data step (see aftersales.core.reference)."""
    from aftersales.notify.models import NotificationTemplate

    ensure_templates(NotificationTemplate)
