"""Customer care (R-VIS-4): the rules an administrator configures, and the scheduled run that
sends each care message exactly once.

Exactly once: every message is first recorded as a :class:`CareMessage` whose ``key`` names
the occasion (``birthday:<customer>:<year>``, ``warranty_expiry:<house>:<component>:<date>`` …)
and is unique. The row and its notification are written in one transaction; a second
scheduler (or a rerun) meets the unique key, rolls back its savepoint and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.care.choices import CareChannel, CareKind
from aftersales.care.models import CareMessage, CareRule
from aftersales.care.selectors import care as care_selectors
from aftersales.care.services._common import choice, text
from aftersales.core import audit
from aftersales.core.errors import field_error
from aftersales.core.models import WorkCalendarDay
from aftersales.core.permissions import require
from aftersales.estates.models import Customer, Project
from aftersales.notify import services as notify

logger = logging.getLogger("aftersales.care")

MESSAGE_CODE = "care_message"
# How late an occasion may still be greeted when a run was missed (a delivery visit).
LATE_DAYS = 6


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _months(value: Any, kind: str) -> int | None:
    if kind in (CareKind.BIRTHDAY, CareKind.HOLIDAY, CareKind.VIP):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120:
        raise field_error("months", "月数应为 1–120 的整数", code="required")
    return value


def _rule_fields(data: dict, current: CareRule | None = None) -> dict:
    kind = choice(data.get("kind", current.kind if current else None), "kind", "关怀类型", CareKind)
    fields = {
        "kind": kind,
        "name": text(
            data.get("name", current.name if current else ""), "name", "名称", 60, required=True
        ),
        "months": _months(data.get("months", current.months if current else None), kind),
        "segment": text(
            data.get("segment", current.segment if current else ""), "segment", "客户分类", 12
        ),
        "channel": choice(
            data.get("channel", current.channel if current else ""),
            "channel",
            "发送渠道",
            CareChannel,
            default=CareChannel.SMS,
        ),
        "text": text(
            data.get("text", current.text if current else ""), "text", "内容", 300, required=True
        ),
        "active": bool(data.get("active", current.active if current else True)),
    }
    if kind == CareKind.VIP and not fields["segment"]:
        raise field_error("segment", "VIP 礼遇须指定客户分类", code="required")
    return fields


def create_rule(actor, **data: Any) -> CareRule:
    require(actor, "care.rules")
    with transaction.atomic():
        rule = CareRule.objects.create(**_rule_fields(data))
        audit.record(actor, "create", rule, after={"kind": rule.kind, "name": rule.name})
    return rule


def update_rule(actor, rule: CareRule, **data: Any) -> CareRule:
    require(actor, "care.rules")
    fields = _rule_fields(data, rule)
    with transaction.atomic():
        locked = CareRule.objects.select_for_update().get(pk=rule.pk)
        before = audit.snapshot(locked, list(fields))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit.record(
            actor, "update", locked, before=before, after=audit.snapshot(locked, list(fields))
        )
    return locked


# --- the scheduled run ----------------------------------------------------------------------------


def _send(rule: CareRule, key: str, occasion: care_selectors.Occasion, customer: Customer) -> bool:
    """Record and send one message; False when it was already recorded (by anyone)."""
    body = rule.text.format_map(
        _Blank(
            name=customer.name,
            house=occasion.house_label,
            component=occasion.component_name,
            on=occasion.on.isoformat(),
            months=occasion.months or rule.months or "",
        )
    )[:500]
    try:
        with transaction.atomic():
            message = CareMessage.objects.create(
                key=key[:120],
                rule=rule,
                kind=rule.kind,
                project_id=occasion.project,
                house_id=occasion.house,
                customer=customer,
                on=occasion.on,
                component=occasion.component,
                channel=rule.channel,
                text=body,
            )
            context = {"subject": rule.name, "text": body}
            users = (
                list(customer.accounts.filter(is_active=True))
                if rule.channel == CareChannel.INAPP
                else []
            )
            if users:
                notify.notify_users(users, MESSAGE_CODE, context, key=f"care:{message.pk}")
            elif customer.phone:
                message.notification = notify.notify_address(
                    customer.phone, "sms", MESSAGE_CODE, context
                )
                message.save(update_fields=["notification"])
    except IntegrityError:
        return False
    return True


def _holiday(today: dt.date) -> str:
    """Today's holiday name when today is the first day off of a named holiday, else ''."""
    day = WorkCalendarDay.objects.filter(date=today, workday=False).exclude(name="").first()
    if day is None:
        return ""
    before = WorkCalendarDay.objects.filter(date=today - dt.timedelta(days=1)).first()
    if before is not None and not before.workday and before.name == day.name:
        return ""
    return day.name


def _with_house(customers):
    return customers.filter(houses__isnull=False).distinct()


def run_care(today: dt.date | None = None) -> dict[str, int]:
    """Send what every active rule asks for today (the scheduler's job; idempotent)."""
    today = today or timezone.localdate()
    projects = list(Project.objects.all())
    sent: dict[str, int] = {}
    for rule in CareRule.objects.filter(active=True).order_by("id"):
        occasions: list[tuple[str, care_selectors.Occasion]] = []
        if rule.kind == CareKind.WARRANTY_EXPIRY:
            end = today + relativedelta(months=rule.months or 1)
            for o in care_selectors.warranty_expiring(projects, today, end):
                occasions.append((f"warranty_expiry:{o.house}:{o.component}:{o.on}", o))
        elif rule.kind == CareKind.DELIVERY_ANNIVERSARY:
            start = today - dt.timedelta(days=LATE_DAYS)
            for o in care_selectors.delivery_anniversaries(
                projects, start, today, [rule.months or 12]
            ):
                occasions.append((f"delivery:{o.house}:{o.months}", o))
        elif rule.kind == CareKind.BIRTHDAY:
            for o in care_selectors.birthdays(_with_house(Customer.objects.all()), today, today):
                occasions.append((f"birthday:{o.customer}:{o.on.year}", o))
        elif rule.kind == CareKind.HOLIDAY:
            name = _holiday(today)
            if name:
                for c in _with_house(Customer.objects.all()).order_by("id"):
                    occasions.append((f"holiday:{c.pk}:{today}", _plain(c, today)))
        elif rule.kind == CareKind.VIP:
            for c in _with_house(Customer.objects.filter(segment=rule.segment)).order_by("id"):
                occasions.append((f"vip:{rule.pk}:{c.pk}:{today.year}", _plain(c, today)))
        customers = Customer.objects.in_bulk({o.customer for _, o in occasions})
        count = sum(1 for key, o in occasions if _send(rule, key, o, customers[o.customer]))
        sent[rule.kind] = sent.get(rule.kind, 0) + count
    if any(sent.values()):
        logger.info("care messages sent: %s", sent)
    return sent


def _plain(customer: Customer, today: dt.date) -> care_selectors.Occasion:
    link = customer.house_links.select_related("house").order_by("id").first()
    return care_selectors.occasion("", today, customer, link.house if link else None)
