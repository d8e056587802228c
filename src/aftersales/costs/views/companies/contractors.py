"""Contractor companies (施工单位): list, create, edit, and the company page with its deposit
ledger per project (R-CST-3), deposits and releases, and the ledger as an Excel workbook."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.choices import TradeCode
from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.permissions import can
from aftersales.core.web import int_param, is_htmx, need, paginate
from aftersales.costs import exports, selectors
from aftersales.costs.models import Contractor, DepositAccount, Transfer
from aftersales.costs.services import contractors as service
from aftersales.costs.services import ledgers
from aftersales.costs.views.companies._common import (
    FAILED,
    attempt,
    done,
    is_contractor_user,
    ticket_links,
    url_or_none,
)
from aftersales.costs.views.companies.forms import (
    ContractorFilterForm,
    ContractorForm,
    DepositForm,
)
from aftersales.estates.selectors import projects_for

TRADES = dict(TradeCode.choices)
RECENT = 20


def _company(request, pk: int) -> Contractor:
    need(request, "contractors.view")
    found = scoping.visible_to(Contractor.objects.filter(pk=pk), request.user).first()
    if found is None:
        raise Http404(_("施工单位不存在或不在您的数据范围内"))
    return found


def trade_labels(codes) -> list[str]:
    return [str(TRADES.get(code, code)) for code in codes or []]


@login_required
def contractor_list(request):
    need(request, "contractors.view")
    user = request.user
    if is_contractor_user(user):
        # A contractor's user has one company: his own page is his list.
        return redirect("costs:contractor_detail", pk=user.contractor_id)
    filters = ContractorFilterForm(request.GET or None)
    filters.is_valid()
    data = filters.cleaned_data if filters.is_bound else {}
    q = (data.get("q") or "").strip()
    active = {"1": True, "0": False}.get(data.get("active") or "")
    qs = selectors.contractors_for(user, q, active)
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    page_obj = paginate(request, qs)
    rows = list(page_obj.object_list)
    money = can(user, "costs.view")
    sums = {}
    if money and rows:
        sums = {
            row["contractor"]: row
            for row in scoping.visible_to(DepositAccount.objects.filter(contractor__in=rows), user)
            .order_by()
            .values("contractor")
            .annotate(balance=Sum("balance"), owed=Sum("owed"))
        }
    for c in rows:
        c.trade_labels = trade_labels(c.trades)
        c.project_names = [p.name for p in selectors.contractor_projects(user, c)]
        row = sums.get(c.pk)
        c.deposit_balance = row["balance"] if row else None
        c.deposit_owed = row["owed"] if row else Decimal(0)
    return render(
        request,
        "costs/companies/contractor_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "rows": rows,
            "filtered": bool(q or data.get("kind") or data.get("active")),
            "show_money": money,
            "can_manage": can(user, "contractors.manage"),
        },
    )


@login_required
def contractor_create(request):
    need(request, "contractors.manage")
    projects = projects_for(request.user)
    form = ContractorForm(request.POST or None, projects=projects, initial={"kind": "contractor"})
    if request.method == "POST" and form.is_valid():
        company = attempt(
            form, lambda: service.create_contractor(request.user, **form.service_kwargs())
        )
        if company is not FAILED:
            messages.success(request, _("已新增施工单位“%(name)s”") % {"name": company.name})
            return redirect("costs:contractor_detail", pk=company.pk)
    return render(
        request, "costs/companies/contractor_form.html", {"form": form, "contractor": None}
    )


@login_required
def contractor_edit(request, pk: int):
    need(request, "contractors.manage")
    company = _company(request, pk)
    projects = list(projects_for(request.user))
    form = ContractorForm(
        request.POST or None,
        projects=projects,
        editing=True,
        initial=ContractorForm.initial_for(company, projects),
    )
    hidden = company.projects.exclude(pk__in=[p.pk for p in projects]).exists()
    if hidden:
        # Saving the list would drop projects this editor cannot see: leave it alone.
        del form.fields["projects"]
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, lambda: service.update_contractor(request.user, company, **form.service_kwargs())
        )
        if saved is not FAILED:
            messages.success(request, _("施工单位信息已保存"))
            return redirect("costs:contractor_detail", pk=company.pk)
    return render(
        request,
        "costs/companies/contractor_form.html",
        {"form": form, "contractor": company, "projects_hidden": hidden},
    )


# --- the company page ------------------------------------------------------------------------


def _deposit_projects(request, company: Contractor):
    """Projects a deposit can be booked on: the company's first, then the others in scope."""
    mine = set(company.projects.values_list("pk", flat=True))
    projects = list(projects_for(request.user))
    return sorted(projects, key=lambda p: (p.pk not in mine, p.code))


