"""Reference data of the front desk: the paid-service price list a new installation starts with
(edited on the price page) and the message templates the front desk sends."""

from __future__ import annotations

from decimal import Decimal

PRICE_ITEMS = [
    ("lock_open", "开锁", Decimal("80.00"), "次"),
    ("lock_replace", "更换锁芯", Decimal("150.00"), "个"),
    ("pipe_clear", "疏通下水管道", Decimal("120.00"), "次"),
    ("light_fix", "更换灯具", Decimal("30.00"), "个"),
    ("appliance_install", "家电安装", None, "项"),
    ("repair_paid", "报修转有偿维修", None, "项"),
]


def ensure_price_items() -> None:
    from aftersales.frontdesk.models import PriceItem

    for code, name, price, unit in PRICE_ITEMS:
        PriceItem.objects.get_or_create(
            code=code, defaults={"name": name, "price": price, "unit": unit}
        )


# Message templates of the front desk: (code, name, subject, body), with their placeholders.
TEMPLATES = [
    (
        "paid_service_disputed",
        "有偿服务价格异议（部门负责人）",
        "有偿服务价格异议 {number}",
        "有偿服务 {number}（{house}）报价 {amount} 元，业主提出异议：{reason}。"
        "请部门负责人与业主沟通后重新报价。",
    ),
    (
        "renovation_registered",
        "装修登记告知（维修班组、物业安保）",
        "装修登记 {house}",
        "房屋 {house} 已办理装修登记，装修期 {starts_on} 至 {ends_on}，"
        "请维修班组与物业安保做好巡查和出入管理。",
    ),
]
KNOWN_FIELDS = {
    "paid_service_disputed": ("number", "house", "amount", "reason"),
    "renovation_registered": ("house", "starts_on", "ends_on"),
}


def ensure_templates() -> None:
    from aftersales.notify.models import NotificationTemplate
    from aftersales.notify.reference import ensure_templates

    ensure_templates(NotificationTemplate, TEMPLATES)
