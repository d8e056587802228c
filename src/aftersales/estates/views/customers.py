"""Customers (客户/业主): list, the 360 page (R-EST-4), create, edit, houses, ID reveal (R-EST-5)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import can
from aftersales.estates import selectors, services
from aftersales.estates.forms import CustomerCreateForm, CustomerForm, LinkHouseForm, show_error
from aftersales.estates.models import Customer, CustomerHouse
from aftersales.estates.sections import sections_for
from aftersales.estates.views._common import (
    as_id,
    customer_filters,
    int_param,
    is_htmx,
    need,
    paginate,
    role_rank,
    visible_or_404,
)

AUDIT_LIMIT = 20


def _links(user, **lookup):
    """Customer–house links within the user's scope."""
    links = CustomerHouse.objects.filter(**lookup).select_related("house__project", "customer")
    return scoping.visible_to(links, user).order_by(
        "house__project__code", "house__label", role_rank(), "id"
    )


@login_required
def customer_list(request):
    need(request, "customers.view")
    user = request.user
    filters = customer_filters(request)
    customers = selectors.customers_for(user, **filters).prefetch_related(
        Prefetch("house_links", queryset=_links(user), to_attr="visible_links")
    )
    return render(
        request,
        "estates/customer_list.html",
        {
            "page_obj": paginate(
                request,
                customers,
                count=None if any(filters.values()) else selectors.customer_count(user),
            ),
            "filters": filters,
            "filtered": any(filters.values()),
            "projects": selectors.projects_for(user),
            "can_manage": can(user, "customers.manage"),
            "can_export": can(user, "estates.export"),
        },
    )


def _house_summaries(links) -> list[dict]:
    """Each linked house with its warranty summary: components in warranty and next expiry."""
    rows = []
    for link in links:
        statuses = services.house_warranty(link.house)
        covered = [s for s in statuses if s.in_warranty]
        expiries = [s.expires_on for s in covered if s.expires_on]
        rows.append(
            {
                "link": link,
                "house": link.house,
                "in_warranty": len(covered),
                "components": len(statuses),
                "next_expiry": min(expiries) if expiries else None,
                "delivered": link.house.delivered_on is not None,
            }
        )
    return rows


def _render_detail(
    request, customer: Customer, link_form: LinkHouseForm | None = None, revealed_id: str = ""
):
    user = request.user
    links = list(_links(user, customer=customer))
    house_ids = {link.house_id for link in links}
    co_residents = _links(user, house_id__in=house_ids).exclude(customer=customer)
    audit_entries = None
    if can(user, "audit.view"):
        audit_entries = AuditEntry.objects.filter(
            model="estates.Customer", object_id=str(customer.pk)
        ).select_related("actor")[:AUDIT_LIMIT]
    can_manage = can(user, "customers.manage")
    if link_form is None and can_manage:
        link_form = LinkHouseForm(user=user)
    return render(
        request,
        "estates/customer_detail.html",
        {
            "customer": customer,
            "tags": [t for t in re.split(r"[,，;；\s]+", customer.tags) if t],
            "houses": _house_summaries(links),
            "co_residents": co_residents,
            "sections": sections_for("customer", request, customer),
            "audit_entries": audit_entries,
            "link_form": link_form,
            "link_picked": _picked_house(user, link_form["house"].value())
            if link_form is not None and link_form.is_bound
            else None,
            "revealed_id": revealed_id,
            "can_manage": can_manage,
            "can_reveal": can(user, "customers.reveal_id"),
            "can_houses": can(user, "estates.view"),
        },
    )


@login_required
def customer_detail(request, pk: int):
    need(request, "customers.view")
    customer = visible_or_404(Customer.objects.all(), request, pk=pk)
    services.record_archive_view(request.user, customer)
    return _render_detail(request, customer)


