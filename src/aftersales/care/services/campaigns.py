"""Visit campaigns (R-VIS-1, R-VIS-3): drawing the targets, assigning them, recording visits
whose issues become tickets, the repeat visit with the service manager and the yearly
spot-check."""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from aftersales.care.choices import CampaignKind, CampaignStatus, ResponseSource, VisitMethod
from aftersales.care.models import Campaign, SpotCheck, Target, Visit, VisitIssue
from aftersales.care.services import questionnaires
from aftersales.care.services._common import choice, record_in_scope, text
from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, field_error
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can, require
from aftersales.estates.choices import HouseRole, HouseStatus
from aftersales.estates.models import Customer, House, Project
from aftersales.notify import services as notify
from aftersales.tickets import services as tickets

OCCUPIED = (HouseStatus.OCCUPIED, HouseStatus.RENOVATING)
FIRST_VISIT_GOAL = Decimal("0.90")
FULL_GOAL = Decimal("1.00")
YEARLY_MIN, YEARLY_MAX = Decimal("0.10"), Decimal("0.25")
# An issue raised in a visit: opinion → suggestion, request → repair (the ticket kinds).
ISSUE_KINDS = {
    "complaint": "complaint",
    "repair": "repair",
    "suggestion": "suggestion",
    "inquiry": "inquiry",
    "opinion": "suggestion",
    "request": "repair",
}
MAX_ISSUES = 20


def occupancy(project: Project) -> tuple[int, int]:
    """(houses, occupied) of a project: occupied = status occupied or renovating."""
    counts = House.objects.filter(project=project).aggregate(
        total=Count("id"), occupied=Count("id", filter=Q(status__in=OCCUPIED))
    )
    return counts["total"], counts["occupied"]


def _rate(value: Any, kind: str) -> Decimal | None:
    if value is None or value == "":
        if kind == CampaignKind.YEARLY:
            raise field_error(
                "sample_rate", "年度抽样回访须填写抽样比例（10%–25%）", code="required"
            )
        return None
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise field_error("sample_rate", "抽样比例应为 0–1 之间的小数") from exc
    if not rate.is_finite():
        raise field_error("sample_rate", "抽样比例应为 0–1 之间的小数")
    if kind == CampaignKind.YEARLY and not YEARLY_MIN <= rate <= YEARLY_MAX:
        raise field_error(
            "sample_rate",
            "年度回访抽样比例应在 10%–25% 之间（不得低于 10%）",
            code="sample_rate_range",
        )
    if not Decimal(0) < rate <= Decimal(1):
        raise field_error("sample_rate", "抽样比例应大于 0 且不超过 1")
    return rate.quantize(Decimal("0.001"))


def sample_size(rate: Decimal, occupied: int) -> int:
    """ceil(rate × occupied), computed exactly."""
    return min(occupied, math.ceil(rate * occupied))


def stratified_draw(by_building: dict[int, list[int]], n: int, seed: int) -> list[int]:
    """``n`` houses drawn at random, each building getting its share of the sample.

    Each building's quota is its proportional share rounded down; the houses left over go to
    the buildings with the largest remainders (ties broken by the seeded generator). Within a
    building the houses are drawn by the same generator, so a seed reproduces the sample.
    """
    rng = random.Random(seed)
    total = sum(len(h) for h in by_building.values())
    if n >= total:
        return sorted(h for houses in by_building.values() for h in houses)
    buildings = sorted(by_building)
    exact = {b: Decimal(n * len(by_building[b])) / total for b in buildings}
    quota = {b: int(exact[b]) for b in buildings}
    left = n - sum(quota.values())
    tie = {b: rng.random() for b in buildings}
    for b in sorted(buildings, key=lambda b: (-(exact[b] - quota[b]), tie[b]))[:left]:
        quota[b] += 1
    drawn: list[int] = []
    for b in buildings:
        drawn.extend(rng.sample(sorted(by_building[b]), quota[b]))
    return sorted(drawn)


def _title(project: Project, kind: str) -> str:
    with data_language():
        return f"{project.name} {timezone.localdate():%Y}年{CampaignKind(kind).label}"


