"""Capabilities of the attachments app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import RoleCode as R

CAPABILITIES: dict[str, set[str]] = {
    "attachments.add": {
        R.AGENT,
        R.SUPERVISOR,
        R.CLERK,
        R.SERVICE_MANAGER,
        R.PROPERTY_LIAISON,
        R.TECHNICIAN,
        R.TEAM_LEAD,
        R.ENGINEER,
        R.ADMIN,
        # the owner's photos of his own report (R-SS-1); the data scope limits him to his tickets
        R.OWNER,
    },
    "attachments.manage": {R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN},
}
