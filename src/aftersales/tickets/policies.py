"""Deadline policies as data (R-CAL-2): administrators change the amounts and units.

A change applies to clocks started after it; running clocks keep the due moment they were
given (:func:`aftersales.tickets.deadlines.start` copies amount and unit onto the deadline).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save

from aftersales.core import audit
from aftersales.core.cached import Cached
from aftersales.core.errors import Conflict, field_error
from aftersales.core.permissions import require
from aftersales.core.workcalendar import Unit
from aftersales.tickets.choices import DeadlineName, Kind, Severity, Urgency
from aftersales.tickets.models import DeadlinePolicy

MAX_AMOUNT = Decimal("10000")
UNIT_LABELS = dict(Unit.CHOICES)
# The levels a policy may name: "*" (any), an urgency, a complaint severity, or a qualifier.
QUALIFIERS = {
    "*": "通用",
    "single_trade": "单一工种",
    "multi_trade": "多工种",
    "leak": "渗漏维修",
}
AUDITED = ["kind", "level", "name", "amount", "unit"]


# --- reading, cached (see aftersales.core.cached) -----------------------------------------------
# Intake and every step that starts a clock read the policies of one kind and deadline; they are
# kept for POLICY_CACHE_SECONDS and forgotten at once when a policy is saved or deleted here (in
# other processes with a per-process cache, within POLICY_CACHE_SECONDS).
POLICY_CACHE_SECONDS = 60
POLICIES = Cached("deadline-policy", POLICY_CACHE_SECONDS)
post_save.connect(POLICIES.forget, sender=DeadlinePolicy, dispatch_uid="deadline-policy-save")
post_delete.connect(POLICIES.forget, sender=DeadlinePolicy, dispatch_uid="deadline-policy-delete")


def policies_by_level(kind: str, name: str) -> dict[str, DeadlinePolicy]:
    """The policies of ``kind``/``name`` by level (a copy of the cached rows)."""
    return POLICIES.get(
        f"{kind}:{name}",
        lambda: {p.level: p for p in DeadlinePolicy.objects.filter(kind=kind, name=name)},
    )


def level_label(kind: str, level: str) -> str:
    if level in QUALIFIERS:
        return QUALIFIERS[level]
    if kind == Kind.COMPLAINT and level in Severity.values:
        return f"{Severity(level).label}投诉"
    if level in Urgency.values:
        return Urgency(level).label
    if level in Severity.values:
        return Severity(level).label
    return level


def levels() -> list[str]:
    return [*QUALIFIERS, *Urgency.values, *Severity.values]


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise field_error("amount", "数量应为数字") from exc
    if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        raise field_error("amount", f"数量应大于 0 且不超过 {MAX_AMOUNT}")
    if amount != amount.quantize(Decimal("0.01")):
        raise field_error("amount", "数量最多保留两位小数")
    return amount.quantize(Decimal("0.01"))


def _unit(value: Any) -> str:
    if value not in Unit.ALL:
        options = "、".join(f"{code}（{label}）" for code, label in Unit.CHOICES)
        raise field_error("unit", f"单位“{value}”无效，可选：{options}")
    return value


@transaction.atomic
def update_policy(actor, policy: DeadlinePolicy, amount: Any, unit: Any) -> DeadlinePolicy:
    """Change the amount and unit of one policy; clocks started from now on use them."""
    require(actor, "policies.manage")
    amount, unit = _amount(amount), _unit(unit)
    locked = DeadlinePolicy.objects.select_for_update().get(pk=policy.pk)
    before = audit.snapshot(locked, AUDITED)
    locked.amount, locked.unit = amount, unit
    locked.save(update_fields=["amount", "unit"])
    audit.record(actor, "update", locked, before=before, after=audit.snapshot(locked, AUDITED))
    return locked


@transaction.atomic
def create_policy(
    actor, kind: Any, level: Any, name: Any, amount: Any, unit: Any, note: str = ""
) -> DeadlinePolicy:
    """Add a policy for a kind × level × deadline that has none yet (duplicates are refused)."""
    require(actor, "policies.manage")
    if kind not in Kind.values:
        raise field_error("kind", f"类型“{kind}”无效，可选：{'、'.join(Kind.values)}")
    level = str(level or "*").strip()
    if level not in levels():
        raise field_error("level", f"级别“{level}”无效，可选：{'、'.join(levels())}")
    if name not in DeadlineName.values:
        raise field_error("name", f"时限“{name}”无效，可选：{'、'.join(DeadlineName.values)}")
    amount, unit = _amount(amount), _unit(unit)
    duplicate = Conflict("该类型、级别和时限的规则已存在，请直接修改", code="duplicate")
    if DeadlinePolicy.objects.filter(kind=kind, level=level, name=name).exists():
        raise duplicate
    try:
        with transaction.atomic():
            policy = DeadlinePolicy.objects.create(
                kind=kind,
                level=level,
                name=name,
                amount=amount,
                unit=unit,
                note=(note or "").strip()[:200],
            )
    except IntegrityError as exc:  # created concurrently
        raise duplicate from exc
    audit.record(actor, "create", policy, after=audit.snapshot(policy, AUDITED))
    return policy
