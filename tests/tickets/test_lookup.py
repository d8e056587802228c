"""Screen-pop (R-TKT-5): ``GET /customers/lookup?phone=`` shows the caller's open tickets."""

from __future__ import annotations

import pytest

from tests.api.helpers import assert_error
from tests.tickets.helpers import client_for, new_ticket, ok

pytestmark = pytest.mark.django_db


def test_lookup_lists_open_tickets_only(desk, boss, customer_a, repair_fields):
    open_one = new_ticket(desk, **repair_fields)
    complaint = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    closed = new_ticket(desk, **repair_fields)
    ok(boss, closed["id"], "close", {"reason": "重复"})
    response = desk.get("customers/lookup", {"phone": "138 0000 0001"})
    assert response.status_code == 200, response.content
    customers = response.json()["customers"]
    assert [c["id"] for c in customers] == [customer_a.pk]
    found = customers[0]
    assert found["name"] == "张伟"
    assert found["houses"]
    listed = {t["id"]: t for t in found["open_tickets"]}
    assert set(listed) == {open_one["id"], complaint["id"]}
    assert listed[open_one["id"]]["number"] == open_one["number"]
    assert listed[complaint["id"]]["kind"] == "complaint"


def test_lookup_by_phone_finds_tickets_registered_by_phone(desk, customer_a):
    ticket = new_ticket(desk, phone="13800000001")
    customers = desk.get("customers/lookup", {"phone": "13800000001"}).json()["customers"]
    assert [t["id"] for t in customers[0]["open_tickets"]] == [ticket["id"]]


def test_lookup_stays_in_the_callers_scope(agent_b, desk, customer_a, repair_fields):
    new_ticket(desk, **repair_fields)
    other = client_for(agent_b).get("customers/lookup", {"phone": "13800000001"})
    assert other.status_code == 200
    assert other.json()["customers"] == []


def test_lookup_of_an_unknown_phone_is_empty(desk):
    response = desk.get("customers/lookup", {"phone": "13700000000"})
    assert response.status_code == 200
    assert response.json()["customers"] == []


def test_lookup_of_a_malformed_phone_is_refused(desk):
    assert_error(desk.get("customers/lookup", {"phone": "12"}), 422, field="phone")
