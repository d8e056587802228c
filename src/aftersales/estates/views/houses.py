"""Houses (房屋): searchable list, detail with occupants and warranty, create and edit."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.db.models.functions import Length
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.estates import selectors, services
from aftersales.estates.choices import HouseStatus
from aftersales.estates.forms import HouseEditForm, HouseForm, show_error
from aftersales.estates.models import Building, CustomerHouse, House, PublicArea
from aftersales.estates.sections import sections_for
from aftersales.estates.views._common import (
    house_filters,
    int_param,
    need,
    paginate,
    role_rank,
    visible_or_404,
)

# Building, unit and room in natural order (2 before 10, 101 before 1001).
ORDER = (
    F("project__code"),
    *(e for f in ("building__name", "unit", "room") for e in (Length(f), F(f))),
)
SORTS = {
    "label": ORDER,
    "-label": tuple(e.desc() for e in ORDER),
    "delivered_on": (F("delivered_on").asc(nulls_last=True), *ORDER),
    "-delivered_on": (F("delivered_on").desc(nulls_last=True), *ORDER),
}
PICKER_LIMIT = 20


def _natural(value: str):
    return [int(p) if p.isascii() and p.isdigit() else p for p in re.split(r"(\d+)", value)]


def occupants_prefetch(user) -> Prefetch:
    links = CustomerHouse.objects.select_related("customer").order_by(role_rank(), "id")
    return Prefetch("occupants", queryset=scoping.visible_to(links, user))


@login_required
def house_list(request):
    need(request, "estates.view")
    user = request.user
    filters = house_filters(request)
    houses = selectors.houses_for(user, **filters)
    sort = request.GET.get("sort", "")
    houses = houses.order_by(*SORTS.get(sort, ORDER))
    if can(user, "customers.view"):
        houses = houses.prefetch_related(occupants_prefetch(user))
    # The buildings' names from the buildings (a few thousand rows), not from every house.
    buildings = scoping.visible_to(Building.objects.order_by(), user)
    if filters["project"]:
        buildings = buildings.filter(project_id=filters["project"])
    buildings = buildings.values_list("name", flat=True).distinct()
    return render(
        request,
        "estates/house_list.html",
        {
            "page_obj": paginate(request, houses),
            "filters": filters,
            "filtered": any(filters.values()),
            "sort": sort,
            "projects": selectors.projects_for(user),
            "buildings": sorted(set(buildings), key=_natural),
            "statuses": HouseStatus.choices,
            "can_manage": can(user, "estates.manage"),
            "can_export": can(user, "estates.export"),
            "can_customers": can(user, "customers.view"),
        },
    )


@login_required
def house_detail(request, pk: int):
    need(request, "estates.view")
    user = request.user
    house = visible_or_404(House.objects.select_related("project", "building"), request, pk=pk)
    can_customers = can(user, "customers.view")
    occupants = []
    if can_customers:
        occupants = scoping.visible_to(
            CustomerHouse.objects.filter(house=house).select_related("customer"), user
        ).order_by(role_rank(), "id")
    public_areas = scoping.visible_to(PublicArea.objects.filter(project=house.project), user)
    return render(
        request,
        "estates/house_detail.html",
        {
            "house": house,
            "sections": sections_for("house", request, house),
            "occupants": occupants,
            "public_area_count": public_areas.count(),
            "warranty": services.house_warranty(house),
            "today": timezone.localdate(),
            "can_manage": can(user, "estates.manage"),
            "can_customers": can_customers,
            "can_add_customer": can(user, "customers.manage"),
        },
    )


@login_required
def house_create(request):
    need(request, "estates.manage")
    initial = {}
    project_id = int_param(request, "project")
    if project_id:
        initial["project"] = selectors.projects_for(request.user).filter(pk=project_id).first()
    form = HouseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            house = services.create_house(request.user, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("房屋 %(house)s 已创建") % {"house": house.label})
            return redirect("estates:house_detail", pk=house.pk)
    return render(request, "estates/house_form.html", {"form": form, "house": None})


@login_required
def house_edit(request, pk: int):
    need(request, "estates.manage")
    house = visible_or_404(House.objects.select_related("project", "building"), request, pk=pk)
    initial = {
        "floor": "" if house.floor is None else house.floor,
        "area": "" if house.area is None else house.area,
        "unit_type": house.unit_type,
        "finish": house.finish,
        "status": house.status,
        "delivered_on": house.delivered_on.isoformat() if house.delivered_on else "",
    }
    form = HouseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_house(request.user, house, **form.cleaned_data)
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("房屋 %(house)s 已保存") % {"house": house.label})
            return redirect("estates:house_detail", pk=house.pk)
    return render(request, "estates/house_form.html", {"form": form, "house": house})


@login_required
def house_options(request):
    """The house picker's choices: houses in scope matching a label, name, phone or initials."""
    need(request, "estates.view")
    q = (request.GET.get("house_q") or request.GET.get("q") or "").strip()
    houses, more = [], 0
    if q:
        matches = selectors.houses_for(request.user, q=q)
        houses = list(matches[: PICKER_LIMIT + 1])
        if len(houses) > PICKER_LIMIT:
            houses = houses[:PICKER_LIMIT]
            more = matches.count() - PICKER_LIMIT
    return render(
        request,
        "estates/_house_picker.html#options",
        {
            "q": q,
            "matches": houses,
            "more": more,
        },
    )
