"""Meetings with minutes and action items linked to tickets (R-RPT-5, R-CMP-1).

Three kinds: the weekly complaint coordination meeting of an office (first year after
delivery), the weekly office-heads meeting, and the special meeting on a major complaint
(专题会), which is started from that complaint. Meetings and their action items belong to a
project and are seen within the data scope (R-ORG-3); a meeting without a project is a
head-office meeting, seen by central staff only. The reads (lists, a meeting with its
items, who may own an item) are :mod:`aftersales.analysis.selectors.meetings`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.analysis.choices import MeetingKind
from aftersales.analysis.models import ActionItem, Meeting
from aftersales.analysis.selectors.meetings import owners_for
from aftersales.core import audit, scoping
from aftersales.core.errors import Forbidden, field_error
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can, require
from aftersales.estates.models import Project
from aftersales.tickets.choices import Kind
from aftersales.tickets.models import Ticket

MEETING_FIELDS = ("kind", "title", "project", "ticket", "held_on", "place", "chair", "attendees")
MEETING_FIELDS += ("minutes",)
ACTION_FIELDS = ("text", "owner", "due_on", "done", "tickets")
MAX_TICKETS = 50


# --- checks ------------------------------------------------------------------------------------


def _ticket(user, ref) -> Ticket:
    """A ticket by id or unified number, within the user's scope (422 otherwise)."""
    qs = scoping.visible_to(Ticket.objects.select_related("project"), user)
    text = str(ref).strip()
    if isinstance(ref, int) or (text.isascii() and text.isdigit() and len(text) <= 18):
        found = qs.filter(pk=int(text)).first()
    else:
        found = qs.filter(number__iexact=text).first()
    if found is None:
        raise field_error("tickets", f"工单“{text}”不存在或不在您的数据范围内", code="not_found")
    return found


def _project(user, value) -> Project | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Project) else value
    found = scoping.visible_to(Project.objects.filter(pk=pk), user).first()
    if found is None:
        raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    return found


def _clean_meeting(user, data: dict, current: Meeting | None = None) -> dict:
    unknown = sorted(set(data) - set(MEETING_FIELDS))
    if unknown:
        raise field_error(unknown[0], "未知的字段")
    kind = data.get("kind", current.kind if current else "")
    if kind not in MeetingKind.values:
        raise field_error("kind", "会议类型应为 weekly_complaint、office_heads 或 special")
    clean: dict[str, Any] = {"kind": kind}
    if "held_on" in data or current is None:
        held_on = data.get("held_on")
        if not isinstance(held_on, dt.date):
            raise field_error("held_on", "请填写会议日期", code="required")
        clean["held_on"] = held_on
    for name in ("place", "chair", "attendees", "minutes", "title"):
        if name in data:
            clean[name] = (data[name] or "").strip()
    limits = {"place": 100, "chair": 60, "title": 200}
    for name, limit in limits.items():
        if len(clean.get(name, "")) > limit:
            raise field_error(name, f"最多 {limit} 个字")
    project = _project(user, data["project"]) if "project" in data else None
    if "project" not in data and current is not None:
        project = current.project
    ticket = current.ticket if current is not None else None
    if "ticket" in data:
        ticket = _ticket(user, data["ticket"]) if data["ticket"] not in (None, "") else None
    if kind == MeetingKind.SPECIAL:
        if ticket is None:
            raise field_error("ticket", "专题会须关联一张重大投诉工单", code="required")
        if ticket.kind != Kind.COMPLAINT:
            raise field_error("ticket", "专题会关联的工单应为投诉")
        if project is not None and ticket.project_id != project.pk:
            raise field_error("project", "会议项目与投诉所属项目不一致")
        project = ticket.project
    elif ticket is not None and "ticket" in data:
        raise field_error("ticket", "只有专题会关联投诉工单")
    elif kind != MeetingKind.SPECIAL:
        ticket = None
    if kind == MeetingKind.WEEKLY_COMPLAINT and project is None:
        raise field_error("project", "投诉协调周例会须选择项目（客服处）", code="required")
    if project is None and scoping.project_ids(user) is not None and not user.is_superuser:
        raise field_error("project", "请选择项目（您的数据范围不含全部项目）", code="required")
    clean["project"], clean["ticket"] = project, ticket
    if not clean.get("title") and (current is None or "title" in data):
        clean["title"] = default_title(kind, clean.get("held_on") or current.held_on, ticket)
    return clean


@data_language()  # a title is kept with the meeting, in Chinese
def default_title(kind: str, held_on: dt.date, ticket: Ticket | None = None) -> str:
    if kind == MeetingKind.SPECIAL and ticket is not None:
        return f"关于投诉 {ticket.number} 的专题会（{held_on:%Y-%m-%d}）"
    return f"{MeetingKind(kind).label}（{held_on:%Y-%m-%d}）"


# --- meetings ----------------------------------------------------------------------------------


def create_meeting(user, **data) -> Meeting:
    require(user, "meetings.manage")
    clean = _clean_meeting(user, data)
    with transaction.atomic():
        meeting = Meeting.objects.create(created_by=user, **clean)
        audit.record(user, "create", meeting, after=audit.snapshot(meeting))
    return meeting


