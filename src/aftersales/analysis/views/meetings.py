"""Meeting screens (R-RPT-5): list, new (or from a major complaint), detail with action items,
edit, and the printable minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from aftersales.analysis import selectors, services
from aftersales.analysis.choices import MeetingKind
from aftersales.analysis.forms import ActionForm, MeetingForm
from aftersales.core.errors import DomainError, Forbidden, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate, show_error
from aftersales.estates.selectors import projects_for


def _meeting(request, pk: int):
    try:
        return selectors.meetings.get_meeting(request.user, pk)
    except Forbidden as exc:
        raise PermissionDenied from exc
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@login_required
def meeting_list(request):
    need(request, "meetings.view")
    kind = request.GET.get("kind", "")
    kind = kind if kind in MeetingKind.values else ""
    q = request.GET.get("q", "").strip()
    project = int_param(request, "project")
    qs = selectors.meetings.meetings_for(request.user, kind=kind, project=project, q=q)
    return render(
        request,
        "analysis/meetings.html",
        {
            "page_obj": paginate(request, qs),
            "kind": kind,
            "q": q,
            "project": project,
            "kinds": MeetingKind.choices,
            "projects": projects_for(request.user),
            "can_manage": can(request.user, "meetings.manage"),
        },
    )


def _form_data(form: MeetingForm) -> dict:
    data = dict(form.cleaned_data)
    data["ticket"] = (data.get("ticket") or "").strip() or None
    return data


@login_required
def meeting_new(request):
    need(request, "meetings.manage")
    initial = {"kind": MeetingKind.WEEKLY_COMPLAINT, "held_on": timezone.localdate()}
    ticket_ref = request.GET.get("ticket", "").strip()
    if ticket_ref and request.method == "GET":
        try:
            initial = services.meetings.prefill(request.user, ticket_ref)
        except DomainError as exc:
            messages.error(request, exc.detail)
    projects = projects_for(request.user)
    form = MeetingForm(request.POST or None, initial=initial, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meetings.create_meeting(request.user, **_form_data(form))
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "会议已创建，可继续添加待办事项")
            return redirect("analysis:meeting_detail", pk=meeting.pk)
    return render(request, "analysis/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request, pk: int):
    need(request, "meetings.manage")
    meeting = _meeting(request, pk)
    initial = {
        "kind": meeting.kind,
        "title": meeting.title,
        "project": meeting.project_id,
        "ticket": meeting.ticket.number if meeting.ticket_id else "",
        "held_on": meeting.held_on,
        "place": meeting.place,
        "chair": meeting.chair,
        "attendees": meeting.attendees,
        "minutes": meeting.minutes,
    }
    form = MeetingForm(request.POST or None, initial=initial, projects=projects_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.meetings.update_meeting(request.user, meeting, **_form_data(form))
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "会议纪要已保存")
            return redirect("analysis:meeting_detail", pk=meeting.pk)
    return render(request, "analysis/meeting_form.html", {"form": form, "meeting": meeting})


def _action_form(request, data=None) -> ActionForm:
    return ActionForm(data, owners=selectors.meetings.owners_for(request.user))


@login_required
def meeting_detail(request, pk: int):
    need(request, "meetings.view")
    meeting = _meeting(request, pk)
    return _render_detail(request, meeting, _action_form(request))


def _render_detail(request, meeting, action_form, status: int = 200):
    actions = list(meeting.actions.all())
    for item in actions:
        item.may_tick = services.meetings.may_update_action(request.user, item)
    return render(
        request,
        "analysis/meeting_detail.html",
        {
            "meeting": meeting,
            "actions": actions,
            "action_form": action_form,
            "can_manage": can(request.user, "meetings.manage"),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def action_add(request, pk: int):
    need(request, "meetings.manage")
    meeting = _meeting(request, pk)
    form = _action_form(request, request.POST)
    if form.is_valid():
        try:
            services.meetings.add_action(
                request.user,
                meeting,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                tickets=form.ticket_refs(),
            )
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "待办事项已添加")
            return redirect("analysis:meeting_detail", pk=meeting.pk)
    meeting = _meeting(request, pk)
    return _render_detail(request, meeting, form, status=422)


@login_required
@require_POST
def action_done(request, pk: int, action_pk: int):
    """Tick (or untick) an action item done: the meeting's managers or its owner."""
    need(request, "meetings.view")
    meeting = _meeting(request, pk)
    try:
        item = selectors.meetings.get_action(request.user, meeting, action_pk)
        services.meetings.update_action(request.user, item, done=request.POST.get("done") == "1")
    except Forbidden as exc:
        raise PermissionDenied from exc
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect("analysis:meeting_detail", pk=meeting.pk)


@login_required
def meeting_print(request, pk: int):
    need(request, "meetings.view")
    meeting = _meeting(request, pk)
    return render(
        request,
        "analysis/print/minutes.html",
        {
            "meeting": meeting,
            "actions": list(meeting.actions.all()),
            "title": "会议纪要",
            "printed_at": timezone.localtime(),
            "printed_by": request.user.display_name,
        },
    )
