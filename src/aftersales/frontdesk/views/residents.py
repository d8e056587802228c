"""Mail distribution (R-SVC-3), renovation (R-SVC-4), item release slips (R-SVC-5) and the
guard's phone page that checks a slip's code once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.core.money import yuan
from aftersales.core.permissions import can
from aftersales.core.web import need, show_error
from aftersales.frontdesk import forms
from aftersales.frontdesk.choices import MailStatus, RenovationStatus, SlipStatus
from aftersales.frontdesk.models import MailItem, ReleaseSlip, Renovation
from aftersales.frontdesk.services import mail, renovations, slips
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

MAIL = Listing(
    kind="mail",
    title=_("代派资料"),
    columns=[
        (_("房屋"), lambda x: f"{x.project.name} {x.house.label}"),
        (_("收件人"), lambda x: x.customer.name),
        (_("类别"), lambda x: x.get_kind_display()),
        (_("名称"), lambda x: x.title),
        (_("费用（元）"), lambda x: yuan(x.fee) if x.paid else _("免费")),
        (_("签收人"), lambda x: x.receiver_name),
        (_("签收时间"), lambda x: moment(x.delivered_at)),
    ],
    detail="frontdesk:mail_detail",
    statuses=MailStatus.choices,
    export="frontdesk:mail_export",
    create="frontdesk:mail_create",
    print_list="frontdesk:mail_print_list",
)

RENOVATIONS = Listing(
    kind="renovations",
    title=_("装修登记"),
    columns=[
        (_("房屋"), lambda x: f"{x.project.name} {x.house.label}"),
        (_("业主"), lambda x: x.customer.name),
        (_("工期"), lambda x: f"{x.starts_on:%Y-%m-%d} ~ {x.ends_on:%Y-%m-%d}"),
        (_("结构改动"), lambda x: _("是") if x.structural_change else _("否")),
        (_("许可证号"), lambda x: x.permit_number),
        (_("垃圾清运费（元）"), lambda x: yuan(x.garbage_fee)),
    ],
    detail="frontdesk:renovation_detail",
    statuses=RenovationStatus.choices,
    export="frontdesk:renovation_export",
    create="frontdesk:renovation_create",
)

SLIPS = Listing(
    kind="slips",
    title=_("放行条"),
    columns=[
        (_("放行码"), lambda x: x.code),
        (_("房屋"), lambda x: f"{x.project.name} {x.house.label}"),
        (_("住户"), lambda x: x.customer.name),
        (_("物品"), lambda x: "、".join(x.items)),
        (_("搬运人"), lambda x: x.carrier),
        (_("放行时间"), lambda x: moment(x.used_at)),
    ],
    detail="frontdesk:slip_detail",
    statuses=SlipStatus.choices,
    export="frontdesk:slip_export",
    create="frontdesk:slip_create",
)


def _create(request, form_class, title, back: str, call, done, hint=""):
    need(request, "frontdesk.manage")
    form = form_class(request.POST or None, initial={"house": request.GET.get("house")})
    if request.method == "POST" and form.is_valid():
        try:
            record, detail = call(form)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(detail, record.pk)
    return render(
        request,
        "frontdesk/form.html",
        {
            "form": form,
            "title": title,
            "back": reverse(back),
            "house_field": True,
            "picked_house": picked_house(request),
            "hint": hint,
        },
    )


# --- mail ------------------------------------------------------------------------------------


@login_required
def mail_list(request):
    return list_page(request, MAIL)


@login_required
def mail_export(request):
    return export(request, MAIL)


@login_required
def mail_create(request):
    def call(form):
        return mail.receive(request.user, **form.cleaned_data), "frontdesk:mail_detail"

    return _create(
        request,
        forms.MailForm,
        _("登记代派资料"),
        "frontdesk:mail_list",
        call,
        _("已登记"),
        hint=_("只接收写明业主姓名的实名资料。"),
    )


@login_required
def mail_detail(request, pk: int):
    item = record(request, MailItem, pk)
    return render(
        request,
        "frontdesk/mail_detail.html",
        {
            "item": item,
            "form": forms.DeliverForm(initial={"receiver_name": item.customer.name}),
            "can_manage": can(request.user, "frontdesk.manage"),
        },
    )


@login_required
@require_POST
def mail_deliver(request, pk: int):
    need(request, "frontdesk.manage")
    item = record(request, MailItem, pk)
    back = reverse("frontdesk:mail_detail", args=[item.pk])
    form = forms.DeliverForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    return act(request, mail.deliver, item, back=back, done=_("已签收"), **form.cleaned_data)


@login_required
def mail_print_list(request):
    """代派业主资料登记表: the list as filtered."""
    need(request, "frontdesk.view")
    return render(
        request,
        "frontdesk/print/mail_list.html",
        {
            **print_context(request, "代派业主资料登记表"),
            "items": list(rows(request, MAIL)[:500]),
        },
    )


# --- renovation ------------------------------------------------------------------------------


@login_required
def renovation_list(request):
    return list_page(request, RENOVATIONS)


@login_required
def renovation_export(request):
    return export(request, RENOVATIONS)


@login_required
def renovation_create(request):
    def call(form):
        return (
            renovations.register(request.user, **form.cleaned_data),
            "frontdesk:renovation_detail",
        )

    return _create(
        request,
        forms.RenovationForm,
        _("装修登记"),
        "frontdesk:renovation_list",
        call,
        _("装修已登记，房屋状态改为装修中，已通知维修和安保"),
        hint=_(
            "核验业主身份（代理人须出示授权委托书和身份证）；涉及结构改动须有房管部门批准文件。"
        ),
    )


@login_required
def renovation_detail(request, pk: int):
    r = record(request, Renovation, pk)
    return render(
        request,
        "frontdesk/renovation_detail.html",
        {
            "r": r,
            "passes": r.passes.all(),
            "inspections": r.inspections.select_related("inspector"),
            "review_form": forms.ReviewForm(),
            "permit_form": forms.PermitForm(),
            "inspection_form": forms.InspectionForm(),
            "can_manage": can(request.user, "frontdesk.manage"),
            "can_inspect": can(request.user, "frontdesk.inspect"),
            "open": r.status != RenovationStatus.FINISHED,
        },
    )


@login_required
@require_POST
def renovation_action(request, pk: int, action: str):
    r = record(request, Renovation, pk)
    back = reverse("frontdesk:renovation_detail", args=[r.pk])
    need(request, "frontdesk.inspect" if action == "inspect" else "frontdesk.manage")
    if action == "finish":
        return act(request, renovations.finish, r, back=back, done=_("装修已完工，房屋状态已恢复"))
    form_class = {
        "review": forms.ReviewForm,
        "permit": forms.PermitForm,
        "inspect": forms.InspectionForm,
    }.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    if action == "review":
        return act(
            request,
            renovations.review_plan,
            r,
            back=back,
            done=_("方案审核已记录"),
            **form.cleaned_data,
        )
    if action == "permit":
        return act(
            request,
            renovations.issue_permit,
            r,
            back=back,
            done=_("已发放许可证和出入证"),
            workers=form.workers_list(),
        )
    return act(
        request, renovations.inspect, r, back=back, done=_("巡查已记录"), **form.cleaned_data
    )


@login_required
def renovation_print(request, pk: int):
    """装修许可证 and the numbered worker passes."""
    r = record(request, Renovation, pk)
    return render(
        request,
        "frontdesk/print/renovation.html",
        {
            **print_context(request, "装修许可证"),
            "r": r,
            "passes": r.passes.all(),
        },
    )


# --- release slips ---------------------------------------------------------------------------


@login_required
def slip_list(request):
    return list_page(request, SLIPS)


@login_required
def slip_export(request):
    return export(request, SLIPS)


@login_required
def slip_create(request):
    def call(form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "items"}
        return slips.issue(request.user, items=form.items_list(), **data), "frontdesk:slip_detail"

    return _create(
        request, forms.SlipForm, _("开具放行条"), "frontdesk:slip_list", call, _("放行条已开具")
    )


@login_required
def slip_detail(request, pk: int):
    return render(request, "frontdesk/slip_detail.html", {"slip": record(request, ReleaseSlip, pk)})


@login_required
def slip_print(request, pk: int):
    slip = record(request, ReleaseSlip, pk)
    return render(
        request,
        "frontdesk/print/slip.html",
        {
            **print_context(request, "物品放行条"),
            "slip": slip,
        },
    )


@login_required
def gate(request):
    """The guard's phone page: type (or scan) the code, the slip is used at once."""
    need(request, "frontdesk.gate")
    form = forms.GateForm(request.POST or None)
    result, slip = None, None
    if request.method == "POST" and form.is_valid():
        try:
            slip = slips.check(request.user, form.cleaned_data["code"])
            result = "ok"
        except DomainError as exc:
            result, slip = exc.code, None
            messages.error(request, exc.detail)
    return render(
        request, "frontdesk/gate.html", {"form": forms.GateForm(), "result": result, "slip": slip}
    )
