"""The category → phenomenon tree of ticket intake, configured by administrators (R-TKT-4).

The first level (category) is a fixed list; the second (phenomenon) is data: an administrator
adds phenomena, renames them, orders them, names the warranty component a phenomenon usually
concerns (intake then defaults to it), and retires them. A phenomenon is never deleted, since
tickets point to it; a retired one is no longer offered at intake but old tickets keep it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count

from aftersales.core import audit
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.permissions import require
from aftersales.estates.models import WarrantyComponent
from aftersales.tickets.choices import Category
from aftersales.tickets.models import Phenomenon, Ticket

AUDITED = ["category", "name", "component", "active", "sort"]
MAX_SORT = 32767


def _category(value: Any) -> str:
    value = str(value or "").strip()
    if value not in Category.values:
        options = "、".join(f"{code}（{label}）" for code, label in Category.choices)
        raise field_error("category", f"类别“{value}”无效，可选：{options}")
    return value


def _name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise field_error("name", "请填写现象名称", code="required")
    if len(name) > 60:
        raise field_error("name", "现象名称不能超过 60 个字")
    return name


def _component(value: Any) -> str:
    code = str(value or "").strip()
    if code and not WarrantyComponent.objects.filter(code=code).exists():
        raise field_error("component", f"保修部位“{code}”不存在", code="unknown_component")
    return code


def _sort(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise field_error("sort", "排序应为整数") from exc
    if not 0 <= number <= MAX_SORT:
        raise field_error("sort", f"排序应在 0 到 {MAX_SORT} 之间")
    return number


def _active(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise field_error("active", "启用应为 true 或 false")


def _duplicate() -> Conflict:
    return Conflict(
        "该类别下已有同名现象", code="duplicate", fields={"name": ["该类别下已有同名现象"]}
    )


@transaction.atomic
def create_phenomenon(
    actor,
    *,
    category: Any,
    name: Any,
    component: Any = "",
    sort: Any = None,
    active: Any = True,
) -> Phenomenon:
    """Add a phenomenon under a category; by default it goes last in its category."""
    require(actor, "policies.manage")
    category, name = _category(category), _name(name)
    component = _component(component)
    if sort in (None, ""):
        last = (
            Phenomenon.objects.filter(category=category)
            .order_by("-sort")
            .values_list("sort", flat=True)
            .first()
        )
        sort = min((last or 0) + 10, MAX_SORT)
    sort, active = _sort(sort), _active(active)
    if Phenomenon.objects.filter(category=category, name=name).exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            phenomenon = Phenomenon.objects.create(
                category=category, name=name, component=component, sort=sort, active=active
            )
    except IntegrityError as exc:  # created concurrently
        raise _duplicate() from exc
    audit.record(actor, "create", phenomenon, after=audit.snapshot(phenomenon, AUDITED))
    return phenomenon


@transaction.atomic
def update_phenomenon(actor, phenomenon: Phenomenon | int, **changes: Any) -> Phenomenon:
    """Change any of category, name, component, sort and active (retire / bring back)."""
    require(actor, "policies.manage")
    pk = phenomenon.pk if isinstance(phenomenon, Phenomenon) else phenomenon
    locked = Phenomenon.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise NotFound("报事现象不存在")
    before = audit.snapshot(locked, AUDITED)
    readers = {
        "category": _category,
        "name": _name,
        "component": _component,
        "sort": _sort,
        "active": _active,
    }
    for field, value in changes.items():
        if field not in readers:
            raise field_error(field, "不能修改此字段")
        if value is None and field != "component":
            continue
        setattr(locked, field, readers[field](value))
    clash = Phenomenon.objects.filter(category=locked.category, name=locked.name).exclude(
        pk=locked.pk
    )
    if clash.exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            locked.save(update_fields=AUDITED)
    except IntegrityError as exc:
        raise _duplicate() from exc
    b, a = audit.diff(before, audit.snapshot(locked, AUDITED))
    if a:
        audit.record(actor, "update", locked, before=b, after=a)
    return locked


def usage() -> dict[int, int]:
    """How many tickets name each phenomenon: one grouped index-only count over the tickets,
    kept ``PAGE_CACHE_SECONDS`` in the configured cache (it informs, it decides nothing)."""
    seconds = settings.PAGE_CACHE_SECONDS
    found = cache.get("tickets:phenomena:usage") if seconds else None
    if found is None:
        found = dict(
            Ticket.objects.filter(phenomenon__isnull=False)
            .order_by()
            .values_list("phenomenon")
            .annotate(n=Count("pk"))
        )
        if seconds:
            cache.set("tickets:phenomena:usage", found, seconds)
    return found


def tree() -> list[dict]:
    """Every category with its phenomena (retired ones too) and how many tickets use each."""
    rows: dict[str, list[Phenomenon]] = {}
    used = usage()
    for p in Phenomenon.objects.order_by("category", "sort", "id"):
        p.tickets = used.get(p.pk, 0)
        rows.setdefault(p.category, []).append(p)
    return [
        {"category": code, "label": label, "items": rows.get(code, [])}
        for code, label in Category.choices
    ]
