"""Scoped reads of fees: bills, the arrears list, the recorded steps, booked collections, and the
fee status shown on the customer and house pages. Every query starts from the data scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.utils import timezone

from aftersales.core import scoping
from aftersales.core.permissions import can, require
from aftersales.estates.models import CustomerHouse, House, Project
from aftersales.fees.models import ArrearsAction, Bill, Collection, FeeStandard
from aftersales.fees.services import Arrears, months_between, overdue_bills


def project(user, pk: int) -> Project:
    return scoping.get_visible_or_404(
        Project.objects.all(), user, "项目不存在或不在您的数据范围内", pk=pk
    )


def house(user, pk: int) -> House:
    return scoping.get_visible_or_404(
        House.objects.select_related("project"), user, "房屋不存在或不在您的数据范围内", pk=pk
    )


def projects(user) -> QuerySet[Project]:
    return scoping.visible_to(Project.objects.all(), user).order_by("code")


def standards(user) -> QuerySet[FeeStandard]:
    require(user, "fees.view")
    return scoping.visible_to(FeeStandard.objects.select_related("project", "updated_by"), user)


def standard_of(user, project_id: int) -> FeeStandard:
    require(user, "fees.view")
    return scoping.get_visible_or_404(
        FeeStandard.objects.select_related("project"),
        user,
        "该项目尚未设置收费标准",
        project_id=project_id,
    )


def _one(user, capability: str, queryset: QuerySet, what: str, pk: int):
    require(user, capability)
    return scoping.get_visible_or_404(queryset, user, f"{what}不存在或不在您的数据范围内", pk=pk)


def _filter(qs: QuerySet, *, project=None, house=None, customer=None) -> QuerySet:
    if project:
        qs = qs.filter(project_id=project)
    if house:
        qs = qs.filter(house_id=house)
    if customer:
        owned = CustomerHouse.objects.filter(customer_id=customer).values("house_id")
        qs = qs.filter(house_id__in=owned)
    return qs


def bills(
    user, *, project=None, house=None, customer=None, status: str = "", period=None
) -> QuerySet[Bill]:
    require(user, "fees.view")
    qs = scoping.visible_to(Bill.objects.select_related("house", "project", "paid_by"), user)
    qs = _filter(qs, project=project, house=house, customer=customer)
    if status:
        qs = qs.filter(status=status)
    if period:
        qs = qs.filter(period=period)
    # Newest month first, then by house (the roster's order): an index walk that stops at the
    # page. Ordering by the house's label joined every bill of the scope and sorted them all
    # (4.3 s over all projects, 0.3 s for one, at half a million houses).
    return qs.order_by("-period", "house_id")


def bill(user, pk: int) -> Bill:
    return _one(
        user, "fees.view", Bill.objects.select_related("house", "project", "paid_by"), "账单", pk
    )


def arrears(user, *, project=None, today: dt.date | None = None) -> list[Arrears]:
    """Houses with overdue unpaid bills, the longest overdue first: one grouped query."""
    require(user, "fees.arrears")
    today = today or timezone.localdate()
    qs = overdue_bills(scoping.visible_to(Bill.objects.all(), user), today)
    if project:
        qs = qs.filter(project_id=project)
    # grouped on the bills alone, then the labels of those houses; COUNT(*) rather than
    # COUNT(id) so that every column read is in the index (an index-only scan on PostgreSQL)
    rows = list(
        qs.values("house_id").annotate(oldest=Min("period"), amount=Sum("amount"), count=Count("*"))
    )
    labels = dict(
        House.objects.filter(pk__in=[r["house_id"] for r in rows]).values_list("id", "label")
    )
    found = [
        Arrears(
            house=row["house_id"],
            label=labels.get(row["house_id"], ""),
            months_overdue=months_between(row["oldest"], today),
            amount=row["amount"],
            bills=row["count"],
            oldest=row["oldest"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda a: (a.oldest, a.label))


def last_steps(user, house_ids: list[int]) -> dict[int, ArrearsAction]:
    """The latest recorded step of each house."""
    qs = scoping.visible_to(ArrearsAction.objects.filter(house_id__in=house_ids), user)
    latest = qs.values("house_id").annotate(last=Max("id")).values_list("last", flat=True)
    return {a.house_id: a for a in ArrearsAction.objects.filter(id__in=list(latest))}


def owners_of(house_ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for house_id, name in (
        CustomerHouse.objects.filter(house_id__in=house_ids)
        .order_by("house_id", "id")
        .values_list("house_id", "customer__name")
    ):
        names.setdefault(house_id, []).append(name)
    return {house_id: "、".join(found) for house_id, found in names.items()}


def actions(user, *, project=None, house=None, customer=None, step: str = "") -> QuerySet:
    require(user, "fees.arrears")
    qs = scoping.visible_to(
        ArrearsAction.objects.select_related("house", "project", "recorded_by"), user
    )
    qs = _filter(qs, project=project, house=house, customer=customer)
    return qs.filter(step=step) if step else qs


def action(user, pk: int) -> ArrearsAction:
    qs = ArrearsAction.objects.select_related("house", "project", "recorded_by")
    return _one(user, "fees.arrears", qs, "催缴记录", pk)


def collections(user, *, project=None, house=None, customer=None, status: str = "") -> QuerySet:
    require(user, "fees.view")
    qs = scoping.visible_to(
        Collection.objects.select_related("house", "project", "booked_by", "collector"), user
    )
    qs = _filter(qs, project=project, house=house, customer=customer)
    return qs.filter(status=status) if status else qs


def collection(user, pk: int) -> Collection:
    qs = Collection.objects.select_related("house", "project", "booked_by", "collector")
    return _one(user, "fees.view", qs, "预约", pk)


# --- the sections of the customer 360 page and the house page -------------------------------


def fee_status(user, house_ids: list[int], today: dt.date | None = None) -> dict | None:
    """Unpaid and overdue totals, the latest bills and steps of some houses; None when the
    reader may not see fees."""
    if not can(user, "fees.view"):
        return None
    today = today or timezone.localdate()
    qs = scoping.visible_to(Bill.objects.filter(house_id__in=house_ids), user)
    unpaid = qs.filter(status="unpaid").aggregate(amount=Sum("amount"), count=Count("id"))
    overdue = overdue_bills(qs, today).aggregate(oldest=Min("period"), amount=Sum("amount"))
    steps = []
    if can(user, "fees.arrears"):
        steps = list(
            scoping.visible_to(ArrearsAction.objects.filter(house_id__in=house_ids), user)
            .select_related("house", "recorded_by")
            .order_by("-recorded_at", "-id")[:5]
        )
    return {
        "unpaid_amount": unpaid["amount"] or 0,
        "unpaid_count": unpaid["count"],
        "overdue_amount": overdue["amount"] or 0,
        "months_overdue": months_between(overdue["oldest"], today) if overdue["oldest"] else 0,
        "bills": list(qs.select_related("house").order_by("-period", "house__label")[:6]),
        "steps": steps,
    }


def customer_section(request, customer) -> dict | None:
    ids = list(
        scoping.visible_to(House.objects.filter(occupants__customer=customer), request.user)
        .values_list("id", flat=True)
        .distinct()
    )
    data = fee_status(request.user, ids)
    if data is not None:
        data["customer"] = customer
    return data


def house_section(request, house_obj) -> dict | None:
    data = fee_status(request.user, [house_obj.pk])
    if data is not None:
        data["house"] = house_obj
    return data
