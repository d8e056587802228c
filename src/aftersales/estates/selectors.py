"""Read-side queries of the estates domain: search and filters used by UI, API and export."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from aftersales.core import cached, scoping
from aftersales.estates.models import Customer, House, ImportJob, Project

_LABEL_RE = re.compile(r"^[0-9A-Za-z]+(-[0-9A-Za-z]*){0,2}$")


def houses_for(
    user,
    *,
    q: str = "",
    project: int | None = None,
    building: str = "",
    status: str = "",
    customer: int | None = None,
) -> QuerySet[House]:
    """Houses the user may see, searched by room label, owner name, phone or pinyin initials."""
    qs = scoping.visible_to(House.objects.select_related("project", "building"), user)
    if project:
        qs = qs.filter(project_id=project)
    if building:
        qs = qs.filter(building__name=building)
    if status:
        qs = qs.filter(status=status)
    if customer:
        qs = qs.filter(occupants__customer_id=customer)
    q = (q or "").strip()
    if q:
        cond = Q(label__startswith=q) | Q(label__endswith=q) if _LABEL_RE.match(q) else Q(label=q)
        cust = _customer_condition(q, prefix="occupants__customer__")
        qs = qs.filter(cond | cust).distinct()
    return qs.order_by("project__code", "building__name", "unit", "room")


def _customer_condition(q: str, prefix: str = "") -> Q:
    cond = Q(**{f"{prefix}name__icontains": q})
    digits = re.sub(r"\D", "", q)
    if digits and len(digits) >= 4 and digits == q:
        cond |= Q(**{f"{prefix}phone__contains": digits}) | Q(
            **{f"{prefix}phone2__contains": digits}
        )
    if q.isascii() and q.isalpha():
        cond |= Q(**{f"{prefix}initials__startswith": q.lower()})
    return cond


def customers_for(
    user, *, q: str = "", project: int | None = None, house: int | None = None, phone: str = ""
) -> QuerySet[Customer]:
    qs = scoping.visible_to(Customer.objects.all(), user)
    if project:
        qs = qs.filter(houses__project_id=project)
    if house:
        qs = qs.filter(houses__id=house)
    if phone:
        qs = qs.filter(Q(phone=phone) | Q(phone2=phone))
    q = (q or "").strip()
    if q:
        cond = _customer_condition(q)
        if re.match(r"^[0-9A-Za-z-]+$", q) and "-" in q:
            cond |= Q(houses__label=q)
        qs = qs.filter(cond)
    if project or house or q:
        qs = qs.distinct()
    return qs.order_by("id")


def customer_count(user) -> int:
    """How many customers ``user`` sees, unfiltered (home card, customer list).

    For staff scoped to projects this counts the customers of their projects' houses plus
    every customer not yet tied to a house: an anti-join over all customers, about a second at
    half a million. Shared for a minute by everyone of the scope (``cached.per_scope``).
    """
    return cached.per_scope(
        user, "estates.customer_count", "", lambda: customers_for(user).order_by().count()
    )


def projects_for(user, *, q: str = "") -> QuerySet[Project]:
    qs = scoping.visible_to(Project.objects.all(), user)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(city__icontains=q))
    return qs.order_by("code")


def import_jobs_for(user) -> QuerySet[ImportJob]:
    """Import jobs a user may look at: his own, or everyone's for administrators."""
    from aftersales.estates.importer import fail_abandoned_jobs

    fail_abandoned_jobs()
    jobs = scoping.visible_to(ImportJob.objects.select_related("created_by"), user)
    return jobs.order_by("-id")
