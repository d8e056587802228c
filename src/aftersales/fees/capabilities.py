"""Capabilities of the fees app (R-ORG-2), registered by the app's ``ready()``."""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

_DESK = {R.AGENT, R.SUPERVISOR, R.SERVICE_MANAGER, R.FINANCE, R.PROPERTY_LIAISON, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    # bills, receipts and collections; an owner sees his own houses' bills
    "fees.view": set(STAFF_ROLES) | {R.OWNER},
    "fees.standard": {R.SERVICE_MANAGER, R.FINANCE, R.ADMIN},
    "fees.bill": {R.SUPERVISOR, R.SERVICE_MANAGER, R.FINANCE, R.ADMIN},
    "fees.collect": set(_DESK),  # pay at the desk, book home collection, import payments
    "fees.arrears": set(STAFF_ROLES) - {R.TECHNICIAN},
    "fees.dun": set(_DESK),  # record a step of the arrears follow-up
}
