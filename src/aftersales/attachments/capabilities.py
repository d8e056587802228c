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
    },
    # The owner's photos of his own reports (R-SS-1), through the API and his portal; the data
    # scope limits him to his tickets. The ticket page's panel stays with the staff.
    "attachments.add_own": {R.OWNER},
    "attachments.manage": {R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN},
}
