"""The inspection with the owner (房屋质量验收登记表, R-HO-2).

Every failed item opens exactly one repair ticket through the tickets app's own door
(:func:`aftersales.tickets.services.register_ticket`, channel ``handover``, the house, the
customer, the item's category and component), and the item keeps the ticket. The owner signs
acceptance once every linked ticket is closed."""

from __future__ import annotations

import base64
import binascii

from django.core.files.base import ContentFile
from django.db import transaction

from aftersales.core import audit
from aftersales.core.errors import Conflict, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.estates.models import WarrantyComponent
from aftersales.handover.choices import InspectionStatus
from aftersales.handover.models import Appointment, Inspection, InspectionItem, ItemPhoto
from aftersales.handover.services._common import (
    codes,
    customer_of,
    house_in_scope,
    moment,
    store_photo,
    text,
)
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import Status

MAX_ITEMS = 200
PNG = b"\x89PNG\r\n\x1a\n"


def _item(row: dict, index: int, components: set[str]) -> InspectionItem:
    field = f"items.{index}"
    if not isinstance(row, dict):
        raise field_error(field, "检查项应为对象")
    name = text(row.get("item"), f"{field}.item", "检查项目", 80)
    if not name:
        raise field_error(f"{field}.item", "请填写检查项目", code="required")
    category, component = codes(row, field, components)
    passed = row.get("passed")
    if not isinstance(passed, bool):
        raise field_error(f"{field}.passed", "请填写是否合格（true / false）", code="required")
    return InspectionItem(
        item=name,
        location=text(row.get("location"), f"{field}.location", "部位", 60),
        category=category,
        component=component,
        passed=passed,
        note=text(row.get("note"), f"{field}.note", "说明", 300),
        order=index,
    )


def _items(rows) -> list[InspectionItem]:
    if not isinstance(rows, list) or not rows:
        raise field_error("items", "请至少填写一个检查项", code="required")
    if len(rows) > MAX_ITEMS:
        raise field_error("items", f"检查项不能超过 {MAX_ITEMS} 个")
    components = set(WarrantyComponent.objects.values_list("code", flat=True))
    return [_item(row, i, components) for i, row in enumerate(rows)]


def _open_defect_tickets(actor, inspection: Inspection, items: list[InspectionItem], at) -> None:
    """One repair ticket per failed item (R-HO-2), set on the item before it is saved."""
    for it in items:
        if it.passed:
            continue
        where = f"{it.location} " if it.location else ""
        note = f"：{it.note}" if it.note else ""
        it.ticket = tickets.register_ticket(
            actor,
            kind="repair",
            channel="handover",
            description=f"交付验房不合格：{where}{it.item}{note}",
            customer=inspection.customer,
            house=inspection.house,
            category=it.category,
            component=it.component,
            location=it.location,
            occurred_at=at,
        )
        it.inspection = inspection


@transaction.atomic
def create_inspection(
    actor, *, house, customer, items, occurred_at=None, appointment: int | None = None
) -> Inspection:
    """Record an inspection; each failed item becomes one linked repair ticket."""
    require(actor, "handover.inspect")
    house_obj = house_in_scope(actor, house)
    cust = customer_of(actor, customer, house_obj)
    at = moment(occurred_at, label="验房时间")
    rows = _items(items)
    appt = None
    if appointment:
        appt = Appointment.objects.filter(pk=appointment, house=house_obj).first()
        if appt is None:
            raise field_error("appointment", "预约不存在或不是这套房屋的")
    failed = any(not it.passed for it in rows)
    inspection = Inspection.objects.create(
        project_id=house_obj.project_id,
        house=house_obj,
        customer=cust,
        appointment=appt,
        status=InspectionStatus.DEFECTS_OPEN if failed else InspectionStatus.PASSED,
        occurred_at=at,
        inspected_by=actor,
    )
    for it in rows:
        it.inspection = inspection
    _open_defect_tickets(actor, inspection, rows, at)
    InspectionItem.objects.bulk_create(rows)
    audit.record(
        actor,
        AuditEntry.Action.CREATE,
        inspection,
        after={"status": inspection.status, "failed": sum(not it.passed for it in rows)},
        occurred_at=at,
    )
    return inspection


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


def open_tickets(inspection: Inspection) -> list[str]:
    """The numbers of the inspection's linked tickets that are not closed yet."""
    return list(
        InspectionItem.objects.filter(inspection=inspection, ticket__isnull=False)
        .exclude(ticket__status=Status.CLOSED)
        .values_list("ticket__number", flat=True)
    )


