"""Reference data of the ticket domain: default deadline policies and the phenomenon tree.

The amounts are the documented defaults (R-CAL-2, R-DSP-2/4, R-CB-1, R-CMP-1/2/3); every one
is a row an administrator can change.
"""

from decimal import Decimal

# (kind, level, name, amount, unit, basis)
POLICIES = [
    ("repair", "*", "survey", 1, "working_days", "R-DSP-2 派工后 1 个工作日内现场勘察"),
    ("repair", "urgent", "survey", 24, "natural_hours", "R-TKT-6 加急"),
    ("repair", "emergency", "survey", 2, "natural_hours", "R-TKT-6 紧急情况立即处理"),
    ("repair", "single_trade", "completion", 3, "working_days", "R-DSP-4 单一工种 3 个工作日"),
    ("repair", "multi_trade", "completion", 7, "working_days", "R-DSP-4 多工种 7 个工作日"),
    ("repair", "*", "callback", 2, "natural_days", "R-CB-1 一般维修 2 天"),
    ("repair", "leak", "callback", 3, "natural_days", "R-CB-1 渗漏维修闭水试验后 3 天"),
    ("complaint", "major", "reply", 48, "natural_hours", "R-CMP-1 重大投诉 2 天内明确答复"),
    ("complaint", "important", "reply", 24, "natural_hours", "R-CMP-2 24 小时内首次反馈"),
    ("complaint", "minor", "reply", 24, "natural_hours", "R-CMP-2 24 小时内首次反馈"),
    ("complaint", "major", "resolution", 240, "natural_hours", "R-CMP-1 重大投诉 10 天内解决"),
    ("complaint", "important", "resolution", 72, "natural_hours", "R-CMP-1 重要投诉 3 天内处理"),
    ("complaint", "minor", "resolution", 48, "natural_hours", "R-CMP-1 一般投诉 2 天内处理"),
    ("complaint", "*", "department_feedback", 3, "working_days", "R-CMP-3 部门 3 个工作日内反馈"),
    (
        "complaint",
        "major",
        "instruction",
        24,
        "natural_hours",
        "R-CMP-1 重大投诉即报总经理、副总经理确定措施",
    ),
    ("complaint", "*", "callback", 2, "natural_days", "R-CB-1 处理完成后回访"),
    ("inquiry", "*", "reply", 24, "natural_hours", "003 §3.1 24 小时内响应"),
    ("suggestion", "*", "reply", 24, "natural_hours", "003 §3.1 24 小时内响应"),
    ("praise", "*", "reply", 24, "natural_hours", "003 §3.1 24 小时内响应"),
]

# (category, phenomenon, default warranty component)
PHENOMENA = [
    ("civil", "墙面开裂", "structure"),
    ("civil", "墙面空鼓", "decoration"),
    ("civil", "地面起砂", "decoration"),
    ("civil", "卫生间渗漏", "leakage"),
    ("civil", "外墙渗水", "leakage"),
    ("civil", "屋面漏水", "roof_waterproofing"),
    ("water_electric", "水管漏水", "plumbing"),
    ("water_electric", "下水堵塞", "plumbing"),
    ("water_electric", "插座无电", "electrical"),
    ("water_electric", "跳闸断电", "electrical"),
    ("hvac", "暖气不热", "heating_cooling"),
    ("hvac", "空调不制冷", "heating_cooling"),
    ("doors_windows", "门窗变形", "decoration"),
    ("doors_windows", "窗户渗水", "leakage"),
    ("doors_windows", "门锁损坏", "equipment"),
    ("fitout", "木地板起拱", "decoration"),
    ("fitout", "橱柜损坏", "decoration"),
    ("fitout", "瓷砖脱落", "decoration"),
    ("other", "其他问题", ""),
]


def ensure_ticket_reference(policy_model, phenomenon_model) -> None:
    """Create missing policies and phenomena; administrators' edits are kept."""
    existing = set(policy_model.objects.values_list("kind", "level", "name"))
    policy_model.objects.bulk_create(
        [
            policy_model(kind=k, level=lv, name=n, amount=Decimal(a), unit=u, note=basis)
            for k, lv, n, a, u, basis in POLICIES
            if (k, lv, n) not in existing
        ]
    )
    existing = set(phenomenon_model.objects.values_list("category", "name"))
    phenomenon_model.objects.bulk_create(
        [
            phenomenon_model(category=c, name=n, component=comp, sort=i)
            for i, (c, n, comp) in enumerate(PHENOMENA)
            if (c, n) not in existing
        ]
    )


def ensure() -> None:
    """The registered reference-data step (see aftersales.core.reference)."""
    from aftersales.tickets.models import DeadlinePolicy, Phenomenon

    ensure_ticket_reference(DeadlinePolicy, Phenomenon)
