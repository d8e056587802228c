"""The move-in record (入住登记, R-HO-3): documents by case, keys, meters, the house occupied."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from aftersales.attachments.services import check_upload
from aftersales.core import audit
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.estates import services as estates
from aftersales.estates.choices import HouseStatus
from aftersales.handover.choices import Document, Party
from aftersales.handover.models import MoveIn, MoveInFile
from aftersales.handover.services import batches
from aftersales.handover.services._common import customer_of, house_in_scope, meters, moment

MAX_KEYS = 50


@transaction.atomic
def move_in(
    actor,
    *,
    house,
    customer,
    party: str,
    documents: list[str],
    keys: int = 0,
    meters_read: dict | None = None,
    fees_collected=None,
    handbook: bool = False,
    drawings: bool = False,
    agreements_signed: bool = False,
    occurred_at=None,
) -> MoveIn:
    """Hand over the keys: refused with the missing documents named (422
    ``documents_missing``), once per house (409 ``already_moved_in``); the house is occupied.

    An accepted inspection is not required: owners may take the keys with defects listed."""
    require(actor, "handover.manage")
    house_obj = house_in_scope(actor, house)
    cust = customer_of(actor, customer, house_obj)
    party = batches.party_code(party)
    documents = batches.document_codes(documents)
    missing = batches.missing_documents(party, documents)
    if missing:
        names = "、".join(str(Document(d).label) for d in missing)
        raise Invalid(
            f"{Party(party).label}办理入住还缺少：{names}",
            code="documents_missing",
            fields={"documents": missing},
        )
    if not isinstance(keys, int) or isinstance(keys, bool) or not 0 <= keys <= MAX_KEYS:
        raise field_error("keys", f"钥匙数量应在 0 到 {MAX_KEYS} 之间")
    readings = meters(meters_read, ("water", "electricity", "gas"))
    fees = (
        Decimal("0")
        if fees_collected in (None, "")
        else parse_money(fees_collected, "fees_collected")
    )
    at = moment(occurred_at, label="入住时间")
    if MoveIn.objects.filter(house=house_obj).exists():
        raise Conflict(f"房屋 {house_obj.label} 已办理入住", code="already_moved_in")
    try:
        with transaction.atomic():
            record = MoveIn.objects.create(
                project_id=house_obj.project_id,
                house=house_obj,
                customer=cust,
                party=party,
                documents=documents,
                keys=keys,
                handbook=bool(handbook),
                drawings=bool(drawings),
                agreements_signed=bool(agreements_signed),
                fees_collected=fees,
                occurred_at=at,
                handled_by=actor,
                **readings,
            )
    except IntegrityError as exc:  # a concurrent move-in of the same house won
        raise Conflict(f"房屋 {house_obj.label} 已办理入住", code="already_moved_in") from exc
    estates.update_house(actor, house_obj, status=HouseStatus.OCCUPIED)
    batches.finish_for(house_obj.pk)
    audit.record(
        actor,
        AuditEntry.Action.CREATE,
        record,
        after={"keys": keys, "documents": documents, **readings},
        occurred_at=at,
    )
    return record


@transaction.atomic
def archive_file(actor, record: MoveIn, upload) -> MoveInFile:
    """A scanned document kept with the move-in (ID card, contract, signed agreements)."""
    require(actor, "handover.manage")
    checked = check_upload(upload, "file")
    kept = MoveInFile(move_in=record, name=checked.name[:120], content_type=checked.content_type)
    kept.file.save(checked.name or "document", ContentFile(checked.data), save=False)
    kept.save()
    audit.record(actor, "handover_archive", record, after={"file": kept.name})
    return kept
