"""Customer care, read side (R-VIS-4): the care rules, the messages sent, and the upcoming
occasions (warranty expiry, birthdays, delivery anniversaries) within N days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.utils import timezone

from aftersales.care.choices import CareKind
from aftersales.care.models import CareMessage, CareRule
from aftersales.core import cached, pii, scoping
from aftersales.core.errors import field_error
from aftersales.core.permissions import require
from aftersales.estates.choices import IdType
from aftersales.estates.models import (
    Customer,
    CustomerHouse,
    House,
    Project,
    ProjectWarrantyTerm,
    WarrantyComponent,
)
from aftersales.estates.services import id_birth_date

MAX_DAYS = 366
DEFAULT_DELIVERY_MONTHS = 12


@dataclass(frozen=True)
class Occasion:
    kind: str
    on: dt.date
    customer: int
    customer_name: str
    phone: str
    house: int | None = None
    house_label: str = ""
    project: int | None = None
    component: str = ""
    component_name: str = ""
    months: int | None = None


def occasion(
    kind: str,
    on: dt.date,
    customer: Customer,
    house: House | None,
    *,
    component: WarrantyComponent | None = None,
    months: int | None = None,
) -> Occasion:
    """An occasion of a customer, at a house of his (or none), of a component (or none)."""
    return Occasion(
        kind,
        on,
        customer.pk,
        customer.name,
        customer.phone,
        house.pk if house else None,
        house.label if house else "",
        house.project_id if house else None,
        component.code if component else "",
        component.name if component else "",
        months,
    )


def rules_for(user, *, kind: str = "", active: bool | None = None) -> QuerySet[CareRule]:
    require(user, "care.view")
    qs = scoping.visible_to(CareRule.objects.all(), user)
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def get_rule(user, pk: int) -> CareRule:
    require(user, "care.view")
    return scoping.get_visible_or_404(CareRule.objects.all(), user, pk=pk)


def messages_for(
    user, *, project=None, house=None, customer=None, kind: str = ""
) -> QuerySet[CareMessage]:
    require(user, "care.view")
    qs = scoping.visible_to(CareMessage.objects.select_related("customer", "house"), user)
    for name, value in (("project_id", project), ("house_id", house), ("customer_id", customer)):
        if value:
            qs = qs.filter(**{name: value})
    return qs.filter(kind=kind) if kind else qs


def get_message(user, pk: int) -> CareMessage:
    require(user, "care.view")
    return scoping.get_visible_or_404(CareMessage.objects.all(), user, pk=pk)


# --- upcoming occasions -------------------------------------------------------------------------


def _owners(house_ids) -> dict[int, Customer]:
    """The owner of each house (else its first occupant)."""
    found: dict[int, tuple[int, Customer]] = {}
    links = (
        CustomerHouse.objects.filter(house_id__in=house_ids)
        .select_related("customer")
        .only("house_id", "role", "customer__name", "customer__phone")
    )
    for link in links.order_by("id"):
        rank = 0 if link.role == "owner" else 1
        if link.house_id not in found or rank < found[link.house_id][0]:
            found[link.house_id] = (rank, link.customer)
    return {h: c for h, (_, c) in found.items()}


def _houses_delivered(projects, months: int, start: dt.date, end: dt.date):
    """Houses whose delivery date + ``months`` (the day before, for a warranty) may fall in
    [start, end]: the inverse range widened by a few days, checked exactly by the caller."""
    lo = start - relativedelta(months=months) - dt.timedelta(days=3)
    hi = end - relativedelta(months=months) + dt.timedelta(days=3)
    return House.objects.filter(project__in=projects, delivered_on__range=(lo, hi)).only(
        "label", "project_id", "delivered_on"
    )


def warranty_expiring(projects, start: dt.date, end: dt.date) -> list[Occasion]:
    """Components whose last day in warranty falls in [start, end] (estates' warranty rule:
    delivery + months − 1 day, the project's own term before the catalogue's).

    Two statements per distinct warranty term (the houses delivered in its window, their
    owners), however many projects and components there are."""
    overrides = {
        (t.project_id, t.component_id): t.months
        for t in ProjectWarrantyTerm.objects.filter(project__in=projects)
    }
    components = list(WarrantyComponent.objects.all())
    # term in months -> project id -> the components with that term in that project
    by_term: dict[int, dict[int, list[WarrantyComponent]]] = {}
    for project in projects:
        for component in components:
            months = overrides.get((project.pk, component.pk), component.months)
            if months:
                by_term.setdefault(months, {}).setdefault(project.pk, []).append(component)
    found: list[Occasion] = []
    for months, per_project in sorted(by_term.items()):
        houses = list(_houses_delivered(list(per_project), months, start, end))
        owners = _owners([h.pk for h in houses])
        for house in houses:
            expires = house.delivered_on + relativedelta(months=months) - dt.timedelta(days=1)
            customer = owners.get(house.pk)
            if not customer or not start <= expires <= end:
                continue
            found += [
                occasion(
                    CareKind.WARRANTY_EXPIRY,
                    expires,
                    customer,
                    house,
                    component=component,
                    months=months,
                )
                for component in per_project[house.project_id]
            ]
    return found


def delivery_anniversaries(projects, start: dt.date, end: dt.date, months_list) -> list[Occasion]:
    found: list[Occasion] = []
    for months in sorted(set(months_list)):
        houses = list(_houses_delivered(projects, months, start, end))
        owners = _owners([h.pk for h in houses])
        for house in houses:
            on = house.delivered_on + relativedelta(months=months)
            customer = owners.get(house.pk)
            if customer and start <= on <= end:
                found.append(
                    occasion(CareKind.DELIVERY_ANNIVERSARY, on, customer, house, months=months)
                )
    return found


def birth_date(customer: Customer) -> dt.date | None:
    """The birthday field, else the birth date inside the resident ID."""
    if customer.birthday:
        return customer.birthday
    if customer.id_type != IdType.RESIDENT_ID or not customer.id_number_encrypted:
        return None
    return id_birth_date(customer.id_type, pii.decrypt(customer.id_number_encrypted))


def next_birthday(born: dt.date, start: dt.date) -> dt.date:
    """The first birthday on or after ``start`` (29 February: the 28th in other years)."""
    for year in (start.year, start.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= start:
            return day
    return day


def _days(start: dt.date, end: dt.date) -> set[tuple[int, int]]:
    """The (month, day) pairs of [start, end]; 29 February goes with the 28th (a 29 February
    birthday is kept on the 28th in other years)."""
    days = {
        (d.month, d.day) for d in (start + dt.timedelta(n) for n in range((end - start).days + 1))
    }
    if (2, 28) in days:
        days.add((2, 29))
    return days


def _month_days(days: set[tuple[int, int]]) -> Q:
    q = Q(pk__in=[])
    for month in {m for m, _ in days}:
        q |= Q(birthday__month=month, birthday__day__in=[d for m, d in days if m == month])
    return q


def birthdays(customers: QuerySet[Customer], start: dt.date, end: dt.date) -> list[Occasion]:
    """Birthdays in [start, end]: from the birthday field, else from the resident ID, found by
    the month and day stored beside it (``id_birth_md``) — only the IDs that match are
    decrypted, not every customer's."""
    found: list[Occasion] = []
    days = _days(start, end)
    with_field = customers.filter(_month_days(days))
    from_id = customers.filter(
        birthday__isnull=True, id_birth_md__in=[f"{m:02d}{d:02d}" for m, d in days]
    )
    first_house = {}
    chosen = list(with_field) + [c for c in from_id if birth_date(c)]
    for link in (
        CustomerHouse.objects.filter(customer__in=[c.pk for c in chosen])
        .select_related("house")
        .order_by("id")
    ):
        first_house.setdefault(link.customer_id, link.house)
    for customer in chosen:
        born = birth_date(customer)
        on = next_birthday(born, start)
        if on <= end:
            found.append(occasion(CareKind.BIRTHDAY, on, customer, first_house.get(customer.pk)))
    return found


