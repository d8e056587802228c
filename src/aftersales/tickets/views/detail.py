"""The ticket page: header, deadlines, trail, work orders, callbacks and the action forms.

Every action goes through :func:`action`, which parses the form of that action and calls
:func:`aftersales.tickets.services.perform`; a refused action is shown on its form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from aftersales.accounts.choices import DepartmentCode
from aftersales.core.errors import DomainError
from aftersales.core.web import is_htmx, show_error
from aftersales.estates.models import WarrantyComponent
from aftersales.tickets import dispatching, selectors, services, workflow
from aftersales.tickets.forms import ACTION_FORMS, DispatchForm, MergeForm
from aftersales.tickets.views import photos
from aftersales.tickets.views._common import clock, need_staff
from aftersales.tickets.views.trail import describe

# Buttons of the main path look primary; the rest are secondary.
PRIMARY = {
    "dispatch",
    "survey",
    "start",
    "complete",
    "check",
    "sign_off",
    "callback",
    "route",
    "feedback",
    "instruct",
    "approve_resolution",
    "reply",
    "resolve",
}
DANGER = {"invalidate", "close"}


def _ticket(request, pk: int):
    need_staff(request)
    ticket = selectors.tickets_for(request.user).filter(pk=pk).first()
    if ticket is None:
        raise Http404(gettext("工单不存在或不在您的数据范围内"))
    ticket.open_work_orders = list(ticket.work_orders.filter(completed_at__isnull=True))
    ticket.running_deadlines = [d for d in ticket.deadlines.all() if d.met_at is None]
    return ticket


@login_required
def signature(request, pk: int):
    """The customer's drawn signature, for users who may see the ticket (never a public URL)."""
    ticket = _ticket(request, pk)
    if not ticket.signature:
        raise Http404
    return FileResponse(ticket.signature.open("rb"), content_type="image/png")


def staff_for(ticket):
    """Who may be dispatched, best suggestion first (R-DSP-1): trade fit, then open load;
    see :func:`aftersales.tickets.dispatching.suggest_technicians`."""
    return dispatching.suggest_technicians(ticket)


def _dispatch_choices(form, staff) -> None:
    """Label each person with his trades and load; trade matches are starred."""
    busy = gettext("%(name)s（在办 %(count)s）")
    choices = [("", gettext("请选择处理人"))]
    for u in staff:
        label = busy % {"name": u.display_name, "count": u.open_count}
        if u.trade_labels:
            label = f"{label} · {'、'.join(u.trade_labels)}"
        if u.trade_match == dispatching.MATCH:
            label = f"★ {label}"
        choices.append((str(u.pk), label))
    form.fields["assignee"].choices = choices
    form.fields["assignee"].help_text = gettext("按工种匹配和在办工单数推荐排序；★ 表示工种对口")


def _form(request, ticket, action: str, data=None):
    cls = ACTION_FORMS[action]
    kwargs = {"ticket": ticket}
    staff = None
    if issubclass(cls, DispatchForm):
        staff = kwargs["staff"] = staff_for(ticket)
    if cls is MergeForm:
        kwargs["lookup"] = lambda number: (
            selectors.tickets_for(request.user)
            .filter(number=number)
            .values_list("pk", flat=True)
            .first()
        )
    form = cls(data, **kwargs)
    if staff is not None:
        _dispatch_choices(form, staff)
    return form


def _actions(request, ticket, failed=None) -> list[dict]:
    user = request.user
    rows = []
    for t in workflow.available(ticket.kind, ticket.status, user.role_codes(), user.is_superuser):
        if t.action == "pause" and ticket.paused or t.action == "resume" and not ticket.paused:
            continue
        if t.action == "approve_plan" and not (
            ticket.plan_required and not ticket.plan_approved_at
        ):
            continue
        # R-CMP-1: the GM's measures for a major complaint, the manager's sign-off for an
        # important one.
        if t.action == "instruct" and ticket.severity != "major":
            continue
        if t.action == "approve_resolution" and ticket.severity != "important":
            continue
        form = failed if failed is not None and failed.action == t.action else None
        rows.append(
            {
                "action": t.action,
                "label": t.label,
                "form": form or _form(request, ticket, t.action),
                "open": form is not None,
                "photos": photos.support().photo_inputs(t.action),
                "style": "primary"
                if t.action in PRIMARY
                else "danger"
                if t.action in DANGER
                else "secondary",
            }
        )
    return rows


def _render(request, ticket, failed=None, status: int = 200):
    now = timezone.now()
    events = list(ticket.events.select_related("actor").order_by("occurred_at", "id"))
    for event in events:
        describe(event)
    departments = dict(DepartmentCode.choices)
    actions = _actions(request, ticket, failed)
    context = photos.support().panel_context(request.user, ticket) | {
        "ticket": ticket,
        "clocks": [clock(d, now) for d in ticket.deadlines.all()],
        "events": events,
        "work_orders": ticket.work_orders.select_related("assignee"),
        "callbacks": ticket.callbacks.select_related("actor"),
        "actions": actions,
        # A refused action whose form is not on the page (the state moved on): its message.
        "refused": failed
        if failed is not None and not any(row["open"] for row in actions)
        else None,
        "departments": [departments.get(d, d) for d in ticket.departments],
        "component_name": WarrantyComponent.objects.filter(code=ticket.component)
        .values_list("name", flat=True)
        .first()
        if ticket.component
        else "",
        "warranty_until": gettext("在保（至 %(date)s）")
        % {"date": f"{ticket.warranty_expires_on:%Y-%m-%d}"}
        if ticket.warranty_expires_on
        else "",
    }
    return render(request, "tickets/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _render(request, _ticket(request, pk))


@login_required
@require_POST
def action(request, pk: int, action: str):
    """Take one action: parse its form, call the service once, show what it said."""
    if action not in ACTION_FORMS:
        raise Http404(gettext("未知的动作"))
    ticket = _ticket(request, pk)
    form = _form(request, ticket, action, request.POST)
    status = 200
    if form.is_valid():
        try:
            # Photos sent with the form (survey, before/after repair) are checked first, so a
            # bad file stops the action; they are stored once the action has been taken.
            uploads = photos.support().action_uploads(request, ticket, action)
            services.perform(request.user, ticket.pk, action, **form.payload())
        except DomainError as exc:
            show_error(form, exc, aliases=form.aliases)
            status = exc.status
        else:
            photos.support().attach_checked(request, ticket, uploads)
            messages.success(
                request, gettext("%(action)s：已完成") % {"action": workflow.LABELS[action]}
            )
            url = reverse("tickets:detail", args=[ticket.pk])
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    else:
        status = 422
    if is_htmx(request):
        # HTMX swaps only successful answers: the form with its errors comes back as 200.
        row = {
            "action": action,
            "label": workflow.LABELS[action],
            "form": form,
            "open": True,
            "photos": photos.support().photo_inputs(action),
        }
        return render(request, "tickets/_action_form.html", {"ticket": ticket, "row": row})
    return _render(request, ticket, failed=form, status=status)
