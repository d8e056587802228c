"""Helpers shared by the handover services: moments, meter readings, records in scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from aftersales.attachments.services import check_upload
from aftersales.core import bounds, scoping
from aftersales.core.errors import field_error
from aftersales.estates.models import Customer, House

READING_LIMIT = Decimal("99999999.99")
CENT = Decimal("0.01")


def moment(value: dt.datetime | None, field: str = "occurred_at", label: str = "发生时间"):
    """When it happened: now by default; never in the future nor before 2000."""
    if value is None:
        return timezone.now()
    problem = bounds.OCCURRED.check_moment(value, label)
    if problem:
        raise field_error(field, problem, code="out_of_window")
    return value


def reading(value: Any, field: str, *, required: bool = False) -> Decimal | None:
    """A meter reading: a decimal (a JSON number or a decimal string), 0 ≤ x ≤ 99 999 999.99."""
    if value is None or value == "":
        if required:
            raise field_error(field, "请填写表读数", code="required")
        return None
    if isinstance(value, bool):
        raise field_error(field, "表读数应为数字")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, "表读数应为数字") from exc
    if not number.is_finite() or number < 0 or number > READING_LIMIT:
        raise field_error(field, "表读数应在 0 到 99999999.99 之间")
    if number != number.quantize(CENT):
        raise field_error(field, "表读数最多两位小数")
    return number.quantize(CENT)


def meters(values: dict | None, names: tuple[str, ...], *, required: bool = False) -> dict:
    """The readings ``names`` of a ``meters`` object, each checked (field ``meters.<name>``)."""
    values = values or {}
    if not isinstance(values, dict):
        raise field_error("meters", '表读数应为对象，如 {"water": 12.5}')
    unknown = set(values) - set(names)
    if unknown:
        raise field_error("meters", f"未知的表：{'、'.join(sorted(unknown))}")
    return {n: reading(values.get(n), f"meters.{n}", required=required) for n in names}


def house_in_scope(actor, house: House | int) -> House:
    house_id = house.pk if isinstance(house, House) else house
    found = (
        scoping.visible_to(House.objects.select_related("project"), actor)
        .filter(pk=house_id)
        .first()
    )
    if found is None:
        raise field_error("house", "房屋不存在或不在您的数据范围内", code="not_found")
    return found


def customer_of(actor, customer: Customer | int, house: House) -> Customer:
    """The customer, in scope and linked to ``house`` (owner, tenant or family)."""
    customer_id = customer.pk if isinstance(customer, Customer) else customer
    found = scoping.visible_to(Customer.objects.all(), actor).filter(pk=customer_id).first()
    if found is None:
        raise field_error("customer", "客户不存在或不在您的数据范围内", code="not_found")
    if not found.house_links.filter(house_id=house.pk).exists():
        raise field_error("customer", "该客户不是这套房屋的业主或住户", code="not_linked")
    return found


def text(value: Any, field: str, label: str, limit: int) -> str:
    value = ("" if value is None else str(value)).strip()
    problem = bounds.text_problem(value)
    if problem:
        raise field_error(field, problem)
    if len(value) > limit:
        raise field_error(field, f"{label}不能超过 {limit} 字")
    return value


def store_photo(photo, upload):
    """Check an uploaded photo (size, real type) and save it on ``photo`` (a model with
    ``file`` and ``content_type``)."""
    checked = check_upload(upload, "photo")
    if not checked.content_type.startswith("image/"):
        raise field_error("photo", "请上传照片（JPEG、PNG、WebP 或 HEIC）")
    photo.content_type = checked.content_type
    photo.file.save(checked.name or "photo.jpg", ContentFile(checked.data), save=False)
    photo.save()
    return photo


def codes(row: dict, field: str, components: set[str]) -> tuple[str, str]:
    """A row's ticket ``category`` and warranty ``component`` (each may be empty), checked."""
    from aftersales.tickets.choices import Category

    category = row.get("category") or ""
    if category and category not in Category.values:
        raise field_error(f"{field}.category", f"未知的类别“{category}”")
    component = row.get("component") or ""
    if component and component not in components:
        raise field_error(f"{field}.component", f"未知的保修部位“{component}”")
    return category, component
