"""Final accounts, review by amount and settlements to payment (R-CST-2, R-CST-3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db

PAID = {"payment_ref": "PZ-0002"}

LINES = [
    {"item": "防水卷材", "quantity": "12.5", "unit_price": "48.00", "unit": "m²"},
    {"item": "防水施工", "quantity": "2", "unit_price": "300.00", "kind": "labour"},
]  # 600.00 + 600.00


def file(clients, t, lines=LINES, contractor=None, expect=201, who="lead"):
    body = {"lines": lines}
    if contractor is not None:
        body["contractor"] = contractor
    r = clients[who].post(f"tickets/{t['id']}/final-accounts", body)
    assert r.status_code == expect, r.content
    return r.json()


def test_final_account_totals_exactly_and_picks_the_reviewer(clients, repair, contractor):
    t = repair("done")
    acc = file(clients, t, contractor=contractor.pk)
    assert acc["total"] == "1200.00"
    assert acc["reviewer_role"] == "service_manager"
    assert [ln["amount"] for ln in acc["lines"]] == ["600.00", "600.00"]


@pytest.mark.parametrize(
    ("price", "reviewer"),
    [("20000.00", "service_manager"), ("20000.01", "auditor")],
)
def test_review_threshold_edges(clients, repair, contractor, price, reviewer):
    t = repair("done")
    acc = file(
        clients,
        t,
        [{"item": "整体翻修", "quantity": "1", "unit_price": price}],
        contractor=contractor.pk,
    )
    assert acc["reviewer_role"] == reviewer
    wrong = "auditor" if reviewer == "service_manager" else "manager"
    r = clients[wrong].post(f"final-accounts/{acc['id']}/review", {"approved_total": price})
    assert r.status_code == 403
    right = "manager" if reviewer == "service_manager" else "auditor"
    r = clients[right].post(f"final-accounts/{acc['id']}/review", {"approved_total": price})
    assert r.status_code == 200, r.content
    assert r.json()["work_class"] == "A"
    assert r.json()["status"] == "awaiting_confirmation"


def test_account_refused_before_the_work_is_done_and_for_wrong_roles(clients, repair, contractor):
    t = repair("surveyed")
    file(clients, t, contractor=contractor.pk, expect=409)
    t = repair("done")
    file(clients, t, contractor=contractor.pk, expect=403, who="technician")
    # class A needs the responsible contractor
    r = clients["lead"].post(f"tickets/{t['id']}/final-accounts", {"lines": LINES})
    assert r.status_code == 422
    assert "contractor" in r.json()["fields"]


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [{"item": "", "quantity": "1", "unit_price": "1"}],
        [{"item": "x", "quantity": "0", "unit_price": "1"}],
        [{"item": "x", "quantity": "1", "unit_price": "-1"}],
        [{"item": "x", "quantity": "1", "unit_price": "1.001"}],
        [{"item": "x", "quantity": "1", "unit_price": "1", "kind": "bribe"}],
    ],
)
def test_bad_lines_are_422(clients, repair, contractor, lines):
    t = repair("done")
    r = clients["lead"].post(
        f"tickets/{t['id']}/final-accounts", {"lines": lines, "contractor": contractor.pk}
    )
    assert r.status_code == 422, r.content


def test_review_cannot_raise_the_total_or_run_twice(clients, repair, contractor):
    t = repair("done")
    acc = file(clients, t, contractor=contractor.pk)
    r = clients["manager"].post(f"final-accounts/{acc['id']}/review", {"approved_total": "1200.01"})
    assert r.status_code == 422
    r = clients["manager"].post(
        f"final-accounts/{acc['id']}/review", {"approved_total": "1100.00", "comment": "核减"}
    )
    assert r.json()["amount"] == "1100.00"
    assert (
        clients["manager"]
        .post(f"final-accounts/{acc['id']}/review", {"approved_total": "1100.00"})
        .status_code
        == 409
    )


def settle(clients, repair, contractor, work_class="A", total="1200.00"):
    t = repair("done", work_class=work_class)
    acc = file(
        clients,
        t,
        [{"item": "维修", "quantity": "1", "unit_price": total}],
        contractor=contractor.pk if work_class == "A" else None,
    )
    r = clients["manager"].post(f"final-accounts/{acc['id']}/review", {"approved_total": total})
    assert r.status_code == 200, r.content
    return t, r.json()


def ledger(clients, contractor, project):
    r = clients["finance"].get(f"contractors/{contractor.pk}/ledger", {"project": project.pk})
    assert r.status_code == 200, r.content
    return r.json()


def test_class_a_end_to_end_lowers_the_deposit_by_exactly_the_amount(
    clients, repair, contractor, contractor_user, project_a
):
    from tests.tickets.helpers import client_for

    clients["finance"].post(
        f"contractors/{contractor.pk}/deposits", {"project": project_a.pk, "amount": "50000.00"}
    )
    t, s = settle(clients, repair, contractor, "A", "1234.56")
    sid = s["id"]
    # out of order: certify or pay before the contractor confirms
    assert clients["dce"].post(f"settlements/{sid}/certify").status_code == 409
    assert clients["finance"].post(f"settlements/{sid}/pay").status_code == 409
    # wrong roles
    assert clients["finance"].post(f"settlements/{sid}/confirm").status_code == 403
    assert clients["manager"].post(f"settlements/{sid}/certify").status_code == 403
    contractor_api = client_for(contractor_user)
    r = contractor_api.post(f"settlements/{sid}/confirm")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "awaiting_certification"
    assert clients["finance"].post(f"settlements/{sid}/pay").status_code == 409
    assert clients["dce"].post(f"settlements/{sid}/certify").json()["status"] == "certified"
    r = clients["finance"].post(f"settlements/{sid}/pay", {"payment_ref": "PZ-0001"})
    assert r.json()["status"] == "paid"
    book = ledger(clients, contractor, project_a)
    assert book["balance"] == "48765.44"
    assert book["owed"] == "0.00"
    assert Decimal("50000.00") - Decimal(book["balance"]) == Decimal("1234.56")
    last = book["entries"][-1]
    assert (last["kind"], last["amount"], last["settlement"]) == ("deduction", "1234.56", sid)
    assert last["ticket"] == t["number"]
    assert clients["finance2"].post(f"settlements/{sid}/pay", PAID).status_code == 409


def test_class_b_skips_confirmation_and_leaves_the_deposit(clients, repair, contractor, project_a):
    clients["finance"].post(
        f"contractors/{contractor.pk}/deposits", {"project": project_a.pk, "amount": "5000.00"}
    )
    _, s = settle(clients, repair, contractor, "B", "800.00")
    assert s["work_class"] == "B"
    assert s["status"] == "awaiting_certification"
    assert clients["admin"].post(f"settlements/{s['id']}/confirm").status_code == 409
    clients["dce"].post(f"settlements/{s['id']}/certify")
    assert clients["finance"].post(f"settlements/{s['id']}/pay", PAID).json()["status"] == "paid"
    assert ledger(clients, contractor, project_a)["balance"] == "5000.00"


def test_shortfall_is_owed_never_negative(clients, repair, contractor, contractor_user, project_a):
    from tests.tickets.helpers import client_for

    clients["finance"].post(
        f"contractors/{contractor.pk}/deposits", {"project": project_a.pk, "amount": "1000.00"}
    )
    _, s = settle(clients, repair, contractor, "A", "1500.00")
    client_for(contractor_user).post(f"settlements/{s['id']}/confirm")
    clients["dce"].post(f"settlements/{s['id']}/certify")
    clients["finance"].post(f"settlements/{s['id']}/pay", PAID)
    book = ledger(clients, contractor, project_a)
    assert (book["balance"], book["owed"]) == ("0.00", "500.00")
    # a top-up pays off what is owed first
    clients["finance"].post(
        f"contractors/{contractor.pk}/deposits", {"project": project_a.pk, "amount": "2000.00"}
    )
    book = ledger(clients, contractor, project_a)
    assert (book["balance"], book["owed"]) == ("1500.00", "0.00")


def test_contractor_sees_only_its_own_settlements(
    clients, repair, contractor, contractor_user, other_contractor_user
):
    from tests.tickets.helpers import client_for

    _, s = settle(clients, repair, contractor, "A", "300.00")
    other = client_for(other_contractor_user)
    assert other.post(f"settlements/{s['id']}/confirm").status_code == 404
    assert other.get(f"settlements/{s['id']}").status_code == 404
    assert other.get("settlements").json()["count"] == 0
    mine = client_for(contractor_user)
    assert mine.get("settlements").json()["count"] == 1
    assert mine.get(f"contractors/{contractor.pk}").status_code == 200
    assert other.get(f"contractors/{contractor.pk}").status_code == 404
