"""Small pieces shared by the cost services."""

from __future__ import annotations

from django.utils import timezone

from aftersales.accounts import scoping
from aftersales.core.errors import NotFound
from aftersales.notify import services as notify


def locked(model, actor, pk, message: str = "记录不存在或不在您的数据范围内"):
    """The row ``pk`` of ``model`` locked for update, if ``actor`` may see it (else 404)."""
    if not scoping.visible_to(model.objects.filter(pk=pk), actor).exists():
        raise NotFound(message)
    return model.objects.select_for_update().get(pk=pk)


def visible(model, actor, pk, message: str = "记录不存在或不在您的数据范围内"):
    obj = scoping.visible_to(model.objects.filter(pk=pk), actor).first()
    if obj is None:
        raise NotFound(message)
    return obj


def now():
    return timezone.now()


def tell(users, code: str, context: dict, *, ticket=None, key: str = "") -> int:
    return notify.notify_users(users, code, context, ticket=ticket, key=key)


def ticket_context(ticket) -> dict:
    return {
        "number": ticket.number,
        "house": ticket.house.label if ticket.house_id else ticket.public_area,
        "description": ticket.description[:80],
    }


def trail(ticket, actor, action: str, data: dict) -> None:
    """A money or contractor step in the ticket's event trail (its status does not change)."""
    from aftersales.tickets.services._common import _event

    _event(ticket, actor, action, now(), from_status=ticket.status, data=data)
