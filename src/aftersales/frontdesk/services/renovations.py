"""Renovation (装修, R-SVC-4): registration with the identity check (an agent shows the power
of attorney and his ID), agreement, plan review, structural changes only with the housing
authority's approval document (422 ``approval_required``), the permit and numbered worker
passes valid for the works, the garbage-removal fee, maintenance and security told, inspections
during the works; the house is ``renovating`` from registration until the works are finished,
then back to its former status."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.core import audit, numbering
from aftersales.core.errors import Conflict, field_error
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.estates.choices import HouseStatus
from aftersales.estates.services import set_house_status
from aftersales.frontdesk.choices import PlanReview, RenovationStatus
from aftersales.frontdesk.models import Renovation, RenovationInspection, WorkerPass
from aftersales.frontdesk.services import _common as c
from aftersales.notify import services as notify

TOLD = (RoleCode.TEAM_LEAD, RoleCode.PROPERTY_LIAISON)  # maintenance and security (物业)
MAX_WORKERS = 50


@transaction.atomic
def register(
    actor,
    *,
    house: Any,
    customer: Any,
    starts_on: Any,
    ends_on: Any,
    structural_change: bool = False,
    authority_approval: str = "",
    garbage_fee: Any = None,
    agent_name: str = "",
    agent_id_number: str = "",
    power_of_attorney: bool = False,
    contractor_name: str = "",
    agreement_no: str = "",
    plan: str = "",
) -> Renovation:
    require(actor, "frontdesk.manage")
    the_house = c.house(actor, house)
    owner = c.resident(actor, the_house, customer, roles=c.OWNER_ROLES)
    start = c.day(starts_on, "starts_on", "开工日期")
    end = c.day(ends_on, "ends_on", "完工日期")
    if end < start:
        raise field_error("ends_on", "完工日期不能早于开工日期")
    approval = c.text(authority_approval, "authority_approval", "房管部门批准文件", 200)
    if structural_change and not approval:
        raise field_error(
            "authority_approval", "涉及结构改动须提交房管部门的批准文件", code="approval_required"
        )
    agent = c.text(agent_name, "agent_name", "代理人", 60)
    ids = c.protected_id(agent_id_number, "agent_id_number", required=bool(agent))
    if agent and not power_of_attorney:
        raise field_error(
            "power_of_attorney", "代理人办理须核验业主的授权委托书", code="attorney_required"
        )
    if (
        Renovation.objects.filter(house=the_house)
        .exclude(status=RenovationStatus.FINISHED)
        .exists()
    ):
        raise Conflict("该房屋已有未完工的装修登记", code="already_renovating")
    previous = the_house.status
    renovation = Renovation.objects.create(
        project=the_house.project,
        house=the_house,
        customer=owner,
        agent_name=agent,
        power_of_attorney=bool(power_of_attorney),
        starts_on=start,
        ends_on=end,
        contractor_name=c.text(contractor_name, "contractor_name", "装修单位", 100),
        agreement_no=c.text(agreement_no, "agreement_no", "装修协议编号", 40),
        plan=c.text(plan, "plan", "装修方案", 4000),
        structural_change=bool(structural_change),
        authority_approval=approval,
        garbage_fee=parse_money(garbage_fee or "0", "garbage_fee"),
        previous_house_status=previous,
        created_by=actor,
        **ids,
    )
    set_house_status(actor, the_house, HouseStatus.RENOVATING)
    told = notify.staff(TOLD, the_house.project_id)
    renovation.notified = notify.notify_users(
        told,
        "renovation_registered",
        {"house": the_house.label, "starts_on": start, "ends_on": end},
        key=f"renovation-{renovation.pk}",
    )
    renovation.save(update_fields=["notified"])
    audit.record(actor, "create", renovation, after=audit.snapshot(renovation))
    return renovation


def _locked(renovation: Renovation, *allowed: str) -> Renovation:
    locked = (
        Renovation.objects.select_for_update()
        .select_related("project", "house")
        .get(pk=renovation.pk)
    )
    if locked.status not in allowed:
        raise Conflict(
            f"装修登记当前为“{locked.get_status_display()}”，不能执行此操作", code="not_allowed"
        )
    return locked


@transaction.atomic
def review_plan(actor, renovation: Renovation, *, approved: bool, comment: str = "") -> Renovation:
    require(actor, "frontdesk.manage")
    r = _locked(renovation, RenovationStatus.REGISTERED)
    r.plan_review = PlanReview.APPROVED if approved else PlanReview.REJECTED
    r.plan_comment = c.text(comment, "comment", "审核意见", 2000, required=not approved)
    r.save(update_fields=["plan_review", "plan_comment"])
    audit.record(
        actor, "review", r, after={"plan_review": r.plan_review, "comment": r.plan_comment}
    )
    return r


@transaction.atomic
def issue_permit(actor, renovation: Renovation, *, workers: list) -> Renovation:
    """The permit and one numbered pass per worker, valid from the start to the end of works."""
    require(actor, "frontdesk.manage")
    r = _locked(renovation, RenovationStatus.REGISTERED, RenovationStatus.PERMITTED)
    if r.plan_review == PlanReview.REJECTED:
        raise Conflict("装修方案未通过审核，不能发放许可证", code="plan_rejected")
    if not isinstance(workers, list) or len(workers) > MAX_WORKERS:
        raise field_error("workers", f"施工人员最多 {MAX_WORKERS} 人")
    if not r.permit_number:
        r.permit_number = (
            f"ZX-{r.project.code}-{numbering.next_value(f'permit:{r.project_id}'):05d}"
        )
        r.permitted_at = timezone.now()
    r.status = RenovationStatus.PERMITTED
    r.save(update_fields=["permit_number", "permitted_at", "status"])
    start = r.passes.count()
    for i, worker in enumerate(workers, start=1):
        worker = worker if isinstance(worker, dict) else {}
        field = f"workers[{i - 1}]"
        name = c.text(worker.get("name"), f"{field}.name", "姓名", 60, required=True)
        ids = c.protected_id(worker.get("id_number"), f"{field}.id_number")
        WorkerPass.objects.create(
            renovation=r,
            number=f"{r.permit_number}-{start + i:02d}",
            name=name,
            valid_from=r.starts_on,
            valid_until=r.ends_on,
            **ids,
        )
    audit.record(
        actor, "permit", r, after={"permit_number": r.permit_number, "workers": len(workers)}
    )
    return r


@transaction.atomic
def inspect(
    actor, renovation: Renovation, *, findings: str, compliant: bool = True, occurred_at=None
) -> RenovationInspection:
    require(actor, "frontdesk.inspect")
    r = _locked(renovation, RenovationStatus.REGISTERED, RenovationStatus.PERMITTED)
    at = c.moment(occurred_at, label="检查时间", not_before=r.created_at)
    found = RenovationInspection.objects.create(
        renovation=r,
        inspector=actor,
        occurred_at=at,
        findings=c.text(findings, "findings", "检查发现", 2000, required=True),
        compliant=bool(compliant),
    )
    audit.record(
        actor,
        "inspect",
        r,
        after={"findings": found.findings, "compliant": found.compliant},
        occurred_at=at,
    )
    return found


@transaction.atomic
def finish(actor, renovation: Renovation) -> Renovation:
    """Works finished: the house goes back to the status it had before."""
    require(actor, "frontdesk.manage")
    r = _locked(renovation, RenovationStatus.REGISTERED, RenovationStatus.PERMITTED)
    r.status, r.finished_at = RenovationStatus.FINISHED, timezone.now()
    r.save(update_fields=["status", "finished_at"])
    back = r.previous_house_status
    if not back or back == HouseStatus.RENOVATING:
        back = HouseStatus.OCCUPIED
    set_house_status(actor, r.house, back)
    audit.record(actor, "finish", r, after={"status": r.status})
    return r
