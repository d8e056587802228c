"""Helpers shared by the front desk's services: the house and customer of a request, texts,
moments, protected ID numbers and drawn signatures."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.db.models import Case, When
from django.utils import timezone

from aftersales.core import bounds, pii, scoping
from aftersales.core.errors import NotFound, field_error
from aftersales.estates.choices import HouseRole
from aftersales.estates.models import Customer, CustomerHouse, House

FUTURE_TOLERANCE = dt.timedelta(minutes=5)
SIGNATURE_MAX_BYTES = 512 * 1024
RESIDENT_ROLES = (
    HouseRole.OWNER,
    HouseRole.CO_OWNER,
    HouseRole.TENANT,
    HouseRole.FAMILY,
    HouseRole.AGENT,
)
OWNER_ROLES = (HouseRole.OWNER, HouseRole.CO_OWNER)


def pk_of(value: Any) -> int | None:
    value = getattr(value, "pk", value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def house(actor, value: Any, field: str = "house") -> House:
    """The house named by ``value`` (id or row) within ``actor``'s data scope, else 422."""
    pk = pk_of(value)
    if pk is None:
        raise field_error(field, "请选择房屋", code="required")
    try:
        return scoping.get_visible_or_404(House.objects.select_related("project"), actor, pk=pk)
    except NotFound:
        raise field_error(field, "房屋不存在或不在您的数据范围内", code="not_found") from None


def own_customer(actor) -> int | None:
    """An owner's own customer (he books and acts for himself only); None for staff."""
    customer = getattr(actor, "customer_id", None)
    if not customer or not getattr(actor, "is_authenticated", False):
        return None
    return None if scoping.is_staff_user(actor) else customer


def own_house(actor, value: Any) -> House:
    """The owner's own house named by ``value``; another's (or an unknown one) is 404."""
    pk = pk_of(value)
    if pk is None:
        raise field_error("house", "请选择房屋", code="required")
    return scoping.get_visible_or_404(
        House.objects.select_related("project"), actor, "房屋不存在或不在您的数据范围内", pk=pk
    )


def resident(
    actor, the_house: House, value: Any, field: str = "customer", roles=RESIDENT_ROLES
) -> Customer:
    """The customer ``value``, who must live in (or own) ``the_house``; 422 otherwise. The
    screens may leave it empty: then the house's owner (or first resident) on file."""
    pk = pk_of(value)
    if pk is None and value in (None, ""):
        found = first_resident(the_house, roles)
        if found is None:
            raise field_error(field, "该房屋没有登记住户", code="no_resident")
        return found
    if pk is None:
        raise field_error(field, "请选择客户", code="required")
    found = scoping.visible_to(Customer.objects.all(), actor).filter(pk=pk).first()
    if found is None:
        raise field_error(field, "客户不存在或不在您的数据范围内", code="not_found")
    if not CustomerHouse.objects.filter(customer=found, house=the_house, role__in=roles).exists():
        raise field_error(field, "该客户不是此房屋的住户", code="not_resident")
    return found


def first_resident(the_house: House, roles=RESIDENT_ROLES) -> Customer | None:
    link = (
        CustomerHouse.objects.filter(house=the_house, role__in=roles)
        .select_related("customer")
        .order_by(Case(When(role=HouseRole.OWNER, then=0), default=1), "id")
        .first()
    )
    return link.customer if link else None


def text(value: Any, field: str, label: str, limit: int, *, required: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise field_error(field, f"请填写{label}", code="required")
    if len(value) > limit:
        raise field_error(field, f"{label}不能超过 {limit} 个字")
    problem = bounds.text_problem(value)
    if problem:
        raise field_error(field, problem)
    return value


def moment(
    value: dt.datetime | None,
    field: str = "occurred_at",
    label: str = "发生时间",
    *,
    not_before: dt.datetime | None = None,
) -> dt.datetime:
    """When a step really happened (paper entered later): not in the future, in the window."""
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        raise field_error(field, f"{label}需带时区，例如 2026-09-30T10:00:00+08:00")
    if value > now + FUTURE_TOLERANCE:
        raise field_error(field, f"{label}不能晚于现在")
    problem = bounds.OCCURRED.check_moment(value, label)
    if problem:
        raise field_error(field, problem)
    if not_before is not None and value < not_before:
        raise field_error(field, f"{label}不能早于上一步")
    return value


def protected_id(value: Any, field: str, *, required: bool = True) -> dict:
    """A resident ID number checked (422 ``invalid_id``) and kept protected like the archive's."""
    number = "" if value is None else str(value).strip().upper()
    if not number and not required:
        return {"id_number_encrypted": "", "id_number_hash": "", "id_number_masked": ""}
    if not pii.valid_resident_id(number):
        raise field_error(field, "身份证号码无效（应为 18 位且校验位正确）", code="invalid_id")
    return {
        "id_number_encrypted": pii.encrypt(number),
        "id_number_hash": pii.lookup_hash(number),
        "id_number_masked": pii.mask(number),
    }


def signature(value: Any, field: str = "signature", *, required: bool = True) -> str:
    """A drawn signature: a PNG as base64 or a ``data:image/png;base64,`` URI; kept as a URI."""
    raw = "" if value is None else str(value).strip()
    if not raw:
        if required:
            raise field_error(field, "请签收人签名", code="signature_required")
        return ""
    data = raw.split(",", 1)[1] if raw.startswith("data:") else raw
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise field_error(field, "签名应为 base64 编码的 PNG 图片") from exc
    if not content.startswith(b"\x89PNG\r\n\x1a\n") or len(content) > SIGNATURE_MAX_BYTES:
        raise field_error(field, "签名应为不超过 512 KB 的 PNG 图片")
    return "data:image/png;base64," + base64.b64encode(content).decode()


def day(value: Any, field: str, label: str) -> dt.date:
    if value in (None, ""):
        raise field_error(field, f"请填写{label}", code="required")
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise field_error(field, f"{label}应为 YYYY-MM-DD") from None
    if isinstance(value, dt.datetime):
        value = value.date()
    problem = bounds.DATE.check_date(value, label)
    if problem:
        raise field_error(field, problem)
    return value
