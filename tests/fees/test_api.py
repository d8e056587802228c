"""The fees API (api.md "Resident services and fees"): names, answers and error codes."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from tests.conftest import house

SH = ZoneInfo("Asia/Shanghai")


def test_fee_standard_bill_and_pay(api, admin, cashier, project_a, house_a):
    a = api(admin)
    r = a.put(f"projects/{project_a.pk}/fee-standard", {"price_per_sqm": "2.35"})
    assert r.status_code == 200, r.content
    assert r.json()["price_per_sqm"] == "2.35"
    assert a.get(f"projects/{project_a.pk}/fee-standard").json()["price_per_sqm"] == "2.35"
    r = a.post("fees/bills", {"house": house_a.pk, "period": "2026-09"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["amount"] == "210.33" and body["status"] == "unpaid" and body["id"]
    again = a.post("fees/bills", {"house": house_a.pk, "period": "2026-09"})
    assert again.status_code == 409 and again.json()["error"] == "bill_exists"
    c = api(cashier)
    wrong = c.post(f"fees/bills/{body['id']}/pay", {"amount": "200.00", "method": "cash"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "amount_mismatch"
    paid = c.post(f"fees/bills/{body['id']}/pay", {"amount": "210.33", "method": "alipay"})
    assert paid.status_code == 200, paid.content
    assert paid.json()["status"] == "paid" and paid.json()["receipt_number"] == "PA-SJ-000001"
    twice = c.post(f"fees/bills/{body['id']}/pay", {"amount": "210.33", "method": "cash"})
    assert twice.status_code == 409 and twice.json()["error"] == "already_paid"
    bad = c.post(f"fees/bills/{body['id']}/pay", {"amount": "210.33", "method": "cheque"})
    assert bad.status_code in (409, 422)


def test_house_without_area_is_422(api, admin, priced):
    r = api(admin).post("fees/bills", {"house": house(priced, "5-1-301").pk, "period": "2026-09"})
    assert r.status_code == 422 and r.json()["error"] == "no_area"


def test_lists_filters_and_scope(api, admin, agent_b, priced, house_a, customer_a, owner):
    a = api(admin)
    run = a.post("fees/billing-runs", {"project": priced.pk, "period": "2026-09"})
    assert run.status_code == 200 and run.json()["created"] == 2
    assert run.json()["no_area"] == ["5-1-301"]
    assert (
        a.post("fees/billing-runs", {"project": priced.pk, "period": "2026-09"}).json()["created"]
        == 0
    )
    listed = a.get("fees/bills", {"project": priced.pk, "status": "unpaid"}).json()
    assert listed["count"] == 2
    assert a.get("fees/bills", {"house": house_a.pk}).json()["count"] == 1
    assert a.get("fees/bills", {"customer": customer_a.pk}).json()["count"] == 1
    assert a.get("fees/bills", {"period": "2026-10"}).json()["count"] == 0
    bill_id = listed["results"][0]["id"]
    assert a.get(f"fees/bills/{bill_id}").status_code == 200
    b = api(agent_b)
    assert b.get("fees/bills").json()["count"] == 0
    assert b.get(f"fees/bills/{bill_id}").status_code == 404
    assert b.post(f"fees/bills/{bill_id}/pay", {"amount": "1"}).status_code == 404
    mine = api(owner).get("fees/bills").json()
    assert [r["house"] for r in mine["results"]] == [house_a.pk]


def test_arrears_and_actions(api, admin, cashier, priced, house_a):
    a = api(admin)
    for period in ["2026-09", "2026-10", "2026-11"]:
        assert a.post("fees/bills", {"house": house_a.pk, "period": period}).status_code == 201
    c = api(cashier)
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=SH), tick=False):
        r = c.get("fees/arrears", {"project": priced.pk})
        assert r.status_code == 200
        (row,) = r.json()["results"]
        assert row == {
            "house": house_a.pk,
            "label": "3-2-1201",
            "months_overdue": 3,
            "amount": "630.99",
            "bills": 3,
            "oldest_period": "2026-09",
            "next_step": "demand_letter",
        }
        no_number = c.post("fees/arrears/actions", {"house": house_a.pk, "step": "demand_letter"})
        assert no_number.status_code == 422
        assert "tracking_number" in no_number.json()["fields"]
        done = c.post(
            "fees/arrears/actions",
            {"house": house_a.pk, "step": "demand_letter", "tracking_number": "SF100"},
        )
        assert done.status_code == 201, done.content
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=SH), tick=False):
        early = c.post(
            "fees/arrears/actions",
            {"house": house_a.pk, "step": "demand_letter", "tracking_number": "SF101"},
        )
        assert early.status_code == 409
        assert (
            c.post("fees/arrears/actions", {"house": house_a.pk, "step": "reminder"}).status_code
            == 201
        )
    listed = c.get("fees/arrears/actions", {"house": house_a.pk}).json()
    assert listed["count"] == 2
    action_id = listed["results"][0]["id"]
    assert c.get(f"fees/arrears/actions/{action_id}").json()["house"] == house_a.pk


def test_collections(api, cashier, priced, house_a):
    c = api(cashier)
    when = (dt.datetime.now(SH) + dt.timedelta(days=2)).replace(microsecond=0).isoformat()
    r = c.post("fees/collections", {"house": house_a.pk, "scheduled_at": when, "contact": "张伟"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert c.get("fees/collections").json()["count"] == 1
    done = c.post(f"fees/collections/{pk}/done", {"outcome": "已收现金"})
    assert done.json()["status"] == "done"
    assert c.post(f"fees/collections/{pk}/done", {}).status_code == 409
