"""The ticket trail in words: a Chinese label and the key data of each event."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import DepartmentCode, RoleCode
from aftersales.tickets import workflow
from aftersales.tickets.choices import (
    Channel,
    DeadlineName,
    Opinion,
    ResponsibleParty,
    Severity,
    Status,
    Urgency,
    WorkClass,
)
from aftersales.tickets.views._common import duration

EXTRA_LABELS = {
    "register": _("登记"),
    "escalate": _("上报重大投诉"),
    "emergency": _("紧急报事"),
    "deadline_at_risk": _("时限预警，逐级通知"),
    "deadline_breached": _("超时，逐级上报"),
    # money and contractor steps (aftersales.costs)
    "spending_request": _("申请维修费用"),
    "spending_approve": _("费用审批同意"),
    "spending_reject": _("费用审批驳回"),
    "transfer": _("转交施工单位"),
    "transfer_accept": _("施工单位接收"),
    "transfer_decline": _("施工单位拒绝"),
    "final_account": _("编制决算书"),
    "settlement": _("决算审核，生成结算书"),
    "settlement_confirm": _("施工单位确认结算"),
    "settlement_certify": _("副总工程师签认结算"),
    "settlement_pay": _("财务付款"),
}
SCORE_NAMES = {"result": _("结果"), "attitude": _("态度"), "speed": _("速度")}

# key → (label, how to show the value)
CHOICES = {
    "channel": Channel,
    "urgency": Urgency,
    "severity": Severity,
    "responsible_party": ResponsibleParty,
    "work_class": WorkClass,
    "opinion": Opinion,
    "deadline": DeadlineName,
    "department": DepartmentCode,
}
FIELDS = {
    "channel": _("来源"),
    "urgency": _("紧急程度"),
    "severity": _("投诉级别"),
    "duplicates": _("疑似重复"),
    "assignee_name": _("处理人"),
    "visit_at": _("预约时间"),
    "responsible_party": _("责任方"),
    "trades": _("工种数"),
    "trade_names": _("工种"),
    "estimate": _("预估费用"),
    "work_class": _("工单类别"),
    "in_warranty": _("在保"),
    "cause": _("原因"),
    "contractor_present": _("施工单位到场"),
    "complex_work": _("复杂维修"),
    "result": _("维修结果"),
    "materials": _("材料"),
    "labour_hours": _("工时"),
    "remaining_work_orders": _("未完工派工单"),
    "passed": _("检查合格"),
    "opinion": _("签认意见"),
    "signed": _("已签名"),
    "satisfied": _("满意"),
    "method": _("方式"),
    "scores": _("评分"),
    "departments": _("责任部门"),
    "department": _("部门"),
    "content": _("内容"),
    "deadline": _("时限"),
    "due": _("新截止时间"),
    "into": _("合并到"),
    "paused_seconds": _("暂停时长"),
    "to": _("上报"),
    "told": _("已通知人数"),
    "measures": _("处理措施"),
    "responsible": _("落实人"),
    "measures_due": _("措施完成期限"),
    "notify": _("通知"),
    "reason": _("原因"),
    "note": _("说明"),
    "comment": _("意见"),
}
ROLES = dict(RoleCode.choices)
STATUSES = dict(Status.choices)


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return str(value)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _value(key: str, value) -> str:
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if key in CHOICES:
        labels = dict(CHOICES[key].choices)
        if isinstance(value, list):
            return "、".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if key == "departments":
        labels = dict(DepartmentCode.choices)
        return "、".join(str(labels.get(v, v)) for v in value)
    if key in ("to", "notify"):
        return "、".join(str(ROLES.get(v, v)) for v in value)
    if key in ("visit_at", "due", "measures_due"):
        return _when(value)
    if key == "estimate":
        return gettext("%(amount)s 元") % {"amount": f"{Decimal(str(value)):.2f}"}
    if key == "paused_seconds":
        return duration(value)
    if key == "scores":
        return "，".join(f"{SCORE_NAMES.get(k, k)} {v}" for k, v in value.items())
    if key == "materials":
        line = gettext("%(item)s × %(quantity)s（单价 %(unit_cost)s）")
        return "；".join(line % m for m in value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def describe(event) -> None:
    """Attach ``label`` and ``details`` (pairs of label and text) to a TicketEvent."""
    event.label = workflow.LABELS.get(event.action) or EXTRA_LABELS.get(event.action, event.action)
    details = []
    for key, value in (event.data or {}).items():
        if key not in FIELDS or value in (None, "", [], {}):
            continue
        if key == "remaining_work_orders" and not value:
            continue
        details.append((FIELDS[key], _value(key, value)))
    event.details = details
    event.status_label = STATUSES.get(event.to_status, event.to_status)
    event.back_entry = abs((event.recorded_at - event.occurred_at).total_seconds()) > 300
