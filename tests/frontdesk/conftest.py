"""Fixtures of the front-desk tests: desk users of project A, an owner with a valid ID number,
and API clients."""

from __future__ import annotations

import pytest

from aftersales.frontdesk.demo_data import resident_id
from tests.conftest import make_customer, make_house, make_user
from tests.tickets.helpers import client_for

OWNER_ID = resident_id("33010619800101123")
OTHER_ID = resident_id("11010519900307251")


@pytest.fixture
def people(db, admin, agent_a, project_a, project_b):
    return {
        "admin": admin,
        "agent": agent_a,
        "agent_b": make_user("agent_b2", ["agent"], [project_b], name="客服乙"),
        "supervisor": make_user("sup", ["supervisor"], [project_a], name="客服主管"),
        "engineer": make_user("eng", ["engineer"], [project_a], name="工程师"),
        "liaison": make_user("liaison", ["property_liaison"], [project_a], name="礼宾员"),
        "finance": make_user("fin", ["finance"], [project_a], name="财务"),
        "finance2": make_user("fin2", ["finance"], [project_a], name="财务乙"),
        "analyst": make_user("ana", ["analyst"], [project_a], name="分析员"),
    }


@pytest.fixture
def clients(people):
    return {k: client_for(u) for k, u in people.items()}


@pytest.fixture
def home(admin, project_a):
    """A house of project A whose owner's ID number is on file."""
    house = make_house(admin, project_a, "8-1-801", area="100")
    owner = make_customer(
        admin, "赵业主", "13700000008", [house], id_type="id_card", id_number=OWNER_ID
    )
    return house, owner


def paid_service(client, house, customer, item="lock_open") -> dict:
    r = client.post("services/paid", {"house": house.pk, "customer": customer.pk, "item": item})
    assert r.status_code == 201, r.content
    return r.json()


def step(client, path: str, body=None, status: int = 200) -> dict:
    r = client.post(path, body or {})
    assert r.status_code == status, r.content
    return r.json()
