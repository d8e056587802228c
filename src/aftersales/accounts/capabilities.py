"""Capabilities of the accounts app: which roles may use each of its functions (R-ORG-2).

The working calendar and the audit trail are core functions; their capabilities are declared
here, where the roles are defined. Registered into :mod:`aftersales.core.permissions` by the
app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

_MANAGERS = {R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    "calendar.view": set(STAFF_ROLES),
    "calendar.manage": {R.ADMIN},
    "users.view": {R.ADMIN, R.SERVICE_MANAGER},
    "users.manage": {R.ADMIN},
    "audit.view": {R.ADMIN, R.AUDITOR} | _MANAGERS,
}
