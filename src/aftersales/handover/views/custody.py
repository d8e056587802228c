"""Custodial houses (托管): the list with patrol status, the heavy-rain round, one custody's
page with its patrols (recorded on the phone), the start and the end of custody."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.core.web import int_param, need, paginate, show_error, visible_or_404
from aftersales.estates.models import House
from aftersales.estates.selectors import projects_for
from aftersales.handover import selectors
from aftersales.handover.choices import CustodyStatus
from aftersales.handover.forms import CustodyForm, EndForm, PatrolForm, RainForm
from aftersales.handover.models import PatrolPhoto
from aftersales.handover.selectors import Filters
from aftersales.handover.services import custody as services
from aftersales.handover.views._common import attempt, or_404, stored_file

METER_FIELDS = {"meters.water": "water", "meters.electricity": "electricity"}


@login_required
def custody_list(request):
    need(request, "handover.view")
    status = request.GET.get("status", CustodyStatus.ACTIVE)
    f = Filters(project=int_param(request, "project"), status=status)
    page = paginate(request, selectors.custodies_for(request.user, f))
    for c in page:
        c.due = selectors.next_patrol_due(c)
        c.overdue = selectors.patrol_overdue(c)
    projects = projects_for(request.user)
    return render(
        request,
        "handover/custodies.html",
        {
            "page": page,
            "status": status,
            "statuses": CustodyStatus.choices,
            "rain_form": RainForm(projects=projects),
            "can_patrol": can(request.user, "handover.patrol"),
        },
    )


@login_required
@require_POST
def rain_round(request):
    need(request, "handover.patrol")
    form = RainForm(request.POST, projects=projects_for(request.user))
    if form.is_valid():
        made = []
        if attempt(
            request, lambda: made.extend(services.rain_round(request.user, **form.cleaned_data))
        ):
            messages.success(request, _("已为 %(n)d 套托管房屋安排巡查") % {"n": len(made)})
    else:
        messages.error(request, _("请选择项目和巡查类型"))
    return redirect("handover:custodies")


@login_required
def custody_new(request, house_pk: int):
    need(request, "handover.manage")
    house = visible_or_404(House.objects.select_related("project"), request, pk=house_pk)
    customers = scoping.visible_to(house.customers.all(), request.user).order_by("pk")
    form = CustodyForm(request.POST or None, customers=customers, initial={"house": house.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.start_custody(
                request.user,
                house=house.pk,
                customer=data["customer"],
                starts_on=data["starts_on"],
                meters_read={"water": data["water"], "electricity": data["electricity"]},
                agreement=data["agreement"],
            )
        except DomainError as exc:
            show_error(form, exc, METER_FIELDS)
        else:
            messages.success(request, _("已登记托管，房屋状态为托管"))
            return redirect("handover:custody", pk=record.pk)
    return render(request, "handover/custody_form.html", {"house": house, "form": form})


@login_required
def custody(request, pk: int):
    need(request, "handover.view")
    record = or_404(selectors.get_custody, request.user, pk)
    form = PatrolForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        need(request, "handover.patrol")
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    patrol = services.record_patrol(
                        request.user,
                        record,
                        kind=data["kind"],
                        meters_read={"water": data["water"], "electricity": data["electricity"]},
                        findings=data["findings"],
                        occurred_at=data["occurred_at"],
                    )
                    for upload in request.FILES.getlist("photo"):
                        services.add_patrol_photo(request.user, patrol, upload)
            except DomainError as exc:
                show_error(form, exc, METER_FIELDS)
            else:
                if patrol.over_limit:
                    messages.warning(request, _("用量超过托管上限，已短信告知业主"))
                else:
                    messages.success(request, _("巡查已登记"))
                return redirect("handover:custody", pk=pk)
    patrols = selectors.patrols_for(request.user, custody=record.pk).prefetch_related("photos")
    return render(
        request,
        "handover/custody.html",
        {
            "custody": record,
            "due": selectors.next_patrol_due(record),
            "overdue": selectors.patrol_overdue(record),
            "patrols": patrols[:50],
            "form": form,
            "end_form": EndForm(),
            "can_patrol": can(request.user, "handover.patrol"),
            "can_manage": can(request.user, "handover.manage"),
        },
    )


@login_required
@require_POST
def custody_end(request, pk: int):
    need(request, "handover.manage")
    record = or_404(selectors.get_custody, request.user, pk)
    form = EndForm(request.POST)
    if form.is_valid():
        readings = {k: v for k, v in form.cleaned_data.items()}
        attempt(
            request,
            lambda: services.end_custody(request.user, record, meters_read=readings),
            _("托管已结束"),
        )
    else:
        messages.error(request, _("表读数应为数字"))
    return redirect("handover:custody", pk=pk)


@login_required
def patrol_photo(request, pk: int):
    need(request, "handover.view")
    photo = visible_or_404(PatrolPhoto.objects.all(), request, pk=pk)
    return stored_file(photo.file, photo.content_type)
