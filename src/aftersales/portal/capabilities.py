"""Capabilities of the portal app (R-ORG-2): the owner's own pages.

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import RoleCode as R

CAPABILITIES: dict[str, set[str]] = {
    # The owner's self-service pages and /me (R-SS-1); the data scope limits him to his own.
    "portal.use": {R.OWNER},
}