def create_campaign(
    actor,
    *,
    project: Any,
    kind: Any,
    sample_rate: Any = None,
    questionnaire: Any = None,
    title: Any = "",
    seed: Any = None,
) -> Campaign:
    """Draw a campaign's targets (R-VIS-1).

    ``first``: refused (409 ``occupancy_below_half``) while under half of the houses are
    occupied; every occupied house is a target; goal 90 %. ``yearly``: 10 % ≤ rate ≤ 25 %
    (else 422); ceil(rate × occupied) houses drawn at random, stratified by building, with a
    seed kept on the campaign. ``special`` / ``quarterly``: a sample when a rate is given,
    else every occupied house.
    """
    from aftersales.care.models import Questionnaire

    require(actor, "care.manage")
    kind = choice(kind, "kind", "回访类型", CampaignKind)
    project = record_in_scope(Project, actor, project, "project", "项目")
    if project is None:
        raise field_error("project", "请选择项目", code="required")
    rate = _rate(sample_rate, kind) if kind != CampaignKind.FIRST else None
    chosen = record_in_scope(Questionnaire, actor, questionnaire, "questionnaire", "问卷")
    if seed is None or seed == "":
        seed = secrets.randbits(48)
    elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**62:
        raise field_error("seed", "抽样种子应为非负整数")
    title = text(title, "title", "名称", 100) or _title(project, kind)
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)  # one draw at a time
        total, occupied = occupancy(project)
        if kind == CampaignKind.FIRST:
            if Campaign.objects.filter(project=project, kind=CampaignKind.FIRST).exists():
                raise Conflict("该项目已有新社区首次回访计划", code="first_visit_exists")
            if total == 0 or occupied * 2 < total:
                raise Conflict(
                    f"入住率 {occupied}/{total} 未达 50%，暂不能开展首次回访",
                    code="occupancy_below_half",
                )
        rows = House.objects.filter(project=project, status__in=OCCUPIED).values_list(
            "id", "building_id"
        )
        by_building: dict[int, list[int]] = {}
        for house_id, building_id in rows.iterator(chunk_size=5000):
            by_building.setdefault(building_id, []).append(house_id)
        if rate is None:
            drawn = sorted(h for houses in by_building.values() for h in houses)
        else:
            drawn = stratified_draw(by_building, sample_size(rate, occupied), seed)
        campaign = Campaign.objects.create(
            project=project,
            kind=kind,
            title=title,
            sample_rate=rate,
            seed=seed,
            goal=FIRST_VISIT_GOAL if kind == CampaignKind.FIRST else FULL_GOAL,
            houses=total,
            occupied=occupied,
            questionnaire=chosen,
            created_by=actor,
        )
        Target.objects.bulk_create(
            (Target(campaign=campaign, house_id=h) for h in drawn), batch_size=5000
        )
        audit.record(
            actor,
            "create",
            campaign,
            after={"kind": kind, "sample_rate": str(rate or ""), "targets": len(drawn)},
        )
    campaign.target_count = len(drawn)
    return campaign


def assign_targets(
    actor, campaign: Campaign, *, assignee: Any, targets: Any = None, building: Any = None
) -> int:
    """Give targets to a member of staff: the listed ones, a building's, or all unassigned."""
    require(actor, "care.manage")
    from aftersales.accounts.models import User

    user = User.objects.filter(pk=getattr(assignee, "pk", assignee), is_active=True).first()
    ids = scoping.project_ids(user) if user else set()
    if (
        user is None
        or not can(user, "care.visit")
        or (ids is not None and campaign.project_id not in ids)
    ):
        raise field_error("assignee", "回访人应为可回访该项目的员工")
    qs = Target.objects.filter(campaign=campaign)
    if targets:
        if not isinstance(targets, list) or not all(isinstance(t, int) for t in targets):
            raise field_error("targets", "回访对象应为编号列表")
        qs = qs.filter(pk__in=targets)
    elif building:
        qs = qs.filter(house__building_id=building)
    else:
        qs = qs.filter(assignee__isnull=True)
    with transaction.atomic():
        count = qs.update(assignee=user)
        audit.record(actor, "update", campaign, after={"assigned": count, "assignee": user.pk})
    return count


def close_campaign(actor, campaign: Campaign) -> Campaign:
    require(actor, "care.manage")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status == CampaignStatus.CLOSED:
            raise Conflict("回访计划已结束", code="campaign_closed")
        locked.status = CampaignStatus.CLOSED
        locked.save(update_fields=["status"])
        audit.record(actor, "update", locked, after={"status": locked.status})
    return locked


def _issues(items: Any) -> list[dict]:
    if items in (None, ""):
        return []
    if not isinstance(items, list) or len(items) > MAX_ISSUES:
        raise field_error("issues", f"问题应为列表（最多 {MAX_ISSUES} 条）")
    checked = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise field_error(f"issues.{i}", "问题格式不正确")
        kind = item.get("kind") or "suggestion"
        if kind not in ISSUE_KINDS:
            raise field_error(
                f"issues.{i}.kind",
                "问题类型应为 complaint、repair、suggestion、inquiry、opinion 或 request",
            )
        checked.append(
            {
                "kind": ISSUE_KINDS[kind],
                "description": text(
                    item.get("description"),
                    f"issues.{i}.description",
                    "问题内容",
                    1000,
                    required=True,
                ),
                "category": text(item.get("category"), f"issues.{i}.category", "类别", 20),
            }
        )
    return checked


def owner_of(house: House) -> Customer | None:
    link = (
        house.occupants.filter(role=HouseRole.OWNER)
        .select_related("customer")
        .order_by("id")
        .first()
    )
    link = link or house.occupants.select_related("customer").order_by("id").first()
    return link.customer if link else None


