"""设计施工改进清单 screens (R-RPT-3): list, one-click creation, annotate and decide, Excel."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from aftersales.analysis import exports, selectors, services
from aftersales.analysis.choices import LessonOwner, LessonStatus
from aftersales.analysis.forms import LessonForm
from aftersales.core.errors import Conflict, DomainError, Forbidden, NotFound
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.i18n import data_language
from aftersales.core.permissions import can
from aftersales.core.web import as_id, int_param, need, paginate, show_error
from aftersales.estates.selectors import projects_for


def _filters(request) -> dict:
    status = request.GET.get("status", "")
    owner = request.GET.get("owner_dept", "")
    return {
        "status": status if status in LessonStatus.values else "",
        "owner_dept": owner if owner in LessonOwner.values else "",
        "project": int_param(request, "project"),
    }


@login_required
def lesson_list(request):
    need(request, "reports.view")
    filters = _filters(request)
    qs = selectors.lessons.lessons_for(request.user, **filters)
    return render(
        request,
        "analysis/lessons.html",
        {
            "page_obj": paginate(request, qs),
            "filters": filters,
            "statuses": LessonStatus.choices,
            "owners": LessonOwner.choices,
            "projects": projects_for(request.user),
            "can_manage": can(request.user, "analysis.lessons"),
            "can_export": can(request.user, "reports.export"),
        },
    )


@login_required
@data_language()  # the file is in Chinese whatever the screen's language
def lesson_export(request):
    need(request, "reports.export")
    qs = selectors.lessons.lessons_for(request.user, **_filters(request))
    exports.record_export(request.user, "Lesson", f"{qs.count()} 条")
    content = exports.lessons_xlsx(qs, request.user.display_name)
    return xlsx_response(content, dated_name("设计施工改进清单"))


@login_required
@require_POST
def lesson_create(request):
    """One click on a row of the recurring analysis."""
    need(request, "analysis.lessons")
    post = request.POST
    back = reverse("analysis:recurring") + "?" + post.get("back", "")
    try:
        lesson = services.lessons.create_from_row(
            request.user,
            by=post.get("by", ""),
            key=post.get("key", ""),
            project=as_id(post.get("project")),
            start=_date(post.get("start")),
            end=_date(post.get("end")),
        )
    except Forbidden as exc:
        raise PermissionDenied from exc
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except Conflict as exc:
        messages.warning(request, exc.detail)
        return redirect(back)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    messages.success(request, f"已加入设计施工改进清单：{lesson.title}")
    return redirect("analysis:lesson_detail", pk=lesson.pk)


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def lesson_detail(request, pk: int):
    need(request, "reports.view")
    try:
        lesson = selectors.lessons.get_lesson(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    can_manage = can(request.user, "analysis.lessons")
    initial = {
        "title": lesson.title,
        "owner_dept": lesson.owner_dept,
        "status": lesson.status,
        "annotation": lesson.annotation,
    }
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.lessons.update_lesson(request.user, lesson, **form.cleaned_data)
            except DomainError as exc:
                show_error(form, exc)
            else:
                messages.success(request, "改进项已保存")
                return redirect("analysis:lesson_detail", pk=lesson.pk)
    drill = {
        "by": lesson.dimension,
        "key": lesson.value or "none",
        "start": lesson.period_start.isoformat(),
        "end": lesson.period_end.isoformat(),
    }
    if lesson.project_id:
        drill["project"] = lesson.project_id
    return render(
        request,
        "analysis/lesson_detail.html",
        {"lesson": lesson, "form": form, "can_manage": can_manage, "drill": drill},
    )
