"""Paid services (R-SVC-1): the list, a request, its page with the steps, the two registers
(有偿服务工作登记表 per service, 有偿服务明细表 for the list), the price list and remittances."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.core.money import yuan
from aftersales.core.permissions import can
from aftersales.core.web import need, show_error
from aftersales.frontdesk import forms, selectors
from aftersales.frontdesk.choices import PaidStatus, RemittanceStatus
from aftersales.frontdesk.models import PaidService, Remittance
from aftersales.frontdesk.services import paid
from aftersales.frontdesk.views.base import (
    Listing,
    act,
    export,
    form_errors_to_messages,
    list_page,
    moment,
    picked_house,
    print_context,
    record,
    rows,
)

PAID = Listing(
    kind="paid",
    title=_("有偿服务"),
    columns=[
        (_("编号"), lambda s: s.number),
        (_("房屋"), lambda s: f"{s.project.name} {s.house.label}"),
        (_("客户"), lambda s: s.customer.name),
        (_("服务项目"), lambda s: s.item.name),
        (_("报价（元）"), lambda s: yuan(s.amount)),
        (_("收据号"), lambda s: s.receipt_number),
        (_("登记时间"), lambda s: moment(s.created_at)),
    ],
    detail="frontdesk:paid_detail",
    statuses=PaidStatus.choices,
    export="frontdesk:paid_export",
    create="frontdesk:paid_create",
    create_capability="frontdesk.book",
    print_list="frontdesk:paid_print_list",
)

REMITTANCES = Listing(
    kind="remittances",
    title=_("交款单"),
    columns=[
        (_("收款日期"), lambda r: r.day.isoformat()),
        (_("项目"), lambda r: r.project.name),
        (_("笔数"), lambda r: r.count),
        (_("合计（元）"), lambda r: yuan(r.total)),
        (_("交款人"), lambda r: r.submitted_by.display_name),
        (_("财务确认人"), lambda r: r.confirmed_by.display_name if r.confirmed_by else ""),
    ],
    detail="frontdesk:remittance_detail",
    statuses=RemittanceStatus.choices,
    export="frontdesk:remittance_export",
)


@login_required
def paid_list(request):
    return list_page(request, PAID)


@login_required
def paid_export(request):
    return export(request, PAID)


@login_required
def paid_create(request):
    need(request, "frontdesk.book")
    form = forms.PaidForm(request.POST or None, initial={"house": request.GET.get("house")})
    if request.method == "POST" and form.is_valid():
        try:
            service = paid.request_service(request.user, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已登记有偿服务 %(n)s") % {"n": service.number})
            return redirect("frontdesk:paid_detail", service.pk)
    return render(
        request,
        "frontdesk/form.html",
        {
            "form": form,
            "title": _("登记有偿服务"),
            "back": reverse("frontdesk:paid_list"),
            "house_field": True,
            "picked_house": picked_house(request),
        },
    )


ACTIONS = {
    "quote": (forms.QuoteForm, paid.quote, "frontdesk.manage", _("已报价")),
    "accept": (None, paid.accept, "frontdesk.book", _("业主已确认报价")),
    "inspect": (forms.NoteForm, paid.inspect, "frontdesk.inspect", _("巡查已记录")),
    "complete": (forms.NoteForm, paid.complete, "frontdesk.manage", _("已完工")),
    "pay": (forms.PayForm, paid.pay, "frontdesk.collect", _("已收费")),
    "dispute": (forms.ReasonForm, paid.dispute, "frontdesk.book", _("价格异议已转部门负责人")),
    "cancel": (forms.NoteForm, paid.cancel, "frontdesk.manage", _("已取消")),
}


@login_required
def paid_detail(request, pk: int):
    service = record(request, PaidService, pk)
    steps = {
        name: {"form": (form_class or (lambda: None))(), "allowed": can(request.user, capability)}
        for name, (form_class, _fn, capability, _done) in ACTIONS.items()
    }
    return render(
        request,
        "frontdesk/paid_detail.html",
        {
            "service": service,
            "steps": steps,
            "inspections": service.inspections.select_related("inspector"),
            "can_print": True,
        },
    )


@login_required
@require_POST
def paid_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    form_class, fn, capability, done = ACTIONS[action]
    need(request, capability)
    service = record(request, PaidService, pk)
    back = reverse("frontdesk:paid_detail", args=[service.pk])
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(back)
        data = form.cleaned_data
        if action == "cancel":
            data = {"reason": data["note"]}
    return act(request, fn, service, back=back, done=done, **data)


@login_required
def paid_print(request, pk: int):
    """有偿服务工作登记表: one service, from the request to the receipt."""
    service = record(request, PaidService, pk)
    return render(
        request,
        "frontdesk/print/paid.html",
        {
            **print_context(request, "有偿服务工作登记表"),
            "s": service,
            "inspections": service.inspections.select_related("inspector"),
        },
    )


@login_required
def paid_print_list(request):
    """有偿服务明细表: the list as filtered (at most 500 lines on paper)."""
    need(request, "frontdesk.view")
    services = list(rows(request, PAID)[:500])
    total = sum((s.paid_amount or 0) for s in services)
    return render(
        request,
        "frontdesk/print/paid_list.html",
        {
            **print_context(request, "有偿服务明细表"),
            "services": services,
            "total": total,
        },
    )


# --- price list ------------------------------------------------------------------------------


@login_required
def price_list(request):
    need(request, "frontdesk.view")
    return render(
        request,
        "frontdesk/prices.html",
        {
            "items": selectors.price_items(request.user),
            "can_manage": can(request.user, "frontdesk.prices"),
        },
    )


@login_required
@require_POST
def price_create(request):
    need(request, "frontdesk.prices")
    return act(
        request,
        paid.create_price_item,
        back=reverse("frontdesk:price_list"),
        done=_("已新增价目"),
        code=request.POST.get("code", ""),
        name=request.POST.get("name", ""),
        price=request.POST.get("price") or None,
        unit=request.POST.get("unit", ""),
    )


# --- remittances -----------------------------------------------------------------------------


@login_required
def remittance_list(request):
    return list_page(
        request,
        REMITTANCES,
        template="frontdesk/remittances.html",
        today=timezone.localdate(),
        can_remit=can(request.user, "frontdesk.collect"),
    )


@login_required
def remittance_export(request):
    return export(request, REMITTANCES)


@login_required
@require_POST
def remittance_create(request):
    need(request, "frontdesk.collect")
    form = forms.RemitForm(request.POST)
    back = reverse("frontdesk:remittance_list")
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    return act(request, paid.remit, back=back, done=_("交款单已提交财务"), **form.cleaned_data)


@login_required
def remittance_detail(request, pk: int):
    remittance = record(request, Remittance, pk)
    return render(
        request,
        "frontdesk/remittance_detail.html",
        {
            "r": remittance,
            "services": remittance.services.select_related("house", "customer", "item", "paid_by"),
            "can_confirm": can(request.user, "frontdesk.remit")
            and remittance.status == RemittanceStatus.SUBMITTED,
        },
    )


@login_required
@require_POST
def remittance_confirm(request, pk: int):
    need(request, "frontdesk.remit")
    remittance = record(request, Remittance, pk)
    back = reverse("frontdesk:remittance_detail", args=[remittance.pk])
    return act(request, paid.confirm_remittance, remittance, back=back, done=_("财务已确认"))