def _no_open_defects(inspection: Inspection) -> None:
    numbers = open_tickets(inspection)
    if numbers:
        raise Conflict(
            f"还有 {len(numbers)} 张整改工单未关闭（{'、'.join(numbers[:5])}）", code="defects_open"
        )


@transaction.atomic
def reinspect(actor, inspection: Inspection, *, items=None, note: str = "", occurred_at=None):
    """The re-inspection once every defect ticket is closed; items that fail again open new
    tickets and the inspection goes back to ``defects_open``."""
    require(actor, "handover.inspect")
    insp = _locked(inspection)
    if insp.status != InspectionStatus.DEFECTS_OPEN:
        raise Conflict(f"该验房记录{insp.get_status_display()}，无需复验", code="not_due")
    _no_open_defects(insp)
    at = moment(occurred_at, label="复验时间")
    if at < insp.occurred_at:
        raise field_error("occurred_at", "复验时间不能早于验房时间")
    again = [it for it in _items(items) if not it.passed] if items else []
    start = insp.items.count()
    for offset, it in enumerate(again):
        it.inspection, it.order = insp, start + offset
    _open_defect_tickets(actor, insp, again, at)
    InspectionItem.objects.bulk_create(again)
    insp.reinspected_at = at
    insp.reinspection_note = text(note, "note", "复验意见", 300)
    insp.save(update_fields=["reinspected_at", "reinspection_note"])
    audit.record(actor, "handover_reinspect", insp, after={"failed": len(again)}, occurred_at=at)
    return insp


def _signature(data: str) -> bytes:
    raw = data.partition(",")[2] if data.startswith("data:") else data
    try:
        content = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise field_error("signature", "签名应为 base64 编码的 PNG 图片") from exc
    if content[:8] != PNG or len(content) > 2 * 1024 * 1024:
        raise field_error("signature", "签名应为不超过 2 MB 的 PNG 图片")
    return content


@transaction.atomic
def accept(actor, inspection: Inspection, *, signature: str = "", occurred_at=None) -> Inspection:
    """The owner signs acceptance; refused (409 ``defects_open``) while a defect is open."""
    require(actor, "handover.inspect")
    insp = _locked(inspection)
    if insp.status == InspectionStatus.ACCEPTED:
        raise Conflict("业主已签收", code="already_accepted")
    _no_open_defects(insp)
    at = moment(occurred_at, label="签收时间")
    if at < insp.occurred_at:
        raise field_error("occurred_at", "签收时间不能早于验房时间")
    if signature:
        insp.signature.save(
            f"inspection-{insp.pk}.png", ContentFile(_signature(signature)), save=False
        )
    insp.status = InspectionStatus.ACCEPTED
    insp.accepted_at = at
    insp.save(update_fields=["status", "accepted_at", "signature"])
    audit.record(actor, "handover_accept", insp, after={"signed": bool(signature)}, occurred_at=at)
    return insp


@transaction.atomic
def add_photo(actor, item: InspectionItem, upload) -> ItemPhoto:
    """A photo of one item, taken on the phone (checked like every upload)."""
    require(actor, "handover.inspect")
    photo = store_photo(ItemPhoto(item=item), upload)
    audit.record(actor, "handover_photo", item.inspection, after={"item": item.item})
    return photo


def book_reinspections(now=None) -> int:
    """Once every defect ticket of an inspection is closed, the owner is asked to book the
    re-inspection (SMS ``handover_reinspection``), once; the periodic job runs this."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from aftersales.notify import services as notify

    now = now or timezone.now()
    open_defect = InspectionItem.objects.filter(
        inspection=OuterRef("pk"), ticket__isnull=False
    ).exclude(ticket__status=Status.CLOSED)
    due = (
        Inspection.objects.filter(
            status=InspectionStatus.DEFECTS_OPEN, reinspection_booked_at__isnull=True
        )
        .annotate(pending=Exists(open_defect))
        .filter(pending=False)
        .select_related("house", "customer")
    )
    told = 0
    for insp in due[:500]:
        with transaction.atomic():
            locked = (
                Inspection.objects.select_for_update()
                .filter(pk=insp.pk, reinspection_booked_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            locked.reinspection_booked_at = now
            locked.save(update_fields=["reinspection_booked_at"])
            if insp.customer.phone:
                notify.notify_address(
                    insp.customer.phone,
                    "sms",
                    "handover_reinspection",
                    {"house": insp.house.label},
                )
            audit.record(None, "reinspection_asked", locked)
            told += 1
    return told
