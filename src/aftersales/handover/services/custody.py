"""Custodial houses (托管, R-HO-4): starting meters, limits, patrols, the heavy-rain round.

The property fee at 70 % is billed by the fees app, which reads
:func:`aftersales.handover.selectors.custody_fee_rates`."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.estates import services as estates
from aftersales.estates.choices import HouseStatus
from aftersales.estates.models import Project
from aftersales.handover.choices import CustodyStatus, PatrolKind, PatrolStatus
from aftersales.handover.models import Custody, Patrol, PatrolPhoto
from aftersales.handover.services._common import (
    customer_of,
    house_in_scope,
    meters,
    moment,
    store_photo,
    text,
)
from aftersales.notify import services as notify

METERS = ("water", "electricity")


@transaction.atomic
def start_custody(
    actor, *, house, customer, starts_on: dt.date, meters_read: dict, agreement: str = ""
) -> Custody:
    """The owner leaves the house in custody: starting meters on record, house ``custodial``."""
    require(actor, "handover.manage")
    house_obj = house_in_scope(actor, house)
    cust = customer_of(actor, customer, house_obj)
    start = meters(meters_read, METERS, required=True)
    if Custody.objects.filter(house=house_obj, status=CustodyStatus.ACTIVE).exists():
        raise Conflict(f"房屋 {house_obj.label} 已在托管中", code="custody_active")
    try:
        with transaction.atomic():
            custody = Custody.objects.create(
                project_id=house_obj.project_id,
                house=house_obj,
                customer=cust,
                starts_on=starts_on,
                agreement=text(agreement, "agreement", "托管协议", 300),
                start_water=start["water"],
                start_electricity=start["electricity"],
                previous_status=house_obj.status,
            )
    except IntegrityError as exc:
        raise Conflict(f"房屋 {house_obj.label} 已在托管中", code="custody_active") from exc
    estates.update_house(actor, house_obj, status=HouseStatus.CUSTODIAL)
    audit.record(actor, AuditEntry.Action.CREATE, custody, after={"starts_on": starts_on, **start})
    return custody


def _locked(custody: Custody) -> Custody:
    return (
        Custody.objects.select_for_update().select_related("house", "customer").get(pk=custody.pk)
    )


def _active(custody: Custody) -> None:
    if custody.status != CustodyStatus.ACTIVE:
        raise Conflict("托管已结束", code="custody_ended")


def over_limit(custody: Custody, readings: dict) -> list[str]:
    """The meters whose use since the start exceeds the custody's limit."""
    found = []
    for name in METERS:
        value = readings.get(name)
        if value is None:
            continue
        start = getattr(custody, f"start_{name}")
        if value < start:
            raise field_error(f"meters.{name}", f"读数不能小于托管开始时的 {start}")
        if value - start > getattr(custody, f"{name}_limit"):
            found.append(name)
    return found


def _tell_owner(custody: Custody, patrol: Patrol) -> bool:
    phone = custody.customer.phone
    if not phone:
        return False
    parts = []
    if patrol.over_limit:
        words = {"water": "用水", "electricity": "用电"}
        parts.append("、".join(words[n] for n in patrol.over_limit) + "超过托管上限")
    if patrol.findings:
        parts.append(patrol.findings[:100])
    notify.notify_address(
        phone,
        "sms",
        "custody_patrol",
        {
            "house": custody.house.label,
            "time": timezone.localtime(patrol.occurred_at).strftime("%Y-%m-%d %H:%M"),
            "findings": "；".join(parts),
        },
    )
    return True


