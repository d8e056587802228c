"""Capabilities of the analysis app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import RoleCode as R

_OFFICE = {R.AGENT, R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN}
_MANAGERS = {R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    "analysis.lessons": {
        R.ENGINEER,
        R.DEPUTY_CHIEF_ENGINEER,
        R.ANALYST,
        R.SERVICE_MANAGER,
        R.ADMIN,
    },
    "meetings.view": _OFFICE | _MANAGERS | {R.ENGINEER, R.ANALYST, R.DEPUTY_CHIEF_ENGINEER},
    "meetings.manage": {R.SUPERVISOR, R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN},
}