def _ledger_context(request, company: Contractor) -> dict:
    """The deposit ledger of the company: all its accounts, or the project picked."""
    user = request.user
    if not can(user, "costs.view"):
        return {"ledger": None}
    project = int_param(request, "project")
    overall = ledgers.ledger(user, company.pk)
    try:
        current = ledgers.ledger(user, company.pk, project) if project else overall
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    return {
        "ledger": current,
        "accounts": overall.accounts,
        "overall": overall,
        "project_id": project,
    }


def _render_detail(request, company: Contractor, forms: dict | None = None, status: int = 200):
    user = request.user
    forms = forms or {}
    manage_deposits = can(user, "deposits.manage")
    context = {
        "contractor": company,
        "trade_labels": trade_labels(company.trades),
        "projects": sorted(
            selectors.contractor_projects(request.user, company), key=lambda p: p.code
        ),
        "users": service.contractor_users(company.pk),
        "can_manage": can(user, "contractors.manage"),
        "can_deposit": manage_deposits,
        "link_tickets": ticket_links(user),
        "own_company": is_contractor_user(user),
    }
    context |= _ledger_context(request, company)
    if manage_deposits:
        choices = _deposit_projects(request, company)
        initial = {"project": context.get("project_id")}
        context["deposit_form"] = forms.get("deposit") or DepositForm(
            projects=choices, prefix_name="deposit", initial=initial
        )
        context["release_form"] = forms.get("release") or DepositForm(
            projects=choices, prefix_name="release", initial=initial
        )
        context["open_form"] = next(iter(forms), "")
    transfers = selectors.transfers_for(user).filter(contractor=company)
    context["transfers"] = list(transfers.select_related("ticket__project", "answered_by")[:RECENT])
    context["transfer_counts"] = {
        "pending": transfers.filter(status=Transfer.Status.PENDING).count(),
        "total": transfers.count(),
    }
    if can(user, "costs.view"):
        settlements = list(selectors.settlements_for(user, contractor=company.pk)[:RECENT])
        for s in settlements:
            s.url = url_or_none("costs:settlement_detail", s.pk)
        context["settlements"] = settlements
    return render(request, "costs/companies/contractor_detail.html", context, status=status)


@login_required
def contractor_detail(request, pk: int):
    return _render_detail(request, _company(request, pk))


@login_required
def ledger_export(request, pk: int):
    """质量保证金台账 (Excel): the same ledger as on the page, for one project or all."""
    need(request, "costs.view")
    company = _company(request, pk)
    try:
        ledger = ledgers.ledger(request.user, company.pk, int_param(request, "project"))
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    name = f"质量保证金台账-{company.name}"
    if ledger.project is not None:
        name += f"-{ledger.project.name}"
    return xlsx_response(exports.ledger_workbook(ledger), dated_name(name))


def _money_post(request, pk: int, kind: str):
    """缴存 (``deposit``) or 退还 (``release``) of the quality deposit."""
    need(request, "deposits.manage")
    company = _company(request, pk)
    form = DepositForm(request.POST, projects=_deposit_projects(request, company), prefix_name=kind)
    call = ledgers.deposit if kind == "deposit" else ledgers.release
    if form.is_valid():
        entry = attempt(form, lambda: call(request.user, company.pk, **form.cleaned_data))
        if entry is not FAILED:
            text = (
                _("已缴存保证金 %(amount)s 元")
                if kind == "deposit"
                else _("已退还保证金 %(amount)s 元")
            )
            messages.success(request, text % {"amount": f"{entry.amount:,.2f}"})
            url = reverse("costs:contractor_detail", args=[company.pk])
            return done(request, f"{url}?project={entry.account.project_id}#ledger")
    if is_htmx(request):
        return render(
            request,
            "costs/companies/_deposit_form.html",
            {"contractor": company, "form": form, "kind": kind, "open": True},
        )
    return _render_detail(request, company, forms={kind: form}, status=422)


@login_required
@require_POST
def deposit(request, pk: int):
    return _money_post(request, pk, "deposit")


@login_required
@require_POST
def release(request, pk: int):
    return _money_post(request, pk, "release")
