"""The owner's paid services on his phone (portal, R-SS-1 with R-SVC-1): the price list and
booking for one of his houses, his requests with the quote to accept or dispute, and the
receipt once paid. The rules are the services' (:mod:`aftersales.frontdesk.services.paid`);
these pages only show and call them, in the portal's light layout."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.core.permissions import require
from aftersales.frontdesk import selectors
from aftersales.frontdesk.choices import PaidStatus
from aftersales.frontdesk.forms import OwnerBookForm, ReasonForm
from aftersales.frontdesk.models import PaidService
from aftersales.frontdesk.services import paid
from aftersales.portal import selectors as portal
from aftersales.portal.views import form_errors, owner_only


@owner_only
def book(request):
    """预约服务: the price list and the booking form."""
    require(request.user, "frontdesk.book")
    houses = portal.my_houses(request.user)
    items = list(selectors.offered_items(request.user))
    form = OwnerBookForm(request.POST or None, houses=houses, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service = paid.request_service(
                request.user,
                house=data["house"],
                customer=None,
                item=data["item"],
                scheduled_at=data["scheduled_at"],
                note=data["note"],
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("已预约，编号 %(number)s，我们会尽快与您联系") % {"number": service.number},
            )
            return redirect("frontdesk:my_services")
    return render(
        request,
        "frontdesk/owner/book.html",
        {"form": form, "items": items, "no_house": not houses, "title": _("预约服务")},
    )


@owner_only
def my_services(request):
    """我的服务: the owner's requests, newest first, with what he can do on each."""
    rows = list(selectors.records(request.user, PaidService)[:100])
    return render(
        request,
        "frontdesk/owner/services.html",
        {
            "services": rows,
            "dispute_form": ReasonForm(),
            "may_accept": (PaidStatus.QUOTED,),
            "may_dispute": (PaidStatus.QUOTED, PaidStatus.ACCEPTED),
            "title": _("我的服务"),
        },
    )


@owner_only
@require_POST
def my_service_action(request, pk: int, action: str):
    """Accept the quote, or send a price dispute to the department head."""
    service = selectors.record(request.user, PaidService, pk)  # another owner's: 404
    try:
        if action == "accept":
            paid.accept(request.user, service)
            messages.success(request, _("已确认报价，我们会按约上门服务"))
        elif action == "dispute":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            paid.dispute(request.user, service, reason=reason)
            messages.success(request, _("价格异议已转部门负责人，会尽快与您联系"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect("frontdesk:my_services")
