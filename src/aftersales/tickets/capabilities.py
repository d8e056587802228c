"""Capabilities of the tickets app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

CAPABILITIES: dict[str, set[str]] = {
    "tickets.intake": {
        R.AGENT,
        R.SUPERVISOR,
        R.CLERK,
        R.SERVICE_MANAGER,
        R.PROPERTY_LIAISON,
        R.ADMIN,
    },
    # The ticket list with its filters, full-text search and saved views.
    "tickets.search": {
        R.AGENT,
        R.SUPERVISOR,
        R.CLERK,
        R.SERVICE_MANAGER,
        R.PROPERTY_LIAISON,
        R.DEPUTY_GM,
        R.GM,
        R.ADMIN,
    },
    # An owner reports for himself (R-SS-1): channel app, his own customer record and houses.
    "tickets.report": {R.OWNER},
    "tickets.field": {R.TECHNICIAN, R.TEAM_LEAD, R.ADMIN},
    # Complaints routed to one's department (R-CMP-3): every member of a department.
    "tickets.routed": set(STAFF_ROLES),
    "tickets.warnings": {R.SUPERVISOR, R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN},
    "policies.manage": {R.ADMIN, R.SERVICE_MANAGER},
}
