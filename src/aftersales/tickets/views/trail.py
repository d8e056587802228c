"""The ticket trail in words: a Chinese label and the key data of each event."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime

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

EXTRA_LABELS = {"register": "登记", "escalate": "上报重大投诉", "emergency": "紧急报事"}
SCORE_NAMES = {"result": "结果", "attitude": "态度", "speed": "速度"}

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
    "channel": "来源",
    "urgency": "紧急程度",
    "severity": "投诉级别",
    "duplicates": "疑似重复",
    "assignee_name": "处理人",
    "visit_at": "预约时间",
    "responsible_party": "责任方",
    "trades": "工种数",
    "trade_names": "工种",
    "estimate": "预估费用",
    "work_class": "工单类别",
    "in_warranty": "在保",
    "cause": "原因",
    "contractor_present": "施工单位到场",
    "complex_work": "复杂维修",
    "result": "维修结果",
    "materials": "材料",
    "labour_hours": "工时",
    "remaining_work_orders": "未完工派工单",
    "passed": "检查合格",
    "opinion": "签认意见",
    "signed": "已签名",
    "satisfied": "满意",
    "method": "方式",
    "scores": "评分",
    "departments": "责任部门",
    "department": "部门",
    "content": "内容",
    "deadline": "时限",
    "due": "新截止时间",
    "into": "合并到",
    "paused_seconds": "暂停时长",
    "to": "上报",
    "notify": "通知",
    "reason": "原因",
    "note": "说明",
    "comment": "意见",
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
        return "是" if value else "否"
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
    if key in ("visit_at", "due"):
        return _when(value)
    if key == "estimate":
        return f"{Decimal(str(value)):.2f} 元"
    if key == "paused_seconds":
        return duration(value)
    if key == "scores":
        return "，".join(f"{SCORE_NAMES.get(k, k)} {v}" for k, v in value.items())
    if key == "materials":
        return "；".join(f"{m['item']} × {m['quantity']}（单价 {m['unit_cost']}）" for m in value)
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
