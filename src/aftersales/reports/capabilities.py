"""Capabilities of the reports app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import RoleCode as R

CAPABILITIES: dict[str, set[str]] = {
    "reports.view": {
        R.SUPERVISOR,
        R.SERVICE_MANAGER,
        R.ANALYST,
        R.ENGINEER,
        R.DEPUTY_CHIEF_ENGINEER,
        R.DEPUTY_GM,
        R.GM,
        R.AUDITOR,
        R.ADMIN,
    },
    "reports.export": {
        R.SUPERVISOR,
        R.SERVICE_MANAGER,
        R.ANALYST,
        R.DEPUTY_GM,
        R.GM,
        R.AUDITOR,
        R.ADMIN,
    },
}
