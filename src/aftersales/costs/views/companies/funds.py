"""Revolving funds (周转金, R-CST-4): the two funds with quota and balance, the ledger of the
fund picked, draws and replenishments, and the ledger as an Excel workbook."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.accounts.choices import DepartmentCode
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.permissions import can
from aftersales.core.web import int_param, is_htmx, need, paginate
from aftersales.costs import exports, selectors
from aftersales.costs.models import Fund, FundEntry
from aftersales.costs.services import ledgers
from aftersales.costs.views.companies._common import FAILED, attempt, done, ticket_links
from aftersales.costs.views.companies.forms import DrawForm, ReplenishForm
from aftersales.tickets import selectors as ticket_selectors

DEPARTMENTS = dict(DepartmentCode.choices)


def _fund(pk: int) -> Fund:
    fund = selectors.funds().filter(pk=pk).first()
    if fund is None:
        raise Http404(_("周转金不存在"))
    return fund


def _summary(fund: Fund) -> Fund:
    totals = ledgers.fund_totals(fund)
    fund.drawn = totals[FundEntry.Kind.DRAW]
    fund.replenished = totals[FundEntry.Kind.REPLENISH]
    fund.percent = int(fund.balance * 100 / fund.quota) if fund.quota else 0
    fund.colour = "green" if fund.percent >= 50 else "orange" if fund.percent >= 20 else "red"
    fund.gap = max(fund.quota - fund.balance, Decimal(0))
    fund.department_label = DEPARTMENTS.get(fund.department, fund.department)
    return fund


def _render(request, current: Fund | None, forms: dict | None = None, status: int = 200):
    user = request.user
    forms = forms or {}
    funds = [_summary(f) for f in selectors.funds()]
    context = {
        "funds": funds,
        "current": next((f for f in funds if current and f.pk == current.pk), None),
        "can_draw": can(user, "funds.draw"),
        "can_manage": can(user, "funds.manage"),
        "link_tickets": ticket_links(user),
        "open_form": next(iter(forms), ""),
    }
    if context["current"] is not None:
        entries = context["current"].entries.select_related("ticket", "created_by").order_by("-id")
        context["page_obj"] = paginate(request, entries)
        context["draw_form"] = forms.get("draw") or DrawForm()
        context["replenish_form"] = forms.get("replenish") or ReplenishForm()
    return render(request, "costs/companies/funds.html", context, status=status)


@login_required
def fund_list(request):
    need(request, "funds.view")
    pk = int_param(request, "fund")
    current = _fund(pk) if pk else selectors.funds().first()
    return _render(request, current)


@login_required
def fund_export(request, pk: int):
    need(request, "funds.view")
    fund = _fund(pk)
    return xlsx_response(exports.fund_workbook(fund), dated_name(f"周转金台账-{fund.name}"))


def _answer(request, fund: Fund, kind: str, form, entry):
    if entry is not FAILED:
        text = _("已支用 %(amount)s 元") if kind == "draw" else _("已补充 %(amount)s 元")
        messages.success(request, text % {"amount": f"{entry.amount:,.2f}"})
        return done(request, reverse("costs:funds") + f"?fund={fund.pk}")
    if is_htmx(request):
        return render(
            request,
            "costs/companies/_fund_form.html",
            {"fund": fund, "form": form, "kind": kind, "open": True},
        )
    return _render(request, fund, forms={kind: form}, status=422)


@login_required
@require_POST
def fund_draw(request, pk: int):
    need(request, "funds.draw")
    fund = _fund(pk)
    form = DrawForm(request.POST)
    entry = FAILED
    if form.is_valid():
        number = form.cleaned_data["ticket"].strip()
        ticket = None
        if number:
            ticket = ticket_selectors.tickets_for(request.user).filter(number=number).first()
            if ticket is None:
                form.add_error("ticket", _("工单不存在或不在您的数据范围内"))
        if not form.errors:
            entry = attempt(
                form,
                lambda: ledgers.draw(
                    request.user,
                    fund.pk,
                    amount=form.cleaned_data["amount"],
                    purpose=form.cleaned_data["purpose"],
                    ticket=ticket,
                ),
            )
    return _answer(request, fund, "draw", form, entry)


@login_required
@require_POST
def fund_replenish(request, pk: int):
    need(request, "funds.manage")
    fund = _fund(pk)
    form = ReplenishForm(request.POST)
    entry = FAILED
    if form.is_valid():
        entry = attempt(form, lambda: ledgers.replenish(request.user, fund.pk, **form.cleaned_data))
    return _answer(request, fund, "replenish", form, entry)
