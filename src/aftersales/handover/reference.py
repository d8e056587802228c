"""The default inspection checklist (房屋质量验收登记表) for an apartment.

Configurable data: administrators may add, change or switch off lines; :func:`ensure` only adds
the missing default lines (idempotent, run after every ``migrate``)."""

from __future__ import annotations

# (room, item, ticket category, warranty component)
DEFAULT_CHECKLIST: list[tuple[str, str, str, str]] = [
    ("入户门", "门扇开关顺畅、无变形", "doors_windows", "decoration"),
    ("入户门", "门锁、猫眼、钥匙齐全", "doors_windows", "equipment"),
    ("客厅", "墙面无空鼓、开裂、污染", "civil", "decoration"),
    ("客厅", "顶棚无裂缝、无渗水痕迹", "civil", "leakage"),
    ("客厅", "地面平整、无空鼓", "civil", "decoration"),
    ("客厅", "窗户开启灵活、密封良好", "doors_windows", "leakage"),
    ("客厅", "开关、插座通电正常", "water_electric", "electrical"),
    ("卧室", "墙面无空鼓、开裂", "civil", "decoration"),
    ("卧室", "地面平整、无空鼓", "civil", "decoration"),
    ("卧室", "窗户开启灵活、玻璃完好", "doors_windows", "leakage"),
    ("卧室", "开关、插座通电正常", "water_electric", "electrical"),
    ("卧室", "空调孔、冷凝水管到位", "hvac", "heating_cooling"),
    ("厨房", "墙地砖无空鼓、开裂", "civil", "decoration"),
    ("厨房", "给水管、阀门无渗漏", "water_electric", "plumbing"),
    ("厨房", "排水管通畅", "water_electric", "plumbing"),
    ("厨房", "燃气管道、燃气表完好", "hvac", "equipment"),
    ("厨房", "插座（含大功率）通电正常", "water_electric", "electrical"),
    ("卫生间", "防水闭水试验无渗漏", "civil", "leakage"),
    ("卫生间", "地漏通畅、地面坡向正确", "water_electric", "plumbing"),
    ("卫生间", "给排水管无渗漏", "water_electric", "plumbing"),
    ("卫生间", "排风扇、等电位连接", "water_electric", "electrical"),
    ("阳台", "栏杆牢固、高度合格", "civil", "structure"),
    ("阳台", "地漏通畅、无积水", "water_electric", "plumbing"),
    ("阳台", "外墙无渗水", "civil", "leakage"),
    ("全屋", "配电箱、漏电保护动作正常", "water_electric", "electrical"),
    ("全屋", "水表、电表读数清晰", "water_electric", "equipment"),
    ("全屋", "暖气片/地暖无渗漏", "hvac", "heating_cooling"),
    ("全屋", "可视对讲通话、开锁正常", "water_electric", "equipment"),
    ("全屋", "烟感、弱电箱、网络面板", "water_electric", "electrical"),
    ("全屋", "承重墙、梁柱无结构裂缝", "civil", "structure"),
]


def ensure() -> None:
    from aftersales.handover.models import ChecklistItem

    have = set(ChecklistItem.objects.values_list("room", "name"))
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(room=r, name=n, category=c, component=w, order=(i + 1) * 10)
            for i, (r, n, c, w) in enumerate(DEFAULT_CHECKLIST)
            if (r, n) not in have
        ]
    )
    ensure_templates()


# Message templates of the handover app: (code, name, subject, body), with their placeholders.
TEMPLATES = [
    (
        "handover_appointment",
        "交付预约通知（客户）",
        "收房预约 {house}",
        "您好，您的房屋 {house} 已预约于 {time} 办理交付收房，请携带：{documents}。",
    ),
    (
        "handover_reinspection",
        "复验预约通知（客户）",
        "复验通知 {house}",
        "您好，您的房屋 {house} 验房发现的问题已全部整改完毕，请致电客服中心预约复验。",
    ),
    (
        "custody_patrol",
        "托管巡查告知（客户）",
        "托管房屋巡查 {house}",
        "您好，物业于 {time} 巡查您托管的房屋 {house}：{findings}",
    ),
    (
        "usage_report_filed",
        "产品使用情况表（工程部）",
        "产品使用情况表 {project}",
        "{project} 交付一年的产品使用情况表已提交：{summary}",
    ),
]
KNOWN_FIELDS = {
    "handover_appointment": ("house", "time", "documents"),
    "handover_reinspection": ("house",),
    "custody_patrol": ("house", "time", "findings"),
    "usage_report_filed": ("project", "summary"),
}


def ensure_templates() -> None:
    from aftersales.notify.models import NotificationTemplate

    existing = set(NotificationTemplate.objects.values_list("code", flat=True))
    NotificationTemplate.objects.bulk_create(
        [
            NotificationTemplate(code=c, name=n, subject=s, body=b)
            for c, n, s, b in TEMPLATES
            if c not in existing
        ]
    )
