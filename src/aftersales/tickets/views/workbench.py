"""The agent workbench: intake with screen-pop (R-TKT-1..8) beside the work queues."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import DomainError
from aftersales.core.web import as_id, int_param, is_htmx, paginate, show_error
from aftersales.estates import selectors as estates
from aftersales.tickets import selectors, services
from aftersales.tickets.forms import IntakeForm
from aftersales.tickets.views import photos
from aftersales.tickets.views._common import with_clocks

QUEUES = [
    ("mine", _("我的")),
    ("undispatched", _("未派工")),
    ("due_soon", _("即将超时")),
    ("overdue", _("已超时")),
    ("callback", _("待回访")),
    ("complaints", _("投诉")),
]
POP_LIMIT = 5


def _need_intake(request) -> None:
    if not services.can_intake(request.user):
        raise PermissionDenied


def queue(user, name: str):
    """The tickets of one workbench queue (:func:`aftersales.tickets.selectors.queue`)."""
    return selectors.queue(user, name)


def _queue_context(request) -> dict:
    user = request.user
    current = request.GET.get("queue", "mine")
    if current not in dict(QUEUES):
        current = "mine"
    counts = selectors.queue_counts(user)
    tabs = [{"code": c, "label": label, "count": counts[c]} for c, label in QUEUES]
    page_obj = paginate(request, selectors.queue(user, current), count=counts[current])
    with_clocks(page_obj.object_list)
    return {"tabs": tabs, "current": current, "page_obj": page_obj}


def _house_choices(user, customer_id: int | None):
    if not customer_id:
        return []
    return list(estates.houses_for(user, customer=customer_id))


def _intake_context(request, form: IntakeForm) -> dict:
    user = request.user
    customer_id = as_id(form["customer"].value())
    house_id = as_id(form["house"].value())
    customer = estates.customers_for(user).filter(pk=customer_id).first() if customer_id else None
    houses = _house_choices(user, customer.pk if customer else None)
    picked = estates.houses_for(user).filter(pk=house_id).first() if house_id else None
    if picked and picked not in houses:
        houses = [picked, *houses]
    return {"form": form, "picked_customer": customer, "houses": houses, "picked_house": picked}


@login_required
def workbench(request):
    _need_intake(request)
    if is_htmx(request) and request.headers.get("HX-Target") == "queue":
        return render(request, "tickets/workbench.html#queue", _queue_context(request))
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Photos are checked before the ticket is registered and stored after (R-TKT-4).
            uploads = photos.support().intake_uploads(request)
            ticket = services.register_ticket(request.user, **form.data_for_service())
        except DomainError as exc:
            show_error(form, exc)
        else:
            if uploads:
                photos.support().attach_intake(request, ticket, uploads)
            messages.success(
                request,
                gettext("已登记工单 %(number)s，请告知客户此编号。") % {"number": ticket.number},
            )
            duplicates = getattr(ticket, "duplicate_numbers", [])
            if duplicates:
                messages.warning(
                    request,
                    gettext("同一房屋同类别已有未关闭工单：%(numbers)s，请核对是否重复报事。")
                    % {"numbers": "、".join(duplicates)},
                )
            return redirect("tickets:detail", pk=ticket.pk)
    context = _intake_context(request, form) | _queue_context(request)
    return render(request, "tickets/workbench.html", context, status=200)


@login_required
def screen_pop(request):
    """Customers within scope matching the phone typed, with their houses and open tickets."""
    _need_intake(request)
    user = request.user
    digits = re.sub(r"\D", "", request.GET.get("phone", ""))
    customers = []
    if len(digits) >= 11:
        customers = list(estates.customers_for(user, phone=digits)[:POP_LIMIT])
    elif len(digits) >= 4:
        customers = list(estates.customers_for(user, q=digits)[:POP_LIMIT])
    rows = [
        {
            "customer": c,
            "houses": list(estates.houses_for(user, customer=c.pk)),
            "open_tickets": with_clocks(selectors.open_tickets_of(user, c, limit=5)),
        }
        for c in customers
    ]
    return render(
        request,
        "tickets/_screen_pop.html",
        {"rows": rows, "digits": digits, "short": len(digits) < 4},
    )


@login_required
def pick(request):
    """Choose a customer (and one of his houses) from the screen-pop: fills the intake form."""
    _need_intake(request)
    user = request.user
    customer = estates.customers_for(user).filter(pk=int_param(request, "customer") or 0).first()
    houses = _house_choices(user, customer.pk if customer else None)
    house_id = int_param(request, "house")
    picked = next((h for h in houses if h.pk == house_id), None)
    return render(
        request,
        "tickets/_pick.html",
        {"picked_customer": customer, "houses": houses, "picked_house": picked},
    )