@login_required
def customer_create(request):
    need(request, "customers.manage")
    user = request.user
    initial = {}
    house_id = int_param(request, "house")
    if house_id:
        initial["house"] = selectors.houses_for(user).filter(pk=house_id).first()
    form = CustomerCreateForm(request.POST or None, user=user, initial=initial)
    known_customer = None
    if request.method == "POST" and form.is_valid():
        house = form.cleaned_data["house"]
        links = [services.HouseLink(house=house, role=form.cleaned_data["role"])] if house else []
        phone = form.cleaned_data["phone"]
        try:
            customer = services.create_customer(
                user,
                houses=links,
                same_phone_confirmed=form.cleaned_data["same_phone_confirmed"],
                **form.data_for_service(),
            )
        except DomainError as exc:
            show_error(form, exc, aliases={"houses": "house"})
            if exc.code == "duplicate_phone":
                known = selectors.customers_for(user).filter(Q(phone=phone) | Q(phone2=phone))
                known_customer = known.order_by("pk").first()
        else:
            messages.success(request, _("客户“%(name)s”已创建") % {"name": customer.name})
            return redirect("estates:customer_detail", pk=customer.pk)
    picked = form["house"].value() if form.is_bound else initial.get("house")
    return render(
        request,
        "estates/customer_form.html",
        {
            "form": form,
            "customer": None,
            "picked_house": _picked_house(user, picked),
            "known_customer": known_customer,
        },
    )


def _picked_house(user, value):
    if value is None or value == "":
        return None
    if hasattr(value, "pk"):
        return value
    house_id = as_id(value)
    return selectors.houses_for(user).filter(pk=house_id).first() if house_id else None


@login_required
def customer_edit(request, pk: int):
    need(request, "customers.manage")
    customer = visible_or_404(Customer.objects.all(), request, pk=pk)
    initial = {
        name: getattr(customer, name)
        for name in (
            "name",
            "phone",
            "phone2",
            "id_type",
            "gender",
            "segment",
            "tags",
            "preferred_channel",
            "email",
            "note",
        )
    }
    initial["birthday"] = customer.birthday.isoformat() if customer.birthday else ""
    form = CustomerForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_customer(request.user, customer, **form.data_for_service(customer))
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("客户信息已保存"))
            return redirect("estates:customer_detail", pk=customer.pk)
    return render(request, "estates/customer_form.html", {"form": form, "customer": customer})


@login_required
@require_POST
def customer_reveal_id(request, pk: int):
    """Show the full ID number once; the service checks the role and writes the audit entry."""
    need(request, "customers.reveal_id")
    customer = visible_or_404(Customer.objects.all(), request, pk=pk)
    number = services.reveal_id_number(request.user, customer)
    if is_htmx(request):
        return render(
            request,
            "estates/customer_detail.html#id_revealed",
            {
                "customer": customer,
                "revealed_id": number,
            },
        )
    return _render_detail(request, customer, revealed_id=number)


@login_required
@require_POST
def customer_link_house(request, pk: int):
    need(request, "customers.manage")
    customer = visible_or_404(Customer.objects.all(), request, pk=pk)
    form = LinkHouseForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        link = services.HouseLink(
            house=data["house"],
            role=data["role"],
            since=data["since"],
            contract_no=data["contract_no"],
        )
        try:
            services.link_house(request.user, customer, link)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已关联房屋 %(house)s") % {"house": link.house.label})
            return redirect(reverse("estates:customer_detail", args=[customer.pk]) + "#houses")
    return _render_detail(request, customer, link_form=form)


@login_required
@require_POST
def customer_unlink_house(request, pk: int, link_pk: int):
    need(request, "customers.manage")
    customer = visible_or_404(Customer.objects.all(), request, pk=pk)
    link = visible_or_404(
        CustomerHouse.objects.filter(customer=customer).select_related("house"),
        request,
        pk=link_pk,
    )
    try:
        services.unlink_house(request.user, link)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("已解除与房屋 %(house)s 的关联") % {"house": link.house.label})
    return redirect(reverse("estates:customer_detail", args=[customer.pk]) + "#houses")
