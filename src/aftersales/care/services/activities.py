"""Community activities (R-VIS-5): plan, invitations, sign-up, the execution record with
photos, the archive; and the notice board renewed every two weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from aftersales.attachments.services import check_upload
from aftersales.care.choices import ActivityStatus, SignupStatus
from aftersales.care.models import Activity, ActivityPhoto, Notice, Signup
from aftersales.care.services._common import record_in_scope, text
from aftersales.core import audit
from aftersales.core.errors import Conflict, field_error
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.estates.models import Customer, Project

MAX_PHOTOS = 12
_EXT = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def _count(value: Any, field: str, label: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100000:
        raise field_error(field, f"{label}应为 0–100000 的整数")
    return value


def create_activity(
    actor,
    *,
    project: Any,
    theme: Any,
    place: Any,
    starts_at: dt.datetime | None,
    items: Any = "",
    cost: Any = "0",
    people: Any = 0,
    prizes: Any = "",
) -> Activity:
    """Plan an activity: theme, items, cost, place, time, people, prizes."""
    require(actor, "care.activities")
    project = record_in_scope(Project, actor, project, "project", "项目")
    if project is None:
        raise field_error("project", "请选择项目", code="required")
    if starts_at is None:
        raise field_error("starts_at", "请填写活动时间", code="required")
    with transaction.atomic():
        activity = Activity.objects.create(
            project=project,
            theme=text(theme, "theme", "主题", 100, required=True),
            place=text(place, "place", "地点", 100, required=True),
            starts_at=starts_at,
            items=text(items, "items", "活动内容", 2000),
            cost=parse_money(cost or "0", "cost"),
            people=_count(people, "people", "预计人数"),
            prizes=text(prizes, "prizes", "奖品", 1000),
            created_by=actor,
        )
        audit.record(actor, "create", activity, after={"theme": activity.theme})
    return activity


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def invite_owners(actor, activity: Activity) -> int:
    """Invite every customer with a house in the activity's project (once each)."""
    require(actor, "care.activities")
    with transaction.atomic():
        locked = _locked(activity)
        if locked.status != ActivityStatus.PLANNED:
            raise Conflict("活动已举办或归档，不能再邀请", code="activity_not_planned")
        customers = Customer.objects.filter(houses__project_id=locked.project_id).distinct()
        already = set(locked.signups.values_list("customer_id", flat=True))
        new = [Signup(activity=locked, customer=c) for c in customers if c.pk not in already]
        Signup.objects.bulk_create(new, ignore_conflicts=True)
        audit.record(actor, "update", locked, after={"invited": len(new)})
    return len(new)


def sign_up(actor, activity: Activity, *, customer: Any, people: Any = 1) -> Signup:
    """Record an owner's sign-up (at the desk or by phone)."""
    require(actor, "care.activities")
    customer = record_in_scope(Customer, actor, customer, "customer", "客户")
    if customer is None:
        raise field_error("customer", "请选择客户", code="required")
    people = _count(people, "people", "报名人数") or 1
    with transaction.atomic():
        locked = _locked(activity)
        if locked.status != ActivityStatus.PLANNED:
            raise Conflict("活动已举办或归档，不能再报名", code="activity_not_planned")
        signup, _ = Signup.objects.get_or_create(activity=locked, customer=customer)
        signup.status, signup.people, signup.signed_up_at = (
            SignupStatus.SIGNED_UP,
            people,
            timezone.now(),
        )
        signup.save(update_fields=["status", "people", "signed_up_at"])
        audit.record(actor, "update", locked, after={"signed_up": customer.pk})
    return signup


def record_execution(
    actor, activity: Activity, *, record: Any, attendance: Any, photos=()
) -> Activity:
    """The execution record with photos; the activity is then done."""
    require(actor, "care.activities")
    record = text(record, "record", "执行记录", 4000, required=True)
    attendance = _count(attendance, "attendance", "实际参加人数")
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise field_error("photos", f"照片最多 {MAX_PHOTOS} 张")
    checked = [check_upload(p, "photos") for p in photos]
    with transaction.atomic():
        locked = _locked(activity)
        if locked.status == ActivityStatus.ARCHIVED:
            raise Conflict("活动已归档", code="activity_archived")
        locked.record, locked.attendance, locked.status = record, attendance, ActivityStatus.DONE
        locked.save(update_fields=["record", "attendance", "status"])
        for i, photo in enumerate(checked):
            ActivityPhoto.objects.create(
                activity=locked,
                file=ContentFile(photo.data, name=f"{i + 1}.{_EXT.get(photo.content_type, 'bin')}"),
                content_type=photo.content_type,
            )
        audit.record(
            actor, "update", locked, after={"status": locked.status, "photos": len(checked)}
        )
    return locked


def archive(actor, activity: Activity) -> Activity:
    require(actor, "care.activities")
    with transaction.atomic():
        locked = _locked(activity)
        if locked.status != ActivityStatus.DONE:
            raise Conflict("只有已举办的活动才能归档", code="activity_not_done")
        locked.status = ActivityStatus.ARCHIVED
        locked.save(update_fields=["status"])
        audit.record(actor, "update", locked, after={"status": locked.status})
    return locked


def post_notice(actor, *, project: Any, title: Any, body: Any = "") -> Notice:
    require(actor, "care.activities")
    project = record_in_scope(Project, actor, project, "project", "项目")
    if project is None:
        raise field_error("project", "请选择项目", code="required")
    with transaction.atomic():
        notice = Notice.objects.create(
            project=project,
            title=text(title, "title", "标题", 100, required=True),
            body=text(body, "body", "内容", 4000),
            renewed_on=timezone.localdate(),
        )
        audit.record(actor, "create", notice, after={"title": notice.title})
    return notice


def renew_notice(actor, notice: Notice, *, title: Any = None, body: Any = None) -> Notice:
    """Renew a notice-board item (every two weeks)."""
    require(actor, "care.activities")
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if title is not None:
            locked.title = text(title, "title", "标题", 100, required=True)
        if body is not None:
            locked.body = text(body, "body", "内容", 4000)
        locked.renewed_on = timezone.localdate()
        locked.save(update_fields=["title", "body", "renewed_on"])
        audit.record(actor, "update", locked, after={"renewed_on": locked.renewed_on})
    return locked
