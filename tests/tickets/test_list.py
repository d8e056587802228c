"""``GET /tickets`` filters (api.md): status, kind, project, house, customer, assignee, number, q."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, ids
from tests.tickets.helpers import client_for, new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(desk, technician, house_new, house_a, customer_a, repair_fields):
    leak = new_ticket(desk, **repair_fields)
    ok(desk, leak["id"], "dispatch", {"assignee": technician.pk})
    other = new_ticket(desk, house=house_a.pk, customer=customer_a.pk, description="客厅插座无电")
    complaint = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    return {"leak": leak, "other": other, "complaint": complaint}


def test_filters(desk, technician, house_new, project_a, customer_a, tickets):
    leak, other, complaint = tickets["leak"], tickets["other"], tickets["complaint"]
    assert ids(desk.get("tickets")) == [complaint["id"], other["id"], leak["id"]]
    assert ids(desk.get("tickets", {"status": "dispatched"})) == [leak["id"]]
    assert ids(desk.get("tickets", {"kind": "complaint"})) == [complaint["id"]]
    assert ids(desk.get("tickets", {"house": house_new.pk})) == [leak["id"]]
    assert ids(desk.get("tickets", {"assignee": technician.pk})) == [leak["id"]]
    assert ids(desk.get("tickets", {"number": other["number"]})) == [other["id"]]
    assert ids(desk.get("tickets", {"q": "插座"})) == [other["id"]]
    assert ids(desk.get("tickets", {"q": "3-2-1201"})) == [other["id"]]
    assert len(ids(desk.get("tickets", {"customer": customer_a.pk}))) == 3
    assert len(ids(desk.get("tickets", {"project": project_a.pk}))) == 3


def test_pagination(desk, tickets):
    page = desk.get("tickets", {"page": 2, "page_size": 2}).json()
    assert page["count"] == 3
    assert [t["id"] for t in page["results"]] == [tickets["leak"]["id"]]
    assert_error(desk.get("tickets", {"page": 0}), 422)


def test_list_is_scoped(agent_b, tickets):
    assert ids(client_for(agent_b).get("tickets")) == []


def test_detail_answers_the_contract_fields(desk, tickets):
    body = desk.get(f"tickets/{tickets['leak']['id']}").json()
    for key in (
        "id",
        "number",
        "kind",
        "status",
        "urgency",
        "severity",
        "house",
        "customer",
        "warranty",
        "work_class",
        "deadlines",
        "paused",
        "reopen_count",
    ):
        assert key in body, key
    assert set(body["deadlines"]["survey"]) >= {"due", "met", "breached"}
