"""Capabilities of the estates app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

_OFFICE = {R.AGENT, R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    "estates.view": set(STAFF_ROLES),
    "estates.manage": {R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN},
    "estates.import": {R.CLERK, R.SERVICE_MANAGER, R.ADMIN},
    "estates.export": {R.CLERK, R.SUPERVISOR, R.SERVICE_MANAGER, R.ANALYST, R.ADMIN},
    "customers.view": set(STAFF_ROLES) - {R.FINANCE},
    "customers.manage": _OFFICE,
    "customers.reveal_id": {R.SUPERVISOR, R.SERVICE_MANAGER, R.CLERK, R.ADMIN},
    "warranty.view": set(STAFF_ROLES),
    "warranty.manage": {R.ENGINEER, R.SERVICE_MANAGER, R.ADMIN},
}
