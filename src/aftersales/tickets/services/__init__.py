"""Services of the ticket domain.

``register_ticket`` is intake (R-TKT-1..8); ``perform`` is the one function through which a
ticket changes (see :mod:`aftersales.tickets.workflow`). Both run in one transaction: lock,
guard, change, event, deadlines.
"""

from aftersales.tickets.services.actions import perform
from aftersales.tickets.services.intake import can_intake, duplicates_of, register_ticket

__all__ = ["can_intake", "duplicates_of", "perform", "register_ticket"]
