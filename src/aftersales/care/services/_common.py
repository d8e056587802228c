"""Small input checks shared by the care services."""

from __future__ import annotations

from typing import Any

from aftersales.core import scoping
from aftersales.core.bounds import text_problem
from aftersales.core.errors import field_error


def text(value: Any, field: str, label: str, max_len: int, *, required: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise field_error(field, f"请填写{label}", code="required")
    if len(value) > max_len:
        raise field_error(field, f"{label}不能超过 {max_len} 个字", code="too_long")
    problem = text_problem(value) if value else None
    if problem:
        raise field_error(field, problem)
    return value


def choice(value: Any, field: str, label: str, choices, *, default: str | None = None) -> str:
    if (value is None or value == "") and default is not None:
        return default
    if value not in choices.values:
        raise field_error(field, f"{label}应为 {', '.join(choices.values)} 之一")
    return value


def record_in_scope(model, actor, pk: Any, field: str, label: str):
    """A record the actor may see, or a field error (an id out of scope reads as unknown)."""
    if pk is None or pk == "":
        return None
    pk = getattr(pk, "pk", pk)
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise field_error(field, f"{label}应为编号")
    found = scoping.visible_to(model.objects.filter(pk=pk), actor).first()
    if found is None:
        raise field_error(field, f"{label}不存在或不在您的数据范围内", code="not_found")
    return found
