"""社区活动 and 公告栏 screens (R-VIS-5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.care import selectors, services
from aftersales.care.choices import ActivityStatus
from aftersales.care.forms import ActivityForm, ExecutionForm, NoticeForm
from aftersales.care.views._common import attempt, found
from aftersales.core.permissions import can
from aftersales.core.web import as_id, int_param, need, paginate
from aftersales.estates.selectors import projects_for


@login_required
def activity_list(request):
    need(request, "care.view")
    projects = projects_for(request.user)
    form = ActivityForm(request.POST or None, projects=projects)
    if request.method == "POST":
        need(request, "care.activities")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["cost"] = data["cost"] or "0"
            activity, ok = attempt(
                request,
                lambda: services.activities.create_activity(request.user, **data),
                form=form,
            )
            if ok:
                messages.success(request, _("活动已创建"))
                return redirect("care:activity", activity.pk)
    status = request.GET.get("status", "")
    status = status if status in ActivityStatus.values else ""
    qs = selectors.activities.activities_for(
        request.user, project=int_param(request, "project"), status=status
    )
    return render(
        request,
        "care/activities.html",
        {
            "page_obj": paginate(request, qs),
            "form": form,
            "statuses": ActivityStatus.choices,
            "status": status,
            "can_edit": can(request.user, "care.activities"),
        },
    )


@login_required
def activity_detail(request, pk: int):
    need(request, "care.view")
    activity = found(selectors.activities.get_activity, request.user, pk)
    form = ExecutionForm(
        request.POST or None, initial={"record": activity.record, "attendance": activity.attendance}
    )
    if request.method == "POST":
        need(request, "care.activities")
        if form.is_valid():
            __, ok = attempt(
                request,
                lambda: services.activities.record_execution(
                    request.user,
                    activity,
                    photos=request.FILES.getlist("photos"),
                    **form.cleaned_data,
                ),
                form=form,
            )
            if ok:
                messages.success(request, _("执行记录已保存"))
                return redirect("care:activity", activity.pk)
    signups = selectors.activities.signups_of(request.user, activity)
    customers = selectors.activities.customers_of(request.user, activity)
    return render(
        request,
        "care/activity_detail.html",
        {
            "activity": activity,
            "form": form,
            "signups": signups,
            "signed_people": selectors.activities.signup_people(activity),
            "customers": customers,
            "can_edit": can(request.user, "care.activities"),
        },
    )


@login_required
@require_POST
def activity_invite(request, pk: int):
    need(request, "care.activities")
    activity = found(selectors.activities.get_activity, request.user, pk)
    count, ok = attempt(request, lambda: services.activities.invite_owners(request.user, activity))
    if ok:
        messages.success(request, _("已邀请 %(n)s 位业主") % {"n": count})
    return redirect("care:activity", activity.pk)


@login_required
@require_POST
def activity_signup(request, pk: int):
    need(request, "care.activities")
    activity = found(selectors.activities.get_activity, request.user, pk)
    __, ok = attempt(
        request,
        lambda: services.activities.sign_up(
            request.user,
            activity,
            customer=as_id(request.POST.get("customer")),
            people=request.POST.get("people") or 1,
        ),
    )
    if ok:
        messages.success(request, _("报名已登记"))
    return redirect("care:activity", activity.pk)


@login_required
@require_POST
def activity_archive(request, pk: int):
    need(request, "care.activities")
    activity = found(selectors.activities.get_activity, request.user, pk)
    __, ok = attempt(request, lambda: services.activities.archive(request.user, activity))
    if ok:
        messages.success(request, _("活动已归档"))
    return redirect("care:activity", activity.pk)


@login_required
def activity_photo(request, pk: int, photo_pk: int):
    need(request, "care.view")
    activity = found(selectors.activities.get_activity, request.user, pk)
    photo = activity.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)


@login_required
def notice_list(request):
    need(request, "care.view")
    projects = projects_for(request.user)
    form = NoticeForm(request.POST or None, projects=projects)
    if request.method == "POST":
        need(request, "care.activities")
        if form.is_valid():
            __, ok = attempt(
                request,
                lambda: services.activities.post_notice(request.user, **form.cleaned_data),
                form=form,
            )
            if ok:
                messages.success(request, _("公告已发布"))
                return redirect("care:notices")
    today = timezone.localdate()
    qs = selectors.activities.notices_for(
        request.user, project=int_param(request, "project"), today=today
    )
    return render(
        request,
        "care/notices.html",
        {
            "page_obj": paginate(request, qs),
            "form": form,
            "today": today,
            "can_edit": can(request.user, "care.activities"),
        },
    )


@login_required
@require_POST
def notice_renew(request, pk: int):
    need(request, "care.activities")
    notice = found(selectors.activities.get_notice, request.user, pk)
    __, ok = attempt(request, lambda: services.activities.renew_notice(request.user, notice))
    if ok:
        messages.success(request, _("公告已更新"))
    return redirect("care:notices")
