"""物业费账单: the bills of a project or house, billing a month, paying at the desk, the
printable receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate, show_error
from aftersales.costs.money_words import capital_amount
from aftersales.fees import exports, selectors, services
from aftersales.fees.choices import BillStatus
from aftersales.fees.forms import BillForm, PayForm, RunForm
from aftersales.fees.views._common import (
    flash_error,
    house_or_404,
    project_filter,
    wants_xlsx,
    xlsx,
)


def _bill(request, pk: int):
    try:
        return selectors.bill(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@login_required
def bill_list(request):
    need(request, "fees.view")
    # One project at a time (the first by default, as the arrears list): the totals above the
    # list are read over every bill shown, three years of half a million houses otherwise.
    projects, project = project_filter(request, default_first=True)
    house = int_param(request, "house")
    house_obj = house_or_404(request, house)
    if house_obj is not None:
        project = house_obj.project_id
    status = request.GET.get("status", "")
    status = status if status in BillStatus.values else ""
    period_text = request.GET.get("period", "").strip()
    try:
        period = services.parse_period(period_text) if period_text else None
    except DomainError as exc:
        messages.error(request, exc.detail)
        period, period_text = None, ""
    qs = selectors.bills(request.user, project=project, house=house, status=status, period=period)
    if wants_xlsx(request):
        return xlsx(exports.bills(qs), "物业费账单")
    totals = qs.aggregate(count=Count("id"), amount=Sum("amount"))
    unpaid = qs.filter(status=BillStatus.UNPAID).aggregate(count=Count("id"), amount=Sum("amount"))
    today = timezone.localdate()
    return render(
        request,
        "fees/bill_list.html",
        {
            "page_obj": paginate(request, qs),
            "projects": projects,
            "filters": {
                "project": project,
                "house": house,
                "status": status,
                "period": period_text,
            },
            "filtered": bool("project" in request.GET or house or status or period_text),
            "statuses": BillStatus.choices,
            "totals": totals,
            "unpaid": unpaid,
            "run_form": RunForm(initial={"project": project, "period": f"{today:%Y-%m}"}),
            "bill_form": BillForm(initial={"period": f"{today:%Y-%m}"}),
            "may_bill": can(request.user, "fees.bill"),
            "house_obj": house_obj,
        },
    )


@login_required
@require_POST
def billing_run(request):
    need(request, "fees.bill")
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择项目并填写账期"))
        return redirect("fees:bills")
    project_id = form.cleaned_data["project"]
    try:
        project = selectors.project(request.user, project_id)
        run = services.bill_project(request.user, project, period=form.cleaned_data["period"])
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        flash_error(request, exc)
        return redirect(f"{reverse('fees:bills')}?project={project_id}")
    text = _("%(project)s %(period)s：新开账单 %(created)s 户，已有账单 %(existing)s 户") % {
        "project": project.name,
        "period": run.period,
        "created": run.created,
        "existing": run.existing,
    }
    if run.no_area:
        shown = "、".join(run.no_area[:10]) + ("…" if len(run.no_area) > 10 else "")
        text += _("；%(n)s 户没有建筑面积未开单（%(houses)s）") % {
            "n": len(run.no_area),
            "houses": shown,
        }
    messages.success(request, text)
    return redirect(f"{reverse('fees:bills')}?project={project.pk}&period={run.period}")


@login_required
@require_POST
def bill_create(request):
    need(request, "fees.bill")
    form = BillForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择房屋并填写账期"))
        return redirect("fees:bills")
    try:
        house = selectors.house(request.user, form.cleaned_data["house"])
        bill = services.create_bill(request.user, house, period=form.cleaned_data["period"])
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        flash_error(request, exc)
        return redirect(f"{reverse('fees:bills')}?house={form.cleaned_data['house']}")
    messages.success(
        request,
        _("已开具 %(house)s %(period)s 的账单：%(amount)s 元")
        % {"house": house.label, "period": bill.period_label, "amount": bill.amount},
    )
    return redirect("fees:bill_detail", bill.pk)


def _detail(request, bill, form=None):
    may_pay = bill.status == BillStatus.UNPAID and can(request.user, "fees.collect")
    return render(
        request,
        "fees/bill_detail.html",
        {
            "bill": bill,
            "form": form or (PayForm(initial={"amount": bill.amount}) if may_pay else None),
            "may_pay": may_pay,
            "arrears": services.house_arrears(bill.house),
        },
    )


@login_required
def bill_detail(request, pk: int):
    need(request, "fees.view")
    return _detail(request, _bill(request, pk))


@login_required
@require_POST
def bill_pay(request, pk: int):
    need(request, "fees.collect")
    bill = _bill(request, pk)
    form = PayForm(request.POST)
    if form.is_valid():
        try:
            paid = services.pay_bill(request.user, bill, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                _("已收款 %(amount)s 元，收据编号 %(number)s")
                % {"amount": paid.amount, "number": paid.receipt_number},
            )
            return redirect("fees:bill_detail", paid.pk)
    return _detail(request, selectors.bill(request.user, pk), form)


@login_required
def receipt(request, pk: int):
    """收款收据: the printable receipt of a paid bill."""
    need(request, "fees.view")
    bill = _bill(request, pk)
    if bill.status != BillStatus.PAID:
        raise Http404("该账单尚未缴费，没有收据")
    return render(
        request,
        "fees/print/receipt.html",
        {
            "title": "收款收据",
            "bill": bill,
            "owners": selectors.owners_of([bill.house_id]).get(bill.house_id, ""),
            "capital": capital_amount(bill.amount),
            "printed_at": timezone.localtime(),
            "printed_by": request.user.display_name,
        },
    )


urlpatterns = [
    path("bills/", bill_list, name="bills"),
    path("bills/run/", billing_run, name="billing_run"),
    path("bills/new/", bill_create, name="bill_create"),
    path("bills/<int:pk>/", bill_detail, name="bill_detail"),
    path("bills/<int:pk>/pay/", bill_pay, name="bill_pay"),
    path("bills/<int:pk>/receipt/", receipt, name="receipt"),
]
