"""Services of the handover app (R-HO-1..5), one function per business action.

* :mod:`.batches` — delivery batches, half-day appointments, arrival and the document check;
* :mod:`.inspections` — the inspection item by item, defect tickets, re-inspection, acceptance;
* :mod:`.move_ins` — the move-in record (documents, keys, meters, house ``occupied``);
* :mod:`.custody` — custodial houses, patrols, the heavy-rain round, end of custody;
* :mod:`.usage` — the equipment usage report a year after delivery.
"""

from aftersales.handover.services import batches, custody, inspections, move_ins, usage

__all__ = ["batches", "custody", "inspections", "move_ins", "usage"]
