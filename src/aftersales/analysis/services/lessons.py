"""设计施工改进清单 (R-RPT-3): recurring problems handed to design and engineering as lessons.

A lesson is made from one row of the recurring-problem analysis with one click: the row's
counts are taken again on the server (never trusted from the browser) and kept as a snapshot.
Engineering then annotates it and decides: adopted (已采纳) or rejected (不采纳). The list and
the look-up are :mod:`aftersales.analysis.selectors.lessons`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from aftersales.analysis.choices import DEFAULT_OWNER, Dimension, LessonOwner, LessonStatus
from aftersales.analysis.models import Lesson
from aftersales.analysis.selectors import recurring
from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, field_error
from aftersales.core.i18n import data_language
from aftersales.core.permissions import require
from aftersales.estates.models import Project

EDITABLE = ("title", "annotation", "status", "owner_dept")


@data_language()
def _title(by: str, row: dict, project: Project | None) -> str:
    where = f"{project.name} " if project else ""
    return (
        f"{where}{Dimension(by).label}“{row['label']}”报修 {row['count']} 单，"
        f"涉及 {row['houses']} 户"
        + (f"（{row['repeat_houses']} 户重复报修）" if row["repeat_houses"] else "")
    )[:200]


def create_from_row(
    user,
    *,
    by: str,
    key: str,
    project: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "",
    owner_dept: str = "",
) -> Lesson:
    """A lesson from one row of the analysis (one click on the analysis screen)."""
    require(user, "analysis.lessons")
    by = recurring.dimension(by)
    start, end = recurring.window(start, end)
    chosen = (
        scoping.get_visible_or_404(Project.objects.all(), user, pk=project) if project else None
    )
    if chosen is None and scoping.project_ids(user) is not None and not user.is_superuser:
        raise field_error("project", "请选择项目（您的数据范围不含全部项目）", code="required")
    if owner_dept and owner_dept not in LessonOwner.values:
        raise field_error("owner_dept", "责任部门应为 design 或 engineering")
    with data_language():  # the label and the title are kept with the lesson, in Chinese
        row = recurring.row_of(user, by, key, project, start, end)
    if row is None:
        raise field_error("key", "该取值在统计区间内没有报修，无法生成改进项", code="not_found")
    value = "" if row["key"] == recurring.NONE_KEY else row["key"]
    with transaction.atomic():
        duplicate = Lesson.objects.filter(
            dimension=by, value=value, project=chosen, status=LessonStatus.OPEN
        ).first()
        if duplicate is not None:
            raise Conflict(f"已有相同的待处理改进项（#{duplicate.pk}）", code="duplicate_lesson")
        lesson = Lesson.objects.create(
            project=chosen,
            dimension=by,
            value=value,
            value_label=row["label"][:150],
            period_start=start,
            period_end=end,
            ticket_count=row["count"],
            house_count=row["houses"],
            repeat_house_count=row["repeat_houses"],
            title=(title or "").strip()[:200] or _title(by, row, chosen),
            owner_dept=owner_dept or DEFAULT_OWNER.get(by, LessonOwner.ENGINEERING),
            created_by=user,
        )
        audit.record(user, "create", lesson, after=audit.snapshot(lesson))
    return lesson


def update_lesson(user, lesson: Lesson, **changes) -> Lesson:
    """Annotate, retitle, hand over or decide a lesson."""
    require(user, "analysis.lessons")
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise field_error(unknown[0], "不可修改的字段")
    if "title" in changes:
        title = (changes["title"] or "").strip()
        if not title:
            raise field_error("title", "标题不能为空", code="required")
        changes["title"] = title[:200]
    if "annotation" in changes:
        changes["annotation"] = (changes["annotation"] or "").strip()
    if "status" in changes and changes["status"] not in LessonStatus.values:
        raise field_error("status", "状态应为 open、adopted 或 rejected")
    if "owner_dept" in changes and changes["owner_dept"] not in LessonOwner.values:
        raise field_error("owner_dept", "责任部门应为 design 或 engineering")
    with transaction.atomic():
        locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
        before = audit.snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        if "status" in changes and changes["status"] != before["status"]:
            decided = changes["status"] != LessonStatus.OPEN
            locked.decided_by = user if decided else None
            locked.decided_at = timezone.now() if decided else None
        locked.save()
        old, new = audit.diff(before, audit.snapshot(locked))
        if new:
            audit.record(user, "update", locked, before=old, after=new)
    return locked


def delete_lesson(user, lesson: Lesson) -> None:
    require(user, "analysis.lessons")
    if lesson.status != LessonStatus.OPEN:
        raise Conflict("已决定的改进项不能删除", code="not_allowed")
    audit.record(user, "delete", lesson, before=audit.snapshot(lesson))
    lesson.delete()
