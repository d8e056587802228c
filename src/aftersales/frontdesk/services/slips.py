"""Item release slips (物品放行条, R-SVC-5): issued to a resident of the house; the gate checks
the code once (a second check: 409 ``already_used``; an unknown code: 404)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.permissions import require
from aftersales.frontdesk.choices import SlipStatus
from aftersales.frontdesk.models import ReleaseSlip
from aftersales.frontdesk.services import _common as c

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the gate
CODE_LENGTH = 8
MAX_ITEMS = 50


def _code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def issue(
    actor, *, house: Any, items: list, carrier: str = "", customer: Any = None
) -> ReleaseSlip:
    require(actor, "frontdesk.manage")
    the_house = c.house(actor, house)
    if customer not in (None, ""):
        resident = c.resident(actor, the_house, customer)
    else:
        resident = c.first_resident(the_house)
        if resident is None:
            raise field_error("house", "该房屋没有登记住户，不能开具放行条", code="no_resident")
    if not isinstance(items, list) or not items:
        raise field_error("items", "请填写放行物品", code="required")
    if len(items) > MAX_ITEMS:
        raise field_error("items", f"物品最多 {MAX_ITEMS} 项")
    names = [c.text(v, "items", "物品", 100, required=True) for v in items]
    code = _code()
    while ReleaseSlip.objects.filter(code=code).exists():
        code = _code()
    slip = ReleaseSlip.objects.create(
        project=the_house.project,
        house=the_house,
        customer=resident,
        code=code,
        items=names,
        carrier=c.text(carrier, "carrier", "搬运人", 60),
        created_by=actor,
    )
    audit.record(actor, "create", slip, after=audit.snapshot(slip))
    return slip


def normalise(code: Any) -> str:
    return "".join(str(code or "").split()).upper()[:16]


@transaction.atomic
def check(actor, code: Any) -> ReleaseSlip:
    """The guard checks a code: the first time it lets the goods out, then never again."""
    require(actor, "frontdesk.gate")
    found = (
        scoping.visible_to(ReleaseSlip.objects.all(), actor).filter(code=normalise(code)).first()
    )
    if found is None:
        raise NotFound("放行码不存在或不属于本项目", code="not_found")
    slip = ReleaseSlip.objects.select_for_update().get(pk=found.pk)
    if slip.status == SlipStatus.USED:
        raise Conflict(
            f"该放行条已于 {timezone.localtime(slip.used_at):%Y-%m-%d %H:%M} 使用过",
            code="already_used",
        )
    slip.status, slip.used_at, slip.checked_by = SlipStatus.USED, timezone.now(), actor
    slip.save(update_fields=["status", "used_at", "checked_by"])
    audit.record(actor, "check", slip, after={"status": slip.status})
    return slip
