"""Reference data of the care app: the message templates and a starting set of care rules."""

from __future__ import annotations

TEMPLATES = [
    ("care_message", "客户关怀", "{subject}", "{text}"),
    (
        "care_repeat_visit",
        "非常不满意客户复访（员工）",
        "需经理复访：{house}",
        "回访中客户{customer}（{house}）表示非常不满意，请售后服务负责人安排复访。",
    ),
]
# The placeholders each template may use (the template editor refuses others).
KNOWN_FIELDS = {
    "care_message": ("subject", "text"),
    "care_repeat_visit": ("house", "customer"),
}

RULES = [
    (
        "warranty_expiry",
        "保修到期提醒",
        2,
        "",
        "sms",
        "尊敬的{name}：您房屋{house}的“{component}”保修期将于 {on} 到期，如有问题请及时报修。",
    ),
    (
        "delivery_anniversary",
        "交付一年回访",
        12,
        "",
        "sms",
        "尊敬的{name}：您的房屋{house}交付已满 {months} 个月，客服中心近期将上门回访，感谢支持。",
    ),
    ("birthday", "生日祝福", None, "", "sms", "尊敬的{name}：祝您生日快乐，阖家幸福！"),
    ("holiday", "节日问候", None, "", "sms", "尊敬的{name}：节日快乐！客服中心恭祝您阖家安康。"),
    (
        "vip",
        "VIP 礼遇",
        None,
        "vip",
        "inapp",
        "尊敬的{name}：作为 VIP 业主，您本年度可享受一次免费家居保养服务，欢迎预约。",
    ),
]


def ensure() -> None:
    from aftersales.care.models import CareRule
    from aftersales.notify.models import NotificationTemplate

    have = set(NotificationTemplate.objects.values_list("code", flat=True))
    NotificationTemplate.objects.bulk_create(
        NotificationTemplate(code=c, name=n, subject=s, body=b)
        for c, n, s, b in TEMPLATES
        if c not in have
    )
    if not CareRule.objects.exists():
        CareRule.objects.bulk_create(
            CareRule(kind=k, name=n, months=m, segment=seg, channel=ch, text=t)
            for k, n, m, seg, ch, t in RULES
        )
