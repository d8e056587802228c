"""Reads of the front desk: every list and record through the data scope first."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from aftersales.core import scoping
from aftersales.core.permissions import require
from aftersales.frontdesk.models import (
    LockChange,
    MailItem,
    PaidService,
    PriceItem,
    ReleaseSlip,
    Remittance,
    Renovation,
)
from aftersales.frontdesk.services._common import own_customer
from aftersales.frontdesk.services.paid import TICKET_ITEM

RELATED = {
    PaidService: ("project", "house", "customer", "item", "paid_by"),
    LockChange: ("project", "house", "owner", "consent_by"),
    MailItem: ("project", "house", "customer", "delivered_by"),
    Renovation: ("project", "house", "customer"),
    ReleaseSlip: ("project", "house", "customer", "checked_by"),
    Remittance: ("project", "submitted_by", "confirmed_by"),
}

# The kinds of record the screens, exports and API list, by their URL name.
KINDS: dict[str, type[Model]] = {
    "paid": PaidService,
    "locks": LockChange,
    "mail": MailItem,
    "renovations": Renovation,
    "slips": ReleaseSlip,
    "remittances": Remittance,
}


def records(
    user,
    model: type[Model],
    *,
    project: int | None = None,
    house: int | None = None,
    customer: int | None = None,
    status: str = "",
) -> QuerySet:
    """A scoped list, newest first, filtered by project, house, customer and status."""
    require(user, "frontdesk.view")
    qs = scoping.visible_to(model.objects.select_related(*RELATED[model]), user)
    if project:
        qs = qs.filter(project_id=project)
    if house and hasattr(model, "house"):
        qs = qs.filter(house_id=house)
    if customer and hasattr(model, "customer"):
        qs = qs.filter(customer_id=customer)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def record(user, model: type[Model], pk: int):
    require(user, "frontdesk.view")
    return scoping.get_visible_or_404(model.objects.select_related(*RELATED[model]), user, pk=pk)


def offered_items(user) -> QuerySet[PriceItem]:
    """The active price list as offered to whoever may book, owners included: a public offer
    (the codes :func:`~aftersales.frontdesk.services.paid.request_service` accepts), where the
    data scope would show an owner no reference data. The item of a repair judged paid at
    survey is not booked: it comes from a ticket."""
    require(user, "frontdesk.book")
    return PriceItem.objects.filter(active=True).exclude(code=TICKET_ITEM)


def price_items(user, *, active: bool | None = None) -> QuerySet[PriceItem]:
    require(user, "frontdesk.view")
    if own_customer(user) is not None:  # an owner: the offer, not the management list
        return offered_items(user) if active is not False else PriceItem.objects.none()
    qs = scoping.visible_to(PriceItem.objects.all(), user)
    return qs.filter(active=active) if active is not None else qs


def price_item(user, pk: int) -> PriceItem:
    require(user, "frontdesk.view")
    return scoping.get_visible_or_404(PriceItem.objects.all(), user, pk=pk)
