"""How another domain ties its records to a ticket without writing the ticket itself."""

from __future__ import annotations

from django.db import connection

from aftersales.core import scoping
from aftersales.core.errors import NotFound
from aftersales.tickets.models import Ticket
from aftersales.tickets.services._common import _context


def link(actor, ticket: Ticket | int, message: str = "工单不存在或不在您的数据范围内") -> Ticket:
    """The ticket, if ``actor`` may see it (else 404), locked until the caller's transaction ends.

    For a record of another domain that hangs on a ticket (a spending request, a final account,
    an attachment): holding the ticket's row serialises it with the ticket's own actions, so its
    checks of the ticket's state stay true until commit. The caller reads the ticket; it changes
    it only through :func:`~aftersales.tickets.services.perform` and records its step on the
    trail through a constructor of :mod:`aftersales.tickets.events`.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("link() holds the ticket's row: call it inside transaction.atomic()")
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    if not scoping.visible_to(Ticket.objects.filter(pk=ticket_id), actor).exists():
        raise NotFound(message)
    return Ticket.objects.select_for_update().get(pk=ticket_id)


def message_context(ticket: Ticket) -> dict:
    """What a message about the ticket names: its number, house (or place) and description."""
    return _context(ticket)
