"""Capabilities of the front desk's resident services (R-ORG-2, R-SVC-1..5).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

_DESK = {R.AGENT, R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.PROPERTY_LIAISON, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    "frontdesk.view": set(STAFF_ROLES) | {R.OWNER},  # owners: their own records only
    "frontdesk.manage": _DESK,
    "frontdesk.prices": {R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN},
    "frontdesk.book": _DESK | {R.OWNER},  # an owner books a paid service for his house
    "frontdesk.inspect": _DESK | {R.ENGINEER, R.TEAM_LEAD},
    "frontdesk.collect": _DESK | {R.FINANCE},
    "frontdesk.remit": {R.FINANCE, R.ADMIN},
    "frontdesk.witness": _DESK | {R.ENGINEER, R.TEAM_LEAD, R.TECHNICIAN},
    "frontdesk.gate": _DESK | {R.TEAM_LEAD, R.TECHNICIAN},
    "frontdesk.export": set(STAFF_ROLES),
}