def delivery_months() -> list[int]:
    months = [
        r.months
        for r in CareRule.objects.filter(kind=CareKind.DELIVERY_ANNIVERSARY, active=True)
        if r.months
    ]
    return months or [DEFAULT_DELIVERY_MONTHS]


def occasions(projects, customers, start: dt.date, end: dt.date) -> list[Occasion]:
    found = (
        warranty_expiring(projects, start, end)
        + delivery_anniversaries(projects, start, end, delivery_months())
        + birthdays(customers, start, end)
    )
    return sorted(found, key=lambda o: (o.on, o.kind, o.customer, o.component))


def days_param(days) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise field_error("days", f"天数应为 0–{MAX_DAYS} 的整数")
    return days


def upcoming(
    user, *, days: int = 30, project=None, customer=None, today: dt.date | None = None
) -> list[Occasion]:
    """The occasions whose date falls within the next ``days`` days (today included).

    Kept for a minute per data scope and parameters (:func:`aftersales.core.cached.per_scope`):
    over all projects that is tens of thousands of occasions read from as many houses."""
    require(user, "care.view")
    days = days_param(days)
    start = today or timezone.localdate()
    return cached.per_scope(
        user,
        "care.upcoming",
        f"{days}:{project}:{customer}:{start.isoformat()}",
        lambda: _upcoming(user, days, project, customer, start),
    )


def _upcoming(user, days: int, project, customer, start: dt.date) -> list[Occasion]:
    projects = scoping.visible_to(Project.objects.all(), user)
    customers = scoping.visible_to(Customer.objects.all(), user)
    if project:
        projects = projects.filter(pk=project)
        customers = customers.filter(houses__project_id=project).distinct()
    found = occasions(list(projects), customers, start, start + dt.timedelta(days=days))
    if customer:
        found = [o for o in found if o.customer == customer]
    return found


def customer_section(request, customer) -> dict | None:
    """The care section of the customer 360 page (registered in estates.sections)."""
    from aftersales.core.permissions import can

    if not can(request.user, "care.view"):
        return None
    today = timezone.localdate()
    projects = list(
        scoping.visible_to(
            Project.objects.filter(houses__customers=customer).distinct(), request.user
        )
    )
    coming = [
        o
        for o in occasions(
            projects, Customer.objects.filter(pk=customer.pk), today, today + dt.timedelta(days=90)
        )
        if o.customer == customer.pk
    ]
    privileges = (
        CareRule.objects.filter(kind=CareKind.VIP, active=True, segment=customer.segment)
        if customer.segment
        else CareRule.objects.none()
    )
    return {
        "messages": messages_for(request.user, customer=customer.pk)[:20],
        "upcoming": coming[:20],
        "privileges": list(privileges),
    }
