"""Capabilities of the costs app: which roles may use each of its functions (R-ORG-2).

Registered into :mod:`aftersales.core.permissions` by the app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R

CAPABILITIES: dict[str, set[str]] = {
    "contractors.view": set(STAFF_ROLES) | {R.CONTRACTOR},
    "contractors.manage": {R.ENGINEER, R.SERVICE_MANAGER, R.DEPUTY_CHIEF_ENGINEER, R.ADMIN},
    "contractors.transfer": {R.ENGINEER, R.TEAM_LEAD, R.SERVICE_MANAGER, R.ADMIN},
    "costs.view": {
        R.SERVICE_MANAGER,
        R.SUPERVISOR,
        R.ENGINEER,
        R.TEAM_LEAD,
        R.DEPUTY_CHIEF_ENGINEER,
        R.DEPUTY_GM,
        R.GM,
        R.AUDITOR,
        R.FINANCE,
        R.ADMIN,
        R.CONTRACTOR,
    },
    "costs.request": {R.TEAM_LEAD, R.TECHNICIAN, R.ENGINEER, R.SERVICE_MANAGER, R.ADMIN},
    "costs.approve": {R.SERVICE_MANAGER, R.DEPUTY_CHIEF_ENGINEER, R.DEPUTY_GM, R.GM, R.ADMIN},
    "costs.account": {R.TEAM_LEAD, R.ADMIN},
    "costs.review": {R.SERVICE_MANAGER, R.SUPERVISOR, R.AUDITOR, R.ADMIN},
    "costs.confirm": {R.CONTRACTOR, R.ADMIN},
    "costs.certify": {R.DEPUTY_CHIEF_ENGINEER, R.ADMIN},
    "costs.pay": {R.FINANCE, R.ADMIN},
    "deposits.manage": {R.FINANCE, R.ADMIN},
    "costs.inbox": {
        R.SERVICE_MANAGER,
        R.SUPERVISOR,
        R.AUDITOR,
        R.DEPUTY_CHIEF_ENGINEER,
        R.DEPUTY_GM,
        R.GM,
        R.CONTRACTOR,
        R.ADMIN,
    },
    "funds.view": {R.FINANCE, R.SERVICE_MANAGER, R.TEAM_LEAD, R.AUDITOR, R.ADMIN},
    "funds.manage": {R.FINANCE, R.ADMIN},
    "funds.draw": {R.SERVICE_MANAGER, R.TEAM_LEAD, R.FINANCE, R.ADMIN},
    "evaluation.view": {R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.TEAM_LEAD, R.ANALYST, R.ADMIN},
}
