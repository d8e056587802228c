"""The capability table (R-ORG-2): who may do what."""

from __future__ import annotations

import pytest

from aftersales.core.errors import Forbidden
from aftersales.core.permissions import CAPABILITIES, can, require

pytestmark = pytest.mark.django_db


def test_superuser_can_everything(superuser):
    for capability in CAPABILITIES:
        assert can(superuser, capability), capability


def test_admin_role(admin):
    for capability in ("users.manage", "calendar.manage", "estates.manage", "customers.reveal_id"):
        assert can(admin, capability)


# What an owner may do himself (R-SS-1): his portal, his own reports and their photos.
OWNER_CAPABILITIES = {
    "portal.use",
    "tickets.report",
    "attachments.add_own",
    "fees.view",  # his own bills
    "frontdesk.view",  # his own service records
    "frontdesk.book",  # a paid service for his house
}


@pytest.mark.parametrize("capability", sorted(CAPABILITIES))
def test_owner_outsider_and_anonymous_can_nothing_of_the_staff(
    owner, outsider, anonymous, capability
):
    assert can(owner, capability) == (capability in OWNER_CAPABILITIES)
    assert not can(outsider, capability)
    assert not can(anonymous, capability)
    assert not can(None, capability)


def test_owner_cannot_view_estates(owner):
    assert not can(owner, "estates.view")


@pytest.mark.parametrize(
    ("persona", "capability", "allowed"),
    [
        ("agent_a", "estates.view", True),
        ("agent_a", "customers.view", True),
        ("agent_a", "customers.manage", True),
        ("agent_a", "customers.reveal_id", False),
        ("agent_a", "estates.manage", False),
        ("agent_a", "users.manage", False),
        ("agent_a", "calendar.manage", False),
        ("manager", "customers.reveal_id", True),
        ("manager", "users.view", True),
        ("manager", "users.manage", False),
        ("manager", "warranty.manage", True),
        ("technician", "estates.view", True),
        ("technician", "customers.manage", False),
        ("technician", "warranty.manage", False),
    ],
)
def test_table(request, persona, capability, allowed):
    assert can(request.getfixturevalue(persona), capability) is allowed


def test_inactive_user_can_nothing(admin):
    admin.is_active = False
    assert not can(admin, "estates.view")


def test_unknown_capability_is_a_programming_error(admin):
    with pytest.raises(KeyError):
        can(admin, "estates.fly")


def test_require(agent_a):
    require(agent_a, "estates.view")
    with pytest.raises(Forbidden) as exc:
        require(agent_a, "users.manage")
    assert exc.value.status == 403
    assert exc.value.detail == "您没有执行此操作的权限"
