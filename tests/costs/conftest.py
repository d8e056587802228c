"""Fixtures of the cost tests: the approving roles, a contractor with its user, and repairs
brought to the state a test needs through the ticket API."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_house, make_user
from tests.tickets.helpers import client_for, new_ticket, ok


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(db, admin, manager, technician, agent_a):
    """One user per role of the money side, all seeing every project."""
    return {
        "admin": admin,
        "manager": manager,
        "technician": technician,
        "agent": agent_a,
        "supervisor": make_user("sup", ["supervisor"], name="客服主管"),
        "lead": make_user("lead", ["team_lead"], name="维修队长"),
        "engineer": make_user("eng", ["engineer"], name="工程师"),
        "dce": make_user("dce", ["deputy_chief_engineer"], name="副总工"),
        "dgm": make_user("dgm", ["deputy_gm"], name="副总经理"),
        "gm": make_user("gm", ["gm"], name="总经理"),
        "auditor": make_user("auditor", ["auditor"], name="审计"),
        "finance": make_user("fin1", ["finance"], name="财务甲"),
        "finance2": make_user("fin2", ["finance"], name="财务乙"),
    }


@pytest.fixture
def clients(people):
    return {k: client_for(u) for k, u in people.items()}


@pytest.fixture
def contractor(people, project_a):
    from aftersales.costs.services.contractors import create_contractor

    return create_contractor(
        people["admin"],
        name="中建某局第三工程公司",
        trades=["waterproofing", "masonry"],
        projects=[project_a.pk],
    )


@pytest.fixture
def other_contractor(people):
    from aftersales.costs.services.contractors import create_contractor

    return create_contractor(people["admin"], name="某某装饰工程有限公司", trades=["painting"])


@pytest.fixture
def contractor_user(contractor):
    return make_user("cuser", ["contractor"], name="施工单位联系人", contractor=contractor.pk)


@pytest.fixture
def other_contractor_user(other_contractor):
    return make_user("cuser2", ["contractor"], name="别家联系人", contractor=other_contractor.pk)


@pytest.fixture
def house_new(admin, project_a):
    return make_house(admin, project_a, "6-1-101", delivered_on=dt.date(2024, 6, 30))


@pytest.fixture
def repair(clients, house_new, customer_a, technician):
    """A factory: a leak repair in project A brought to ``stage``.

    stages: dispatched, surveyed, done (awaiting sign-off), closed.
    """

    def make(stage: str = "surveyed", work_class: str = "A", estimate: str = "300.00") -> dict:
        desk, field = clients["agent"], clients["technician"]
        t = new_ticket(
            desk,
            house=house_new.pk,
            customer=customer_a.pk,
            category="civil",
            component="leakage",
        )
        t = ok(desk, t["id"], "dispatch", {"assignee": technician.pk})
        if stage == "dispatched":
            return t
        t = ok(
            field,
            t["id"],
            "survey",
            {
                "responsible_party": "contractor" if work_class == "A" else "other",
                "trades": 1,
                "estimate": estimate,
                "work_class": work_class,
                "contractor_present": True,
            },
        )
        if stage == "surveyed":
            return t
        t = ok(field, t["id"], "start")
        t = ok(field, t["id"], "complete", {"result": "重做防水层"})
        return t

    return make
