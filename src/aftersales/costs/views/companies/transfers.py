"""Work handed to a contractor through 工程材料部 (R-DSP-8).

* on the ticket page, a small panel (``{% transfer_panel ticket %}``) lists the ticket's
  transfers and, for those who may, offers the form that hands it over;
* ``costs:transfers`` lists the transfers to the contractor's company, where its user accepts
  or declines (with a reason) each one; staff see the same list, read-only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.choices import RoleCode
from aftersales.core import scoping
from aftersales.core.permissions import can
from aftersales.core.web import is_htmx, need, paginate
from aftersales.costs import selectors
from aftersales.costs.models import Transfer
from aftersales.costs.services import contractors as service
from aftersales.costs.views.companies._common import FAILED, attempt, done, ticket_links
from aftersales.costs.views.companies.forms import AnswerForm, TransferForm
from aftersales.tickets import selectors as ticket_selectors
from aftersales.tickets.choices import DeadlineName, Kind
from aftersales.tickets.choices import Status as TicketStatus

STATUSES = dict(Transfer.Status.choices)
DEADLINES = dict(DeadlineName.choices)


def may_answer(user) -> bool:
    """Only the contractor's own user answers a transfer (the service says so too)."""
    return user.is_superuser or user.has_role(RoleCode.CONTRACTOR)


# --- the list of transfers -------------------------------------------------------------------


def _open_deadlines(ticket) -> list[dict]:
    return [
        {"label": DEADLINES.get(d.name, d.name), "due": d.due}
        for d in ticket.deadlines.all()
        if d.met_at is None
    ]


@login_required
def transfer_list(request):
    need(request, "contractors.view")
    user = request.user
    status = request.GET.get("status")
    if status is None:
        status = Transfer.Status.PENDING
    if status not in STATUSES and status != "all":
        status = "all"
    qs = (
        selectors.transfers_for(user)
        .select_related("ticket__project", "answered_by")
        .prefetch_related("ticket__deadlines")
    )
    counts = dict(
        qs.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    if status != "all":
        qs = qs.filter(status=status)
    page_obj = paginate(request, qs)
    for item in page_obj.object_list:
        item.deadlines = _open_deadlines(item.ticket)
        item.form = AnswerForm(prefix=f"t{item.pk}")
    tabs = [
        {"code": code, "label": label, "n": counts.get(code, 0)} for code, label in STATUSES.items()
    ] + [{"code": "all", "label": _("全部"), "n": sum(counts.values())}]
    return render(
        request,
        "costs/companies/transfers.html",
        {
            "page_obj": page_obj,
            "status": status,
            "tabs": tabs,
            "may_answer": may_answer(user),
            "link_tickets": ticket_links(user),
        },
    )


@login_required
@require_POST
def transfer_answer(request, pk: int):
    """Accept, or decline with a reason; the service checks who may and the state."""
    need(request, "contractors.view")
    item = (
        scoping.visible_to(
            Transfer.objects.select_related("ticket__project", "contractor"), request.user
        )
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404(_("转交记录不存在或不在您的数据范围内"))
    form = AnswerForm(request.POST, prefix=f"t{pk}")
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        answered = attempt(
            form,
            lambda: service.answer_transfer(
                request.user, pk, accept=accept, answer=form.cleaned_data["reason"]
            ),
        )
        if answered is not FAILED:
            text = _("已接收工单 %(number)s") if accept else _("已拒绝工单 %(number)s")
            messages.success(request, text % {"number": item.ticket.number})
            return done(request, reverse("costs:transfers") + "?status=" + answered.status)
    item.deadlines = _open_deadlines(item.ticket)
    item.form = form
    if is_htmx(request):
        return render(
            request,
            "costs/companies/_transfer_item.html",
            {"item": item, "may_answer": True, "link_tickets": ticket_links(request.user)},
        )
    messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("costs:transfers") + "?status=pending")


# --- the panel on the ticket page ------------------------------------------------------------


def _contractor_choices(user, ticket) -> list[tuple[int, str]]:
    """Active companies, those that built the ticket's project first (marked ★)."""
    rows = []
    for c in selectors.contractors_for(user, active=True):
        built = any(p.pk == ticket.project_id for p in c.projects.all())
        label = f"★ {c.name}" if built else c.name
        rows.append((not built, c.name, (c.pk, label)))
    return [choice for *_key, choice in sorted(rows, key=lambda r: (r[0], r[1]))]


def can_transfer_now(user, ticket) -> bool:
    """Show the form only where it can succeed; the service still has the last word."""
    return (
        can(user, "contractors.transfer")
        and ticket.kind == Kind.REPAIR
        and ticket.status not in (TicketStatus.CLOSED, TicketStatus.REGISTERED)
    )


def panel_context(user, ticket, form: TransferForm | None = None) -> dict:
    """What ``costs/companies/_ticket_transfer.html`` shows for ``ticket``."""
    transfers = list(selectors.transfers_for(user, ticket=ticket.pk).select_related("answered_by"))
    live = any(t.status != Transfer.Status.DECLINED for t in transfers)
    show_form = can_transfer_now(user, ticket) and not live
    if show_form and form is None:
        form = TransferForm(contractors=_contractor_choices(user, ticket))
    return {
        "ticket": ticket,
        "transfers": transfers,
        "form": form,
        "open": form is not None and form.is_bound,
        "visible": ticket.kind == Kind.REPAIR and (transfers or show_form),
    }


@login_required
@require_POST
def ticket_transfer(request, pk: int):
    """Hand a repair to a contractor from the ticket page."""
    need(request, "contractors.transfer")
    ticket = ticket_selectors.tickets_for(request.user).filter(pk=pk).first()
    if ticket is None:
        raise Http404(_("工单不存在或不在您的数据范围内"))
    form = TransferForm(request.POST, contractors=_contractor_choices(request.user, ticket))
    if form.is_valid():
        item = attempt(
            form,
            lambda: service.transfer(
                request.user,
                ticket.pk,
                contractor=form.cleaned_data["contractor"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if item is not FAILED:
            messages.success(
                request, _("已转交施工单位“%(name)s”，等待接收") % {"name": item.contractor.name}
            )
            return done(request, reverse("tickets:detail", args=[ticket.pk]))
    if is_htmx(request):
        return render(
            request,
            "costs/companies/_ticket_transfer.html",
            panel_context(request.user, ticket, form) | {"request": request},
        )
    messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("tickets:detail", pk=ticket.pk)
