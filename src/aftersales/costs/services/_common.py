"""Small pieces shared by the cost services."""

from __future__ import annotations

from django.utils import timezone

from aftersales.core import scoping
from aftersales.core.errors import NotFound
from aftersales.notify import services as notify
from aftersales.tickets.services import message_context as ticket_context  # noqa: F401 (shared)


def locked(model, actor, pk, message: str = "记录不存在或不在您的数据范围内"):
    """The row ``pk`` of ``model`` locked for update, if ``actor`` may see it (else 404).

    For the money side's own rows; a ticket is held through ``tickets.services.link``.
    """
    if not scoping.visible_to(model.objects.filter(pk=pk), actor).exists():
        raise NotFound(message)
    return model.objects.select_for_update().get(pk=pk)


def visible(model, actor, pk, message: str = "记录不存在或不在您的数据范围内"):
    """The row ``pk`` of ``model`` if ``actor`` may see it (else 404 with ``message``)."""
    return scoping.get_visible_or_404(model.objects.all(), actor, message, pk=pk)


def now():
    return timezone.now()


def tell(users, code: str, context: dict, *, ticket=None, key: str = "") -> int:
    return notify.notify_users(users, code, context, ticket=ticket, key=key)
