"""Reads of the 设计施工改进清单 (R-RPT-3): lessons within the caller's data scope."""

from __future__ import annotations

from aftersales.analysis.models import Lesson
from aftersales.core import scoping
from aftersales.core.permissions import require


def lessons_for(user, *, status: str = "", owner_dept: str = "", project: int | None = None):
    """Lessons in the user's scope, newest first, optionally filtered."""
    require(user, "reports.view")
    qs = scoping.visible_to(
        Lesson.objects.select_related("project", "created_by", "decided_by"), user
    )
    if status:
        qs = qs.filter(status=status)
    if owner_dept:
        qs = qs.filter(owner_dept=owner_dept)
    if project:
        qs = qs.filter(project_id=project)
    return qs.order_by("-id")


def get_lesson(user, pk: int) -> Lesson:
    require(user, "reports.view")
    return scoping.get_visible_or_404(Lesson.objects.select_related("project"), user, pk=pk)