def record_visit(
    actor,
    campaign: Campaign,
    *,
    house: Any,
    method: Any,
    answers: Any = None,
    issues: Any = None,
    severely_dissatisfied: Any = False,
    note: Any = "",
    customer: Any = None,
    phone: Any = "",
    visited_at: dt.datetime | None = None,
) -> Visit:
    """Record one visit to a target (R-VIS-1/3): its answers, and each issue raised becomes a
    ticket (channel ``visit``) registered through the tickets' own service; a severely
    dissatisfied customer is flagged for a repeat visit with the service manager."""
    require(actor, "care.visit")
    method = choice(method, "method", "回访方式", VisitMethod)
    checked_issues = _issues(issues)
    if house in (None, ""):
        raise field_error("house", "请选择房屋", code="required")
    house_obj = record_in_scope(House, actor, house, "house", "房屋")
    customer_obj = record_in_scope(Customer, actor, customer, "customer", "客户") or owner_of(
        house_obj
    )
    note = text(note, "note", "记录", 2000)
    if visited_at and visited_at > timezone.now():
        raise field_error("visited_at", "回访时间不能晚于现在")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != CampaignStatus.OPEN:
            raise Conflict("回访计划已结束", code="campaign_closed")
        target = Target.objects.select_for_update().filter(campaign=locked, house=house_obj).first()
        if target is None:
            raise field_error("house", "该房屋不在本次回访对象中", code="not_a_target")
        response = None
        if answers:
            if locked.questionnaire is None:
                raise field_error("answers", "本回访计划没有问卷")
            response = questionnaires.record_response(
                actor,
                locked.questionnaire,
                answers=answers,
                house=house_obj,
                customer=customer_obj,
                campaign=locked,
                source=ResponseSource.VISIT
                if method == VisitMethod.IN_PERSON
                else ResponseSource.PHONE,
                submitted_at=visited_at,
            )
        visit = Visit.objects.create(
            campaign=locked,
            target=target,
            house=house_obj,
            customer=customer_obj,
            method=method,
            note=note,
            response=response,
            severely_dissatisfied=bool(severely_dissatisfied),
            visited_by=actor,
            visited_at=visited_at or timezone.now(),
        )
        for issue in checked_issues:
            ticket = tickets.register_ticket(
                actor,
                kind=issue["kind"],
                channel="visit",
                description=issue["description"],
                customer=customer_obj,
                phone="" if customer_obj else text(phone, "phone", "联系电话", 20),
                house=house_obj,
                category=issue["category"],
                occurred_at=visited_at,
            )
            VisitIssue.objects.create(visit=visit, ticket=ticket, **issue)
        if not target.visited:
            target.visited = True
            target.save(update_fields=["visited"])
        audit.record(
            actor,
            "create",
            visit,
            after={
                "method": method,
                "issues": len(checked_issues),
                "severely_dissatisfied": visit.severely_dissatisfied,
            },
        )
        if visit.severely_dissatisfied:
            notify.notify_users(
                notify.staff(["service_manager"], locked.project_id),
                "care_repeat_visit",
                {"house": str(house_obj), "customer": customer_obj.name if customer_obj else ""},
                key=f"care-repeat-{visit.pk}",
            )
    return visit


def record_repeat_visit(actor, visit: Visit, *, note: Any) -> Visit:
    """The repeat visit with the service manager to a severely dissatisfied customer."""
    require(actor, "care.spot_check")
    note = text(note, "note", "复访记录", 2000, required=True)
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if not locked.severely_dissatisfied:
            raise Conflict("该回访未标记为非常不满意，无需经理复访", code="not_flagged")
        if locked.repeat_done_at:
            raise Conflict("经理复访已记录", code="repeat_done")
        locked.repeat_done_at, locked.repeat_note = timezone.now(), note
        locked.save(update_fields=["repeat_done_at", "repeat_note"])
        audit.record(actor, "update", locked, after={"repeat_note": note})
    return locked


def record_spot_check(
    actor,
    *,
    project: Any,
    year: Any,
    visits_checked: Any,
    findings: Any,
    checked_on: dt.date | None = None,
) -> SpotCheck:
    """The service manager's yearly spot-check of the follow-up (once per project and year)."""
    require(actor, "care.spot_check")
    project = record_in_scope(Project, actor, project, "project", "项目")
    if project is None:
        raise field_error("project", "请选择项目", code="required")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise field_error("year", "年度应为 2000–2100 的整数")
    if (
        isinstance(visits_checked, bool)
        or not isinstance(visits_checked, int)
        or not 1 <= visits_checked <= 100000
    ):
        raise field_error("visits_checked", "抽查户数应为正整数")
    findings = text(findings, "findings", "抽查结论", 2000, required=True)
    try:
        with transaction.atomic():
            check = SpotCheck.objects.create(
                project=project,
                year=year,
                checked_by=actor,
                checked_on=checked_on or timezone.localdate(),
                visits_checked=visits_checked,
                findings=findings,
            )
            audit.record(actor, "create", check, after={"year": year})
    except IntegrityError as exc:
        raise Conflict(f"{project.name} {year} 年度的抽查已记录", code="spot_check_done") from exc
    return check
