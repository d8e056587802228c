"""Spending approval before work (R-CST-1): the chain follows the amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.costs.services.approvals import chain_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "roles"),
    [
        ("0.01", ["service_manager"]),
        ("1000.00", ["service_manager"]),
        ("1000.01", ["deputy_chief_engineer", "deputy_gm"]),
        ("10000.00", ["deputy_chief_engineer", "deputy_gm"]),
        ("10000.01", ["gm"]),
        ("20000.00", ["gm"]),
        ("20000.01", ["gm"]),
    ],
)
def test_threshold_table_at_its_edges(clients, repair, amount, roles):
    assert [r for r, _ in chain_for(Decimal(amount))] == roles
    t = repair("surveyed")
    r = clients["lead"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": amount, "purpose": "防水卷材"}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["amount"] == amount
    assert body["status"] == "pending"
    assert [s["role"] for s in body["steps"]] == roles
    assert [s["status"] for s in body["steps"]] == ["pending"] + ["waiting"] * (len(roles) - 1)


def test_thresholds_are_settings(settings, clients, repair):
    settings.COST_APPROVAL_THRESHOLDS = ("500.00", "5000.00")
    t = repair("surveyed")
    r = clients["lead"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": "600.00", "purpose": "材料"}
    )
    assert [s["role"] for s in r.json()["steps"]] == ["deputy_chief_engineer", "deputy_gm"]


def _request(clients, t, amount):
    r = clients["lead"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": amount, "purpose": "更换管件"}
    )
    assert r.status_code == 201, r.content
    return r.json()


def test_two_step_chain_in_order(clients, repair):
    t = repair("surveyed")
    req = _request(clients, t, "5000.00")
    # the deputy GM may not approve before the deputy chief engineer reviewed: 409
    r = clients["dgm"].post(f"spending-requests/{req['id']}/approve", {"comment": "同意"})
    assert r.status_code == 409
    assert r.json()["error"] == "out_of_order"
    # a role outside the chain: 403
    for who in ("manager", "gm", "finance", "technician"):
        assert clients[who].post(f"spending-requests/{req['id']}/approve").status_code == 403
    r = clients["dce"].post(f"spending-requests/{req['id']}/approve", {"comment": "审核通过"})
    assert r.status_code == 200, r.content
    assert [s["status"] for s in r.json()["steps"]] == ["approved", "pending"]
    assert r.json()["status"] == "pending"
    # the reviewer cannot act twice
    assert clients["dce"].post(f"spending-requests/{req['id']}/approve").status_code == 409
    r = clients["dgm"].post(f"spending-requests/{req['id']}/approve", {"comment": "同意"})
    assert r.json()["status"] == "approved"
    assert r.json()["steps"][1]["decided_by"] == "副总经理"
    # decided: no more decisions
    assert (
        clients["dgm"].post(f"spending-requests/{req['id']}/reject", {"comment": "x"}).status_code
        == 409
    )


def test_reject_needs_a_comment_and_ends_the_chain(clients, repair):
    t = repair("surveyed")
    req = _request(clients, t, "5000.00")
    r = clients["dce"].post(f"spending-requests/{req['id']}/reject", {"comment": ""})
    assert r.status_code == 422
    r = clients["dce"].post(f"spending-requests/{req['id']}/reject", {"comment": "单价偏高"})
    assert r.json()["status"] == "rejected"
    assert [s["status"] for s in r.json()["steps"]] == ["rejected", "cancelled"]


def test_work_cannot_start_before_approval(clients, repair):
    t = repair("surveyed")
    req = _request(clients, t, "800.00")
    r = clients["technician"].post(f"tickets/{t['id']}/start")
    assert r.status_code == 409
    assert r.json()["error"] == "spending_not_approved"
    clients["manager"].post(f"spending-requests/{req['id']}/reject", {"comment": "重新报价"})
    assert clients["technician"].post(f"tickets/{t['id']}/start").status_code == 409
    req2 = _request(clients, t, "700.00")
    clients["manager"].post(f"spending-requests/{req2['id']}/approve")
    assert clients["technician"].post(f"tickets/{t['id']}/start").status_code == 200


def test_required_from_setting_needs_an_approved_request(settings, clients, repair):
    settings.SPENDING_REQUIRED_FROM = "200.00"
    t = repair("surveyed", estimate="300.00")
    r = clients["technician"].post(f"tickets/{t['id']}/start")
    assert r.status_code == 409


@pytest.mark.parametrize(
    ("amount", "field"),
    [("-1", "amount"), ("0", "amount"), ("abc", "amount"), ("12.345", "amount"), ("", "amount")],
)
def test_invalid_amounts(clients, repair, amount, field):
    t = repair("surveyed")
    r = clients["lead"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": amount, "purpose": "x"}
    )
    assert r.status_code == 422, r.content
    assert field in r.json()["fields"]


def test_float_amounts_are_read_exactly(clients, repair):
    t = repair("surveyed")
    r = clients["lead"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": 1000.01, "purpose": "x"}
    )
    assert r.status_code == 201, r.content
    assert r.json()["amount"] == "1000.01"
    assert r.json()["steps"][0]["role"] == "deputy_chief_engineer"


def test_request_refused_in_wrong_state_role_and_scope(clients, repair, agent_b, people):
    t = repair("dispatched")
    assert _request(clients, t, "100.00")["status"] == "pending"
    # an agent may not ask for money
    r = clients["agent"].post(
        f"tickets/{t['id']}/spending-requests", {"amount": "100.00", "purpose": "x"}
    )
    assert r.status_code == 403
    # a project-B team lead does not see a project-A ticket
    from tests.conftest import make_user
    from tests.tickets.helpers import client_for

    lead_b = make_user("lead_b", ["team_lead"], [agent_b.projects.first()])
    r = client_for(lead_b).post(
        f"tickets/{t['id']}/spending-requests", {"amount": "100.00", "purpose": "x"}
    )
    assert r.status_code == 404


def test_approvals_inbox_lists_what_waits_for_me(clients, repair):
    t = repair("surveyed")
    small = _request(clients, t, "300.00")
    big = _request(clients, t, "3000.00")
    mine = clients["dce"].get("spending-requests", {"awaiting_me": "true"}).json()
    assert [r["id"] for r in mine["results"]] == [big["id"]]
    mine = clients["manager"].get("spending-requests", {"awaiting_me": "true"}).json()
    assert [r["id"] for r in mine["results"]] == [small["id"]]
    events = clients["agent"].get(f"tickets/{t['id']}/events").json()
    assert "spending_request" in [e["action"] for e in events]
