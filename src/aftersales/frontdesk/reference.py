"""The paid-service price list a new installation starts with (edited on the price page)."""

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
