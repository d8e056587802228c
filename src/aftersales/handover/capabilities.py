"""Capabilities of the handover app (R-ORG-2), registered by ``AppConfig.ready()``."""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

# The desk changes the house's status (estates.manage) and opens defect tickets (tickets.intake).
_DESK = {R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    "handover.view": set(STAFF_ROLES),
    # batches, appointments, document check, move-in, start and end of custody
    "handover.manage": _DESK,
    # inspection item by item on the phone, re-inspection, the owner's signature
    "handover.inspect": _DESK | {R.AGENT},
    # patrols of custodial houses, the heavy-rain round (the property company)
    "handover.patrol": _DESK | {R.PROPERTY_LIAISON},
    # the equipment usage report a year after delivery
    "handover.report": {R.PROPERTY_LIAISON, R.SERVICE_MANAGER, R.CLERK, R.ADMIN},
    # the inspection checklist (rooms × items): configuration, like the other reference data
    "handover.checklist": {R.SERVICE_MANAGER, R.ADMIN},
}
