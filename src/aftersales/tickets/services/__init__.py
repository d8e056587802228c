"""Services of the ticket domain: the only door through which a ticket is opened or moved.

* :func:`register_ticket` — intake (R-TKT-1..8): one numbered ticket per report;
* :func:`perform` — every action of the transition table (:mod:`aftersales.tickets.workflow`):
  scope, role and state checked, the row locked, the action's checks and changes, the outcome
  checked against the table, the typed event written (:mod:`aftersales.tickets.events`), the
  deadlines moved, in one transaction;
* :func:`link` — another domain holds a ticket (scoped, locked) while it attaches its own
  record (a spending request, a final account, an attachment) to it.

Other apps call these (and the event constructors for their own steps on the trail); they never
lock or write a ticket row or a ticket event themselves (``tests/tickets/test_one_door.py``).
"""

from aftersales.tickets.services.actions import perform
from aftersales.tickets.services.intake import can_intake, duplicates_of, register_ticket
from aftersales.tickets.services.linking import link, message_context

__all__ = [
    "can_intake",
    "duplicates_of",
    "link",
    "message_context",
    "perform",
    "register_ticket",
]
