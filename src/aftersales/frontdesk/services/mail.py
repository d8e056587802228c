"""Mail and material distribution (代派业主资料, R-SVC-3): real-name items only (a named
resident of the house), paid or free, delivered with the receiver's signature."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from aftersales.core import audit
from aftersales.core.errors import Conflict, field_error
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.frontdesk.choices import MailKind, MailStatus
from aftersales.frontdesk.models import MailItem
from aftersales.frontdesk.services import _common as c


@transaction.atomic
def receive(
    actor, *, house: Any, customer: Any, kind: str, title: str, paid: bool = False, fee: Any = None
) -> MailItem:
    require(actor, "frontdesk.manage")
    the_house = c.house(actor, house)
    the_customer = c.resident(actor, the_house, customer)
    if kind not in MailKind.values:
        raise field_error("kind", f"类别应为 {'、'.join(MailKind.values)}")
    amount = Decimal("0.00")
    if paid:
        amount = parse_money(fee, "fee", positive=True)
    item = MailItem.objects.create(
        project=the_house.project,
        house=the_house,
        customer=the_customer,
        kind=kind,
        title=c.text(title, "title", "名称", 200, required=True),
        paid=bool(paid),
        fee=amount,
        created_by=actor,
    )
    audit.record(actor, "create", item, after=audit.snapshot(item))
    return item


@transaction.atomic
def deliver(
    actor, item: MailItem, *, receiver_name: str, signature: str, occurred_at=None
) -> MailItem:
    """Handed over: the receiver names himself and signs on the screen."""
    require(actor, "frontdesk.manage")
    locked = MailItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != MailStatus.RECEIVED:
        raise Conflict("该资料已签收", code="already_delivered")
    locked.receiver_name = c.text(receiver_name, "receiver_name", "签收人", 60, required=True)
    locked.signature = c.signature(signature)
    locked.delivered_at = c.moment(occurred_at, label="签收时间", not_before=locked.received_at)
    locked.delivered_by, locked.status = actor, MailStatus.DELIVERED
    locked.save(
        update_fields=["receiver_name", "signature", "delivered_at", "delivered_by", "status"]
    )
    audit.record(
        actor,
        "deliver",
        locked,
        after={"receiver_name": locked.receiver_name, "status": locked.status},
        occurred_at=locked.delivered_at,
    )
    return locked
