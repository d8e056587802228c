"""The owner's pages: home menu, houses, warranty, report, tickets, sign, rate, messages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.portal import menu, selectors, services
from aftersales.portal.forms import RateForm, ReportForm, SignForm
from aftersales.portal.views._common import form_errors, owner_only


@owner_only
def home(request):
    houses = selectors.my_houses(request.user)
    open_count = selectors.my_tickets(request.user).exclude(status="closed").count()
    return render(
        request,
        "portal/home.html",
        {
            "entries": menu.entries(request.user),
            "houses": houses,
            "open_count": open_count,
            "title": _("业主服务"),
        },
    )


@owner_only
def houses(request):
    return render(
        request,
        "portal/houses.html",
        {"houses": selectors.my_houses(request.user), "title": _("我的房屋")},
    )


@owner_only
def warranty(request, pk: int):
    house = selectors.my_house(request.user, pk)
    return render(
        request,
        "portal/warranty.html",
        {
            "house": house,
            "rows": selectors.warranty(request.user, house),
            "title": _("保修状态"),
            "back": "portal:houses",
        },
    )


@owner_only
def report(request):
    houses = selectors.my_houses(request.user)
    form = ReportForm(request.POST or None, request.FILES or None, houses=houses)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            ticket = services.report(
                request.user,
                photos=request.FILES.getlist("photos"),
                kind=data["kind"],
                house=data["house"],
                category=data["category"],
                phenomenon=data["phenomenon"],
                location=data["location"],
                expected_at=data["expected_at"],
                description=data["description"],
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("已提交，工单编号 %(number)s，我们会尽快与您联系") % {"number": ticket.number},
            )
            return redirect("portal:ticket", pk=ticket.pk)
    return render(
        request,
        "portal/report.html",
        {"form": form, "title": _("我要报事"), "no_house": not houses},
    )


@owner_only
def tickets(request):
    rows = list(selectors.my_tickets(request.user).select_related("house")[:100])
    return render(request, "portal/tickets.html", {"tickets": rows, "title": _("我的工单")})


def _ticket_page(request, ticket, *, sign_form=None, rate_form=None, status=200):
    return render(
        request,
        "portal/ticket.html",
        {
            "ticket": ticket,
            "steps": selectors.timeline(ticket),
            "promised": selectors.promised(ticket),
            "photos": selectors.photos(request.user, ticket),
            "rating": selectors.rating(ticket),
            "sign_form": sign_form or (SignForm() if selectors.may_sign(ticket) else None),
            "rate_form": rate_form or (RateForm() if selectors.may_rate(ticket) else None),
            "title": ticket.number,
            "back": "portal:tickets",
        },
        status=status,
    )


@owner_only
def ticket(request, pk: int):
    return _ticket_page(request, selectors.my_ticket(request.user, pk))


def _act(request, pk: int, form_class, service, thanks: str, form_name: str):
    """Post one of the owner's actions on his ticket; the page again with the form's errors."""
    found = selectors.my_ticket(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(request.user, found.pk, **form.cleaned_data)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, thanks)
            return redirect("portal:ticket", pk=found.pk)
    return _ticket_page(request, found, status=422, **{form_name: form})


@owner_only
@require_POST
def sign(request, pk: int):
    return _act(request, pk, SignForm, services.sign_off, _("感谢您的确认"), "sign_form")


@owner_only
@require_POST
def rate(request, pk: int):
    return _act(request, pk, RateForm, services.rate, _("感谢您的评价"), "rate_form")


@owner_only
def notifications(request):
    return render(
        request,
        "portal/notifications.html",
        {"rows": selectors.notifications(request.user), "title": _("消息通知")},
    )
