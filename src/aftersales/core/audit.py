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


# --- the trail in words ----------------------------------------------------------------------
#
# One mapping from the codes the trail stores to the words people read: the generic actions are
# AuditEntry.Action's labels; a field name is the model's own verbose_name and a choice value
# its label; what a model cannot say (a domain's own step, a key that is not a field) each app
# registers with ``register_words`` in its AppConfig.ready(). Unknown codes are shown as stored.

ACTION_WORDS: dict[str, Any] = {}
FIELD_WORDS: dict[str, Any] = {}


def register_words(*, actions: dict | None = None, fields: dict | None = None) -> None:
    """Words for the audit actions and the keys of before/after that an app writes."""
    ACTION_WORDS.update(actions or {})
    FIELD_WORDS.update(fields or {})


def action_words(code: str) -> str:
    known = dict(AuditEntry.Action.choices) | ACTION_WORDS
    return str(known.get(code, code))


def action_choices() -> list[tuple[str, str]]:
    """Every action with its words, for the filter of the trail."""
    known = dict(AuditEntry.Action.choices) | ACTION_WORDS
    return [(code, str(label)) for code, label in known.items()]


def _field(model_label: str, key: str):
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        return apps.get_model(model_label)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def field_words(model_label: str, key: str) -> str:
    """A key of before/after in words: the model field's name, else the registered word."""
    field = _field(model_label, key) if model_label else None
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return str(FIELD_WORDS.get(key, key))


def value_words(model_label: str, key: str, value: Any) -> Any:
    """A stored choice value in words (``paid`` → 已付款); other values unchanged."""
    field = _field(model_label, key) if model_label else None
    if field is not None and getattr(field, "choices", None) and isinstance(value, str):
        return str(dict(field.flatchoices).get(value, value))
    return value
