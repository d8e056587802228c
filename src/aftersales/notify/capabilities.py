"""Capabilities of the notify app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import RoleCode as R

CAPABILITIES: dict[str, set[str]] = {
    "notify.templates": {R.ADMIN, R.SERVICE_MANAGER},
}