def update_meeting(user, meeting: Meeting, **data) -> Meeting:
    require(user, "meetings.manage")
    clean = _clean_meeting(user, data, current=meeting)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = audit.snapshot(locked)
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.save()
        old, new = audit.diff(before, audit.snapshot(locked))
        if new:
            audit.record(user, "update", locked, before=old, after=new)
    return locked


def prefill(user, ticket_ref) -> dict:
    """Initial values of a special meeting started from a complaint (analysis:meeting_new)."""
    ticket = _ticket(user, ticket_ref)
    today = timezone.localdate()
    return {
        "kind": MeetingKind.SPECIAL,
        "ticket": ticket.number,
        "project": ticket.project_id,
        "held_on": today,
        "title": default_title(MeetingKind.SPECIAL, today, ticket),
        "minutes": f"投诉 {ticket.number}：{ticket.description}\n\n议定事项：\n",
    }


# --- action items ------------------------------------------------------------------------------


def _owner(value, meeting: Meeting) -> User:
    """An active staff user who serves the meeting's project (R-ORG-3).

    An action item of one estate is not given to a user who cannot see that estate: he would
    be told of work he may not open.
    """
    if value in (None, ""):
        raise field_error("owner", "请指定责任人", code="required")
    pk = value.pk if isinstance(value, User) else value
    found = owners_for(None).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise field_error("owner", "责任人不存在或已停用", code="not_found")
    serves = scoping.project_ids(found)
    if meeting.project_id and serves is not None and meeting.project_id not in serves:
        raise field_error(
            "owner",
            f"{found.name or found.username}不负责本次会议的项目，不能指派",
            code="out_of_scope",
        )
    return found


def _tickets(user, meeting: Meeting, refs) -> list[Ticket]:
    if refs is None:
        return []
    if not isinstance(refs, list | tuple):
        raise field_error("tickets", "应为工单列表")
    if len(refs) > MAX_TICKETS:
        raise field_error("tickets", f"最多关联 {MAX_TICKETS} 张工单")
    found = []
    for ref in refs:
        ticket = _ticket(user, ref)
        if meeting.project_id and ticket.project_id != meeting.project_id:
            raise field_error("tickets", f"工单 {ticket.number} 不属于本次会议的项目")
        if ticket not in found:
            found.append(ticket)
    return found


def _clean_action(user, meeting: Meeting, data: dict, creating: bool) -> tuple[dict, list | None]:
    unknown = sorted(set(data) - set(ACTION_FIELDS))
    if unknown:
        raise field_error(unknown[0], "未知的字段")
    clean: dict[str, Any] = {}
    if "text" in data or creating:
        text = (data.get("text") or "").strip()
        if not text:
            raise field_error("text", "请填写待办事项", code="required")
        clean["text"] = text
    if "owner" in data or creating:
        clean["owner"] = _owner(data.get("owner"), meeting)
    if "due_on" in data:
        due_on = data["due_on"]
        if due_on is not None and not isinstance(due_on, dt.date):
            raise field_error("due_on", "完成期限应为日期")
        clean["due_on"] = due_on
    if "done" in data:
        if not isinstance(data["done"], bool):
            raise field_error("done", "应为 true 或 false")
        clean["done"] = data["done"]
    tickets = _tickets(user, meeting, data["tickets"]) if "tickets" in data else None
    return clean, tickets


def add_action(user, meeting: Meeting, **data) -> ActionItem:
    require(user, "meetings.manage")
    clean, tickets = _clean_action(user, meeting, data, creating=True)
    with transaction.atomic():
        if clean.get("done"):
            clean["done_at"] = timezone.now()
        item = ActionItem.objects.create(meeting=meeting, **clean)
        if tickets:
            item.tickets.set(tickets)
        after = audit.snapshot(item) | {"tickets": [t.pk for t in tickets or []]}
        audit.record(user, "create", item, after=after)
    return item


def may_update_action(user, item: ActionItem) -> bool:
    return can(user, "meetings.manage") or item.owner_id == getattr(user, "pk", None)


def update_action(user, item: ActionItem, **data) -> ActionItem:
    """Edit an action item; its owner may only tick it done (or not done)."""
    require(user, "meetings.view")
    own_tick = item.owner_id == user.pk and not set(data) - {"done"}
    if not (can(user, "meetings.manage") or own_tick):
        raise Forbidden("您只能勾选自己负责的待办是否完成", code="forbidden")
    clean, tickets = _clean_action(user, item.meeting, data, creating=False)
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        before = audit.snapshot(locked) | {
            "tickets": sorted(locked.tickets.values_list("pk", flat=True))
        }
        if "done" in clean and clean["done"] != locked.done:
            locked.done_at = timezone.now() if clean["done"] else None
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.save()
        if tickets is not None:
            locked.tickets.set(tickets)
        after = audit.snapshot(locked) | {
            "tickets": sorted(locked.tickets.values_list("pk", flat=True))
        }
        old, new = audit.diff(before, after)
        if new:
            audit.record(user, "update", locked, before=old, after=new)
    return locked
