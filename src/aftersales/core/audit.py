"""Writing the append-only audit trail (R-ORG-4)."""

from __future__ import annotations

import datetime as dt
import decimal
from contextvars import ContextVar
from typing import Any

from django.db import models

from aftersales.core.models import AuditEntry
from aftersales.core.scoping import project_of

# The address of the request being served (core.middleware.ClientAddressMiddleware); None in
# background tasks and commands.
current_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` as JSON-ready data (for before/after)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if getattr(field, "audit_hidden", False):
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    changed = {k for k in after if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    model: str | None = None,
    object_id: str | int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    occurred_at: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry. ``actor`` may be None for system jobs.

    The entry carries the project of ``obj`` (see :func:`aftersales.core.scoping.project_of`)
    so that it is seen by the staff of that project (R-ORG-3).
    """
    if obj is not None:
        model = model or obj._meta.label
        object_id = obj.pk if object_id is None else object_id
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=(getattr(user, "display_name", "") or getattr(user, "username", ""))
        if user
        else "系统",
        action=action,
        model=model or "",
        object_id=str(object_id or ""),
        object_repr=str(obj)[:200] if obj is not None else "",
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note[:300],
        occurred_at=occurred_at,
        ip=current_address.get(),
        project_id=project_of(obj) if obj is not None else None,
    )
