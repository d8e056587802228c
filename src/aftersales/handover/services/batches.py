"""Delivery batches, half-day appointments, arrival and the document check (R-HO-1)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.estates.models import Project
from aftersales.handover.choices import (
    REQUIRED_DOCUMENTS,
    AppointmentStatus,
    BatchStatus,
    Document,
    HalfDay,
    Party,
)
from aftersales.handover.models import Appointment, DeliveryBatch
from aftersales.handover.services._common import customer_of, house_in_scope, moment, text
from aftersales.notify import services as notify

HALF_HOURS = {HalfDay.AM: "09:00–12:00", HalfDay.PM: "14:00–17:30"}
LIVE = [AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.DONE]


def party_code(value: str, field: str = "party") -> str:
    if value not in Party.values:
        raise field_error(field, f"办理人应为 {'、'.join(Party.values)} 之一")
    return value


def document_codes(values, field: str = "documents") -> list[str]:
    if not isinstance(values, list | tuple):
        raise field_error(field, "资料应为编码列表")
    unknown = [v for v in values if v not in Document.values]
    if unknown:
        raise field_error(field, f"未知的资料编码：{'、'.join(map(str, unknown))}")
    return list(dict.fromkeys(values))


def missing_documents(party: str, documents: list[str]) -> list[str]:
    """The codes ``party`` must bring that are not in ``documents`` (api.md sets), in order."""
    have = set(documents)
    return [d for d in REQUIRED_DOCUMENTS[party] if d not in have]


def documents_in_words(party: str) -> str:
    return "、".join(str(Document(d).label) for d in REQUIRED_DOCUMENTS[party])


@transaction.atomic
def create_batch(
    actor,
    *,
    project: Project | int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int = 20,
    houses: list[int] | None = None,
) -> DeliveryBatch:
    require(actor, "handover.manage")
    project_id = project.pk if isinstance(project, Project) else project
    proj = scoping.visible_to(Project.objects.filter(pk=project_id), actor).first()
    if proj is None:
        raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    name = text(name, "name", "批次名称", 60)
    if not name:
        raise field_error("name", "请填写批次名称", code="required")
    if ends_on < starts_on:
        raise field_error("ends_on", "结束日期不能早于开始日期")
    if not 1 <= int(capacity) <= 500:
        raise field_error("capacity", "每半天接待户数应在 1 到 500 之间")
    batch = DeliveryBatch.objects.create(
        project=proj, name=name, starts_on=starts_on, ends_on=ends_on, capacity=capacity
    )
    for house_id in houses or []:
        house = house_in_scope(actor, house_id)
        if house.project_id != proj.pk:
            raise field_error("houses", f"房屋 {house.label} 不属于该项目")
        batch.houses.add(house)
    audit.record(actor, AuditEntry.Action.CREATE, batch, after={"name": name})
    return batch


@transaction.atomic
def book(
    actor,
    batch: DeliveryBatch,
    *,
    house,
    customer,
    day: dt.date,
    half: str,
    party: str = Party.OWNER,
) -> Appointment:
    """Book an owner into a half-day slot; he is sent the time and the documents to bring."""
    require(actor, "handover.manage")
    batch = DeliveryBatch.objects.select_for_update().get(pk=batch.pk)  # serialises the slots
    if batch.status == BatchStatus.CLOSED:
        raise Conflict("该交付批次已结束", code="batch_closed")
    house_obj = house_in_scope(actor, house)
    if house_obj.project_id != batch.project_id:
        raise field_error("house", "房屋不属于该批次的项目")
    cust = customer_of(actor, customer, house_obj)
    if half not in HalfDay.values:
        raise field_error("half", "时段应为 am（上午）或 pm（下午）")
    party = party_code(party)
    if not batch.starts_on <= day <= batch.ends_on:
        raise field_error("day", f"预约日期应在批次日期内（{batch.starts_on} 至 {batch.ends_on}）")
    live = Appointment.objects.filter(batch=batch, status__in=LIVE)
    if live.filter(house=house_obj).exists():
        raise Conflict("该房屋在本批次已有预约", code="already_booked")
    if live.filter(day=day, half=half).count() >= batch.capacity:
        raise Conflict("该时段已约满，请选择其他时段", code="slot_full")
    appointment = Appointment.objects.create(
        batch=batch,
        project_id=batch.project_id,
        house=house_obj,
        customer=cust,
        day=day,
        half=half,
        party=party,
    )
    batch.houses.add(house_obj)
    if cust.phone:
        notify.notify_address(
            cust.phone,
            "sms",
            "handover_appointment",
            {
                "house": house_obj.label,
                "time": f"{day.isoformat()} {HalfDay(half).label} {HALF_HOURS[half]}",
                "documents": documents_in_words(party),
            },
        )
    audit.record(actor, AuditEntry.Action.CREATE, appointment, after={"day": day, "half": half})
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


@transaction.atomic
def arrive(actor, appointment: Appointment, *, occurred_at=None) -> Appointment:
    """The owner is at the reception desk."""
    require(actor, "handover.manage")
    appt = _locked(appointment)
    if appt.status != AppointmentStatus.BOOKED:
        raise Conflict(f"该预约{appt.get_status_display()}", code="not_booked")
    appt.status = AppointmentStatus.ARRIVED
    appt.arrived_at = moment(occurred_at)
    appt.save(update_fields=["status", "arrived_at"])
    audit.record(actor, "handover_arrive", appt)
    return appt


@transaction.atomic
def check_documents(
    actor, appointment: Appointment, *, documents: list[str], party: str | None = None
) -> Appointment:
    """Record what the owner brought; ``missing`` names what his case still lacks."""
    require(actor, "handover.manage")
    appt = _locked(appointment)
    if appt.status == AppointmentStatus.CANCELLED:
        raise Conflict("该预约已取消", code="cancelled")
    if party is not None:
        appt.party = party_code(party)
    appt.documents = document_codes(documents)
    appt.missing = missing_documents(appt.party, appt.documents)
    if appt.status == AppointmentStatus.BOOKED:
        appt.status = AppointmentStatus.ARRIVED
        appt.arrived_at = timezone.now()
    appt.save(update_fields=["party", "documents", "missing", "status", "arrived_at"])
    audit.record(
        actor,
        "handover_documents",
        appt,
        after={"documents": appt.documents, "missing": appt.missing},
    )
    return appt


@transaction.atomic
def cancel(actor, appointment: Appointment) -> Appointment:
    require(actor, "handover.manage")
    appt = _locked(appointment)
    if appt.status != AppointmentStatus.BOOKED:
        raise Conflict(f"该预约{appt.get_status_display()}，不能取消", code="not_booked")
    appt.status = AppointmentStatus.CANCELLED
    appt.save(update_fields=["status"])
    audit.record(actor, "handover_cancel", appt)
    return appt


def finish_for(house_id: int) -> None:
    """The house's live appointment is done (called inside the move-in's transaction)."""
    Appointment.objects.filter(
        house_id=house_id, status__in=[AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED]
    ).update(status=AppointmentStatus.DONE)
