"""客户关怀 screens (R-VIS-4): the upcoming list with the messages sent, and the rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.care import selectors, services
from aftersales.care.forms import RuleForm
from aftersales.care.views._common import attempt, found
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate
from aftersales.estates.selectors import projects_for


@login_required
def upcoming(request):
    need(request, "care.view")
    try:
        days = min(max(int(request.GET.get("days") or 30), 0), 366)
    except ValueError:
        days = 30
    project = int_param(request, "project")
    today = timezone.localdate()
    month_start = today.replace(day=1)
    sent = selectors.care.messages_for(request.user, project=project).filter(
        sent_at__date__gte=month_start
    )
    return render(
        request,
        "care/upcoming.html",
        {
            "page_obj": paginate(
                request, selectors.care.upcoming(request.user, days=days, project=project)
            ),
            "days": days,
            "project": project,
            "projects": projects_for(request.user),
            "sent": sent[:20],
            "sent_count": sent.count(),
            "can_run": can(request.user, "care.rules"),
            "today": today,
            "until": today + dt.timedelta(days=days),
        },
    )


@login_required
@require_POST
def run_now(request):
    need(request, "care.rules")
    sent = services.care.run_care()
    messages.success(request, _("已发送 %(n)s 条关怀消息") % {"n": sum(sent.values())})
    return redirect("care:upcoming")


@login_required
def rule_list(request):
    need(request, "care.view")
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        need(request, "care.rules")
        if form.is_valid():
            __, ok = attempt(
                request,
                lambda: services.care.create_rule(request.user, **form.cleaned_data),
                form=form,
            )
            if ok:
                messages.success(request, _("关怀规则已保存"))
                return redirect("care:rules")
    return render(
        request,
        "care/rules.html",
        {
            "rules": selectors.care.rules_for(request.user),
            "form": form,
            "can_edit": can(request.user, "care.rules"),
        },
    )


@login_required
def rule_edit(request, pk: int):
    need(request, "care.rules")
    rule = found(selectors.care.get_rule, request.user, pk)
    initial = {
        f: getattr(rule, f)
        for f in ("kind", "name", "months", "segment", "channel", "text", "active")
    }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        __, ok = attempt(
            request,
            lambda: services.care.update_rule(request.user, rule, **form.cleaned_data),
            form=form,
        )
        if ok:
            messages.success(request, _("关怀规则已保存"))
            return redirect("care:rules")
    return render(request, "care/rule_edit.html", {"rule": rule, "form": form})
