"""The inspection checklist (房屋质量验收登记表), configured by administrators.

Rooms × items: each line names a room (部位), the item to check, the ticket category and the
warranty component a defect found there defaults to. A line is never deleted (inspections keep
what was checked); switched off, it is no longer offered on new inspections.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from aftersales.core import audit
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.permissions import require
from aftersales.estates.models import WarrantyComponent
from aftersales.handover.models import ChecklistItem
from aftersales.tickets.choices import Category

AUDITED = ["room", "name", "category", "component", "order", "active"]
MAX_ORDER = 32767
_LIMITS = {"room": ("部位", 30), "name": ("检查项目", 80)}


def _clean(field: str, value: Any) -> Any:
    if field in _LIMITS:
        label, limit = _LIMITS[field]
        text = " ".join(str(value or "").split())
        if not text:
            raise field_error(field, f"请填写{label}", code="required")
        if len(text) > limit:
            raise field_error(field, f"{label}不能超过 {limit} 个字")
        return text
    if field == "category":
        if value not in Category.values:
            raise field_error(field, "请选择有效的类别")
        return value
    if field == "component":
        if not WarrantyComponent.objects.filter(code=str(value or "")).exists():
            raise field_error(field, "请选择有效的保修部位", code="unknown_component")
        return value
    if field == "order":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ORDER:
            raise field_error(field, f"顺序应为 0 到 {MAX_ORDER} 之间的整数")
        return value
    if field == "active":
        if not isinstance(value, bool):
            raise field_error(field, "启用应为 true 或 false")
        return value
    raise field_error(field, "不能修改此字段")


def _duplicate() -> Conflict:
    message = "该部位下已有同名检查项目"
    return Conflict(message, code="duplicate", fields={"name": [message]})


@transaction.atomic
def save_item(actor, item: ChecklistItem | int | None = None, **changes: Any) -> ChecklistItem:
    """Add a line (``item`` None: room, name, category and component required; it goes last
    unless ``order`` is given) or change any of its fields, ``active=False`` switching it off."""
    require(actor, "handover.checklist")
    if item is None:
        line, before = ChecklistItem(active=True), {}
        for field in ("room", "name", "category", "component"):
            changes.setdefault(field, "")
        if changes.get("order") is None:
            last = ChecklistItem.objects.order_by("-order").values_list("order", flat=True).first()
            changes["order"] = min((last or 0) + 10, MAX_ORDER)
    else:
        pk = item.pk if isinstance(item, ChecklistItem) else item
        line = ChecklistItem.objects.select_for_update().filter(pk=pk).first()
        if line is None:
            raise NotFound("验房检查项不存在")
        before = audit.snapshot(line, AUDITED)
    for field, value in changes.items():
        if value is not None:
            setattr(line, field, _clean(field, value))
    if ChecklistItem.objects.filter(room=line.room, name=line.name).exclude(pk=line.pk).exists():
        raise _duplicate()
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:  # the same line saved concurrently
        raise _duplicate() from exc
    after = audit.snapshot(line, AUDITED)
    if not before:
        audit.record(actor, "create", line, after=after)
    elif after != before:
        b, a = audit.diff(before, after)
        audit.record(actor, "update", line, before=b, after=a)
    return line
