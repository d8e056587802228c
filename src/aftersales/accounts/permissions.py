"""What each role may do: one table of capabilities (R-ORG-2).

Views, API handlers and the menu ask :func:`can`; nothing else decides who may use a function.
Data scope (which records) is :mod:`aftersales.accounts.scoping`'s business.
"""

from __future__ import annotations

from aftersales.accounts.choices import STAFF_ROLES
from aftersales.accounts.choices import RoleCode as R
from aftersales.core.errors import Forbidden

_OFFICE = {R.AGENT, R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN}
_MANAGERS = {R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN}

CAPABILITIES: dict[str, set[str]] = {
    # estates and customers
    "estates.view": set(STAFF_ROLES),
    "estates.manage": {R.SUPERVISOR, R.CLERK, R.SERVICE_MANAGER, R.ADMIN},
    "estates.import": {R.CLERK, R.SERVICE_MANAGER, R.ADMIN},
    "estates.export": {R.CLERK, R.SUPERVISOR, R.SERVICE_MANAGER, R.ANALYST, R.ADMIN},
    "customers.view": set(STAFF_ROLES) - {R.FINANCE},
    "customers.manage": _OFFICE,
    "customers.reveal_id": {R.SUPERVISOR, R.SERVICE_MANAGER, R.CLERK, R.ADMIN},
    # warranty catalogue
    "warranty.view": set(STAFF_ROLES),
    "warranty.manage": {R.ENGINEER, R.SERVICE_MANAGER, R.ADMIN},
    # calendar and system
    "calendar.view": set(STAFF_ROLES),
    "calendar.manage": {R.ADMIN},
    "users.view": {R.ADMIN, R.SERVICE_MANAGER},
    "users.manage": {R.ADMIN},
    "audit.view": {R.ADMIN, R.AUDITOR} | _MANAGERS,
    # tickets
    "tickets.intake": {
        R.AGENT,
        R.SUPERVISOR,
        R.CLERK,
        R.SERVICE_MANAGER,
        R.PROPERTY_LIAISON,
        R.ADMIN,
    },
    "tickets.field": {R.TECHNICIAN, R.TEAM_LEAD, R.ADMIN},
    "tickets.warnings": {R.SUPERVISOR, R.SERVICE_MANAGER, R.DEPUTY_GM, R.GM, R.ADMIN},
    "policies.manage": {R.ADMIN, R.SERVICE_MANAGER},
    "notify.templates": {R.ADMIN, R.SERVICE_MANAGER},
    # attachments (photos at intake, survey and repair)
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
    # delete anyone's attachment (an uploader may delete his own while the ticket is open)
    "attachments.manage": {R.SUPERVISOR, R.SERVICE_MANAGER, R.ADMIN},
    # costs and contractors (§9)
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
    # whoever takes a step of a spending request, final account or settlement
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
    # reports and analysis (§13)
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


def can(user, capability: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = CAPABILITIES.get(capability)
    if roles is None:
        raise KeyError(f"unknown capability {capability!r}")
    return bool(user.role_codes() & {str(r) for r in roles})


def require(user, capability: str) -> None:
    if not can(user, capability):
        raise Forbidden("您没有执行此操作的权限", code="forbidden")
