"""Helpers of the money screens: one shape for every small action form, and one way to post it.

Every form (approve a spending step, review a final account, confirm / certify / pay a
settlement, request money, file a final account) is an :class:`Action`: where it posts, its
buttons and the page to go back to. :func:`submit` parses it, calls one service function and
either goes back to that page with a message, or shows the service's refusal on the form —
as an HTMX fragment in place, or (without JavaScript) on a page of its own with the error's
status (422, 409, 403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from aftersales.accounts.choices import RoleCode
from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import is_htmx, show_error
from aftersales.costs.models import ApprovalStep, Settlement

# Colours of the states, shared by the chips, badges and lists.
STEP_COLOURS = {
    ApprovalStep.Status.WAITING: "secondary",
    ApprovalStep.Status.PENDING: "orange",
    ApprovalStep.Status.APPROVED: "green",
    ApprovalStep.Status.REJECTED: "red",
    ApprovalStep.Status.CANCELLED: "secondary",
}
STEP_ICONS = {
    ApprovalStep.Status.WAITING: "circle-dashed",
    ApprovalStep.Status.PENDING: "hourglass",
    ApprovalStep.Status.APPROVED: "circle-check",
    ApprovalStep.Status.REJECTED: "circle-x",
    ApprovalStep.Status.CANCELLED: "circle-minus",
}
REQUEST_COLOURS = {"pending": "orange", "approved": "green", "rejected": "red"}
ACCOUNT_COLOURS = {"filed": "orange", "reviewed": "green"}
SETTLEMENT_COLOURS = {
    Settlement.Status.AWAITING_CONFIRMATION: "orange",
    Settlement.Status.AWAITING_CERTIFICATION: "yellow",
    Settlement.Status.CERTIFIED: "azure",
    Settlement.Status.PAID: "green",
}
ACTION_NAMES = {"review": "审核", "approve": "审批"}


def role_name(code: str) -> str:
    return str(RoleCode(code).label) if code in RoleCode.values else code


@dataclass
class Button:
    label: str
    value: str = ""
    style: str = "primary"
    icon: str = "check"


@dataclass
class Action:
    """One small form on a page: ``key`` is its element id (unique on the page)."""

    key: str
    url: str
    title: str
    form: forms.Form
    next: str
    buttons: list[Button] = field(default_factory=list)
    open: bool = False
    foldable: bool = True  # False: always shown, no 取消 (the inbox)
    hint: str = ""
    template: str = "costs/money/_action.html"
    extra: dict = field(default_factory=dict)


def next_url(request, default: str) -> str:
    """The page to go back to after the action: the form's ``next`` if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def submit(
    request,
    action: Action,
    call: Callable[[forms.Form], object],
    *,
    done: str,
    aliases: dict[str, str] | None = None,
) -> HttpResponse:
    """Validate ``action.form``, call the service through ``call``, answer the browser.

    404 from the service (out of scope) is a 404 page; any other refusal is shown on the form.
    """
    form = action.form
    action.foldable = request.POST.get("fold") != "0"
    status = 422
    if form.is_valid():
        try:
            call(form)
        except NotFound as exc:
            raise Http404(exc.detail) from exc
        except DomainError as exc:
            show_error(form, exc, aliases=aliases)
            status = exc.status
        else:
            messages.success(request, done)
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = action.next
                return response
            return redirect(action.next)
    action.open = True
    if is_htmx(request):
        # HTMX swaps only successful answers: the form with its error comes back as 200.
        return render(request, action.template, {"a": action})
    return render(request, "costs/money/form_page.html", {"a": action}, status=status)


def inline(action: Action | None) -> Action | None:
    """Show the form open, without 取消 (the page is about this one decision)."""
    if action is not None:
        action.open, action.foldable = True, False
    return action


def can_any(user, *capabilities: str) -> bool:
    return any(can(user, c) for c in capabilities)


def chain(req) -> list[dict]:
    """The steps of a spending request as chips: role, 审核/审批, state, who and when."""
    return [
        {
            "order": s.order,
            "role": role_name(s.role),
            "action": ACTION_NAMES.get(s.action, s.action),
            "status": s.status,
            "label": s.get_status_display(),
            "colour": STEP_COLOURS.get(s.status, "secondary"),
            "icon": STEP_ICONS.get(s.status, "circle"),
            "by": s.decided_by.display_name if s.decided_by_id else "",
            "at": s.decided_at,
            "comment": s.comment,
        }
        for s in sorted(req.steps.all(), key=lambda s: s.order)
    ]
