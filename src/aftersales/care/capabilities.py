"""Capabilities of the care app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import RoleCode as R

_DESK = {R.AGENT, R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN}
_MANAGERS = {R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    # campaigns, visits, questionnaires, statistics, care messages, activities: read
    "care.view": _DESK | _MANAGERS | {R.ANALYST},
    # draw campaigns, assign targets, edit questionnaires
    "care.manage": {R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN},
    # record a visit or a phone answer (its issues become tickets)
    "care.visit": _DESK,
    # the service manager's repeat visit and yearly spot-check
    "care.spot_check": {R.SERVICE_MANAGER, R.ADMIN},
    # care rules
    "care.rules": {R.SERVICE_MANAGER, R.ADMIN},
    # activities and the notice board
    "care.activities": _DESK,
}