@transaction.atomic
def record_patrol(
    actor, custody: Custody, *, kind: str, meters_read=None, findings: str = "", occurred_at=None
) -> Patrol:
    """A patrol: ``over_limit`` names the meters past their limit; an over-limit reading or a
    finding is sent to the owner. A planned patrol of the same kind is completed."""
    require(actor, "handover.patrol")
    custody = _locked(custody)
    _active(custody)
    if kind not in PatrolKind.values:
        raise field_error("kind", f"巡查类型应为 {'、'.join(PatrolKind.values)} 之一")
    readings = meters(meters_read, METERS)
    at = moment(occurred_at, label="巡查时间")
    if timezone.localdate(at) < custody.starts_on:
        raise field_error("occurred_at", "巡查时间不能早于托管开始日期")
    patrol = (
        Patrol.objects.select_for_update()
        .filter(custody=custody, kind=kind, status=PatrolStatus.PLANNED)
        .order_by("due_on", "id")
        .first()
    ) or Patrol(custody=custody, project_id=custody.project_id, kind=kind)
    patrol.status = PatrolStatus.DONE
    patrol.occurred_at = at
    patrol.water, patrol.electricity = readings["water"], readings["electricity"]
    patrol.findings = text(findings, "findings", "发现问题", 1000)
    patrol.over_limit = over_limit(custody, readings)
    patrol.patrolled_by = actor
    if patrol.over_limit or patrol.findings:
        patrol.owner_notified = _tell_owner(custody, patrol)
    patrol.save()
    audit.record(
        actor,
        "handover_patrol",
        custody,
        after={"kind": kind, "over_limit": patrol.over_limit, **readings},
        occurred_at=at,
    )
    return patrol


@transaction.atomic
def rain_round(
    actor, project: Project | int, *, kind: str = PatrolKind.BEFORE_RAIN, due_on=None
) -> list[Patrol]:
    """ "Heavy rain ahead": a planned patrol for every active custody of the project."""
    require(actor, "handover.patrol")
    project_id = project.pk if isinstance(project, Project) else project
    if not scoping.visible_to(Project.objects.filter(pk=project_id), actor).exists():
        raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    if kind not in (PatrolKind.BEFORE_RAIN, PatrolKind.AFTER_RAIN):
        raise field_error("kind", "应为 before_rain（雨前）或 after_rain（雨后）")
    due_on = due_on or timezone.localdate()
    custodies = scoping.visible_to(
        Custody.objects.filter(project_id=project_id, status=CustodyStatus.ACTIVE), actor
    )
    planned = set(
        Patrol.objects.filter(
            custody__in=custodies, kind=kind, status=PatrolStatus.PLANNED
        ).values_list("custody_id", flat=True)
    )
    created = Patrol.objects.bulk_create(
        [
            Patrol(
                custody=c,
                project_id=project_id,
                kind=kind,
                status=PatrolStatus.PLANNED,
                due_on=due_on,
            )
            for c in custodies.order_by("id")
            if c.pk not in planned
        ]
    )
    audit.record(
        actor,
        "handover_rain_round",
        model="estates.Project",
        object_id=project_id,
        after={"kind": kind, "due_on": due_on, "patrols": len(created)},
    )
    return created


@transaction.atomic
def end_custody(actor, custody: Custody, *, meters_read=None, occurred_at=None) -> Custody:
    """The owner takes the house back: closing meters, the house's status as before."""
    require(actor, "handover.manage")
    custody = _locked(custody)
    _active(custody)
    readings = meters(meters_read, METERS)
    over_limit(custody, readings)  # a reading below the start is refused
    at = moment(occurred_at, label="结束时间")
    ended_on = timezone.localdate(at)
    if ended_on < custody.starts_on:
        raise field_error("occurred_at", "结束时间不能早于托管开始日期")
    custody.status = CustodyStatus.ENDED
    custody.ended_on = ended_on
    custody.end_water, custody.end_electricity = readings["water"], readings["electricity"]
    custody.save(update_fields=["status", "ended_on", "end_water", "end_electricity"])
    Patrol.objects.filter(custody=custody, status=PatrolStatus.PLANNED).delete()
    back = custody.previous_status or HouseStatus.DELIVERED
    if back == HouseStatus.CUSTODIAL:
        back = HouseStatus.DELIVERED
    estates.update_house(actor, custody.house, status=back)
    audit.record(actor, "handover_custody_end", custody, after={"ended_on": ended_on, **readings})
    return custody


@transaction.atomic
def add_patrol_photo(actor, patrol: Patrol, upload) -> PatrolPhoto:
    require(actor, "handover.patrol")
    return store_photo(PatrolPhoto(patrol=patrol), upload)
