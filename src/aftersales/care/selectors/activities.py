"""Community activities and the notice board, read through the data scope (R-VIS-5)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum

from aftersales.care.models import NOTICE_RENEWAL_DAYS, Activity, Notice, Signup
from aftersales.core import scoping
from aftersales.core.permissions import require
from aftersales.estates.models import Customer, CustomerHouse


def activities_for(user, *, project=None, status: str = "", customer=None) -> QuerySet[Activity]:
    require(user, "care.view")
    qs = scoping.visible_to(Activity.objects.select_related("project"), user).annotate(
        invited=Count("signups", distinct=True),
        signed_up=Count("signups", filter=Q(signups__status="signed_up"), distinct=True),
    )
    if project:
        qs = qs.filter(project_id=project)
    if customer:
        qs = qs.filter(signups__customer_id=customer)
    qs = qs.order_by("-starts_at", "-id")
    return qs.filter(status=status) if status else qs


def get_activity(user, pk: int) -> Activity:
    require(user, "care.view")
    return scoping.get_visible_or_404(
        Activity.objects.select_related("project").prefetch_related("photos"), user, pk=pk
    )


def signups_of(user, activity: Activity) -> QuerySet[Signup]:
    require(user, "care.view")
    return scoping.visible_to(
        Signup.objects.filter(activity=activity).select_related("customer"), user
    )


def customers_of(user, activity: Activity, limit: int = 500) -> list[Customer]:
    """The first ``limit`` customers (by name) linked to a house of the activity's project, for
    the sign-up picker: id and name only, found from the scoped house links (the customers'
    own scope, a union over every link of the user's projects, and a ``DISTINCT`` over whole
    customer rows cost far more for the same rows)."""
    links = scoping.visible_to(
        CustomerHouse.objects.filter(house__project_id=activity.project_id), user
    ).values("customer_id")
    return list(
        Customer.objects.filter(pk__in=links).only("id", "name").order_by("name", "id")[:limit]
    )


def signup_people(activity: Activity) -> int:
    return activity.signups.filter(status="signed_up").aggregate(n=Sum("people"))["n"] or 0


def notices_for(
    user, *, project=None, stale: bool | None = None, today: dt.date
) -> QuerySet[Notice]:
    require(user, "care.view")
    qs = scoping.visible_to(Notice.objects.select_related("project"), user)
    if project:
        qs = qs.filter(project_id=project)
    cutoff = today - dt.timedelta(days=NOTICE_RENEWAL_DAYS)
    if stale is True:
        qs = qs.filter(renewed_on__lt=cutoff)
    elif stale is False:
        qs = qs.filter(renewed_on__gte=cutoff)
    return qs


def get_notice(user, pk: int) -> Notice:
    require(user, "care.view")
    return scoping.get_visible_or_404(Notice.objects.select_related("project"), user, pk=pk)
