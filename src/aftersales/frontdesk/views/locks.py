"""Lock break/change (R-SVC-2): the application, the owner's consent by phone, the three
witnesses signing in turn (each signed in as himself), the opening, and the printed
大门破锁/换锁申请书 with the three signatures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.core.web import need, show_error
from aftersales.frontdesk import forms
from aftersales.frontdesk.choices import LockStatus, WitnessParty
from aftersales.frontdesk.models import LockChange
from aftersales.frontdesk.services import locks
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
)

LOCKS = Listing(
    kind="locks",
    title=_("破/换门锁"),
    columns=[
        (_("房屋"), lambda x: f"{x.project.name} {x.house.label}"),
        (_("类别"), lambda x: x.get_kind_display()),
        (_("申请人"), lambda x: x.applicant_name),
        (_("身份证号"), lambda x: x.id_number_masked),
        (_("申请人为业主"), lambda x: _("是") if x.applicant_is_owner else _("否")),
        (_("申请时间"), lambda x: moment(x.created_at)),
        (_("开锁时间"), lambda x: moment(x.opened_at)),
    ],
    detail="frontdesk:lock_detail",
    statuses=LockStatus.choices,
    export="frontdesk:lock_export",
    create="frontdesk:lock_create",
)


@login_required
def lock_list(request):
    return list_page(request, LOCKS)


@login_required
def lock_export(request):
    return export(request, LOCKS)


@login_required
def lock_create(request):
    need(request, "frontdesk.manage")
    form = forms.LockForm(request.POST or None, initial={"house": request.GET.get("house")})
    if request.method == "POST" and form.is_valid():
        try:
            lock = locks.apply(request.user, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("破/换门锁申请已登记"))
            return redirect("frontdesk:lock_detail", lock.pk)
    return render(
        request,
        "frontdesk/form.html",
        {
            "form": form,
            "title": _("破/换门锁申请"),
            "back": reverse("frontdesk:lock_list"),
            "house_field": True,
            "picked_house": picked_house(request),
            "hint": _("先核验申请人的身份证；申请人不是业主时，须电话征得业主同意并登记。"),
        },
    )


def _signatures(lock: LockChange, user=None) -> list[dict]:
    signed = {w.party: w for w in lock.witnesses.select_related("user")}
    return [
        {
            "party": code,
            "label": label,
            "witness": signed.get(code),
            "may_sign": user is not None and locks.may_sign_for(user, code),
        }
        for code, label in WitnessParty.choices
    ]


@login_required
def lock_detail(request, pk: int):
    lock = record(request, LockChange, pk)
    signatures = _signatures(lock, request.user)
    mine = next(
        (s for s in signatures if s["witness"] and s["witness"].user_id == request.user.pk), None
    )
    return render(
        request,
        "frontdesk/lock_detail.html",
        {
            "lock": lock,
            "signatures": signatures,
            "signed_by_me": mine,
            "open_parties": [s for s in signatures if not s["witness"]],
            "owners": locks.owners(lock.house),
            "agents": locks.authorised_agents(lock.house),
            "consent_form": forms.ConsentForm(),
            "can_manage": can(request.user, "frontdesk.manage"),
            "can_witness": can(request.user, "frontdesk.witness"),
            "missing": locks.missing_parties(lock),
        },
    )


@login_required
@require_POST
def lock_action(request, pk: int, action: str):
    lock = record(request, LockChange, pk)
    back = reverse("frontdesk:lock_detail", args=[lock.pk])
    if action == "witness":
        need(request, "frontdesk.witness")
        form = forms.WitnessForm(request.POST)
        party = form.cleaned_data["party"] if form.is_valid() else ""
        return act(request, locks.witness, lock, back=back, done=_("已签字"), party=party)
    need(request, "frontdesk.manage")
    if action == "consent":
        form = forms.ConsentForm(request.POST)
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(back)
        data = form.cleaned_data
        return act(
            request,
            locks.record_consent,
            lock,
            back=back,
            done=_("业主同意已登记"),
            consent=data["owner_consent"],
            phone=data["consent_phone"],
            at=data["consent_at"],
        )
    if action == "open":
        return act(request, locks.open_lock, lock, back=back, done=_("已开锁"))
    raise Http404


@login_required
def lock_print(request, pk: int):
    lock = record(request, LockChange, pk)
    title = "大门破锁申请书" if lock.kind == "break" else "大门换锁申请书"
    return render(
        request,
        "frontdesk/print/lock.html",
        {
            **print_context(request, title),
            "lock": lock,
            "signatures": _signatures(lock),
            "owners": locks.owners(lock.house),
            "agents": locks.authorised_agents(lock.house),
        },
    )
