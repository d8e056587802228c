"""Paid services (R-SVC-1): price list, quote before the work, inspection, payment with a
receipt number only for the quoted amount, disputes to the department head, remittance."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from aftersales.core.models import AuditEntry
from aftersales.frontdesk.models import PaidService
from aftersales.notify.models import Notification
from tests.frontdesk.conftest import paid_service, step

pytestmark = pytest.mark.django_db


def test_fixed_price_starts_quoted_and_on_site_starts_requested(clients, home):
    house, owner = home
    fixed = paid_service(clients["agent"], house, owner, "lock_open")
    assert fixed["status"] == "quoted" and fixed["amount"] == "80.00"
    assert re.match(r"YF-\d{8}-\d{4}$", fixed["number"])
    onsite = paid_service(clients["agent"], house, owner, "appliance_install")
    assert onsite["status"] == "requested" and onsite["amount"] is None


def test_full_flow_from_request_to_receipt(clients, home):
    house, owner = home
    desk = clients["agent"]
    s = paid_service(desk, house, owner, "appliance_install")
    sid = s["id"]
    assert step(desk, f"services/paid/{sid}/quote", {"amount": "260.00"})["status"] == "quoted"
    assert step(desk, f"services/paid/{sid}/accept")["status"] == "accepted"
    got = step(desk, f"services/paid/{sid}/inspect", {"note": "施工规范"})
    assert got["inspections"][0]["note"] == "施工规范"
    assert step(desk, f"services/paid/{sid}/complete", {"note": "已装好"})["status"] == "completed"
    paid = step(
        clients["finance"], f"services/paid/{sid}/pay", {"amount": "260.00", "method": "alipay"}
    )
    assert paid["status"] == "paid" and paid["method"] == "alipay"
    assert paid["receipt_number"] == "PA-SJ-000001"
    actions = set(
        AuditEntry.objects.filter(model="frontdesk.PaidService", object_id=str(sid)).values_list(
            "action", flat=True
        )
    )
    assert {"create", "quote", "accept", "inspect", "complete", "pay"} <= actions


def _completed(clients, house, owner, item="lock_open") -> int:
    desk = clients["agent"]
    sid = paid_service(desk, house, owner, item)["id"]
    step(desk, f"services/paid/{sid}/accept")
    step(desk, f"services/paid/{sid}/complete")
    return sid


def test_payment_that_differs_from_the_quote_is_refused(clients, home):
    house, owner = home
    sid = _completed(clients, house, owner)
    r = clients["agent"].post(f"services/paid/{sid}/pay", {"amount": "70.00"})
    assert r.status_code == 422 and r.json()["error"] == "amount_mismatch"
    assert PaidService.objects.get(pk=sid).receipt_number == ""


def test_payment_only_after_completion(clients, home):
    house, owner = home
    sid = paid_service(clients["agent"], house, owner)["id"]
    r = clients["agent"].post(f"services/paid/{sid}/pay", {"amount": "80.00"})
    assert r.status_code == 409
    step(clients["agent"], f"services/paid/{sid}/accept")
    assert clients["agent"].post(f"services/paid/{sid}/pay", {"amount": "80.00"}).status_code == 409


def test_paying_twice_is_refused_and_keeps_one_receipt(clients, home):
    house, owner = home
    sid = _completed(clients, house, owner)
    step(clients["agent"], f"services/paid/{sid}/pay", {"amount": "80.00"})
    r = clients["agent"].post(f"services/paid/{sid}/pay", {"amount": "80.00"})
    assert r.status_code == 409
    assert PaidService.objects.get(pk=sid).receipt_number == "PA-SJ-000001"


def test_unknown_payment_method_is_422(clients, home):
    house, owner = home
    sid = _completed(clients, house, owner)
    r = clients["agent"].post(f"services/paid/{sid}/pay", {"amount": "80.00", "method": "bitcoin"})
    assert r.status_code == 422 and "method" in r.json()["fields"]


def test_receipt_numbers_are_one_gap_free_sequence_per_project(
    clients, home, people, house_b, customer_b
):
    house, owner = home
    numbers = []
    for _ in range(3):
        sid = _completed(clients, house, owner)
        numbers.append(
            step(clients["agent"], f"services/paid/{sid}/pay", {"amount": "80.00"})[
                "receipt_number"
            ]
        )
    assert numbers == ["PA-SJ-000001", "PA-SJ-000002", "PA-SJ-000003"]
    other = clients["agent_b"]
    sid = paid_service(other, house_b, customer_b)["id"]
    step(other, f"services/paid/{sid}/accept")
    step(other, f"services/paid/{sid}/complete")
    assert (
        step(other, f"services/paid/{sid}/pay", {"amount": "80.00"})["receipt_number"]
        == "PB-SJ-000001"
    )


def test_dispute_goes_to_the_department_head(clients, home, people):
    house, owner = home
    sid = paid_service(clients["agent"], house, owner)["id"]
    got = step(clients["agent"], f"services/paid/{sid}/dispute", {"reason": "价格太高"})
    assert got["status"] == "disputed" and got["dispute_reason"] == "价格太高"
    told = Notification.objects.filter(template="paid_service_disputed")
    assert people["supervisor"].pk in set(told.values_list("recipient_id", flat=True))
    message = told.get(recipient=people["supervisor"])
    assert message.subject == f"有偿服务价格异议 {got['number']}"
    assert "业主提出异议：价格太高" in message.body and "80.00 元" in message.body
    assert "=" not in message.body  # the registered template, not the generic fallback
    # a new quote settles it
    assert (
        step(clients["supervisor"], f"services/paid/{sid}/quote", {"amount": "60.00"})["status"]
        == "quoted"
    )


def test_dispute_only_from_quoted_or_accepted(clients, home):
    house, owner = home
    sid = paid_service(clients["agent"], house, owner, "appliance_install")["id"]
    r = clients["agent"].post(f"services/paid/{sid}/dispute", {"reason": "x"})
    assert r.status_code == 409
    sid = _completed(clients, house, owner)
    assert clients["agent"].post(f"services/paid/{sid}/dispute", {"reason": "x"}).status_code == 409


def test_customer_must_live_in_the_house(clients, home, customer_a):
    house, _ = home
    r = clients["agent"].post(
        "services/paid", {"house": house.pk, "customer": customer_a.pk, "item": "lock_open"}
    )
    assert r.status_code == 422 and r.json()["error"] == "not_resident"


def test_unknown_item_is_422(clients, home):
    house, owner = home
    r = clients["agent"].post(
        "services/paid", {"house": house.pk, "customer": owner.pk, "item": "nope"}
    )
    assert r.status_code == 422


def test_owner_books_for_his_own_house_only(api, owner, house_a, customer_a, home):
    client = api(owner)
    mine = client.post(
        "services/paid", {"house": house_a.pk, "customer": customer_a.pk, "item": "pipe_clear"}
    )
    assert mine.status_code == 201
    other_house, other_owner = home
    r = client.post(
        "services/paid", {"house": other_house.pk, "customer": other_owner.pk, "item": "pipe_clear"}
    )
    assert r.status_code == 404  # api.md, owner self-service: a house not his is 404
    listed = client.get("services/paid").json()
    assert [x["id"] for x in listed["results"]] == [mine.json()["id"]]


def test_remittance_list_is_confirmed_by_finance(clients, home, project_a):
    house, owner = home
    for _ in range(2):
        sid = _completed(clients, house, owner)
        step(clients["agent"], f"services/paid/{sid}/pay", {"amount": "80.00"})
    today = timezone.localdate().isoformat()
    r = step(clients["agent"], "services/remittances", {"project": project_a.pk, "day": today}, 201)
    assert r["total"] == "160.00" and r["count"] == 2 and r["status"] == "submitted"
    again = clients["agent"].post("services/remittances", {"project": project_a.pk, "day": today})
    assert again.status_code == 409 and again.json()["error"] == "nothing_to_remit"
    assert clients["agent"].post(f"services/remittances/{r['id']}/confirm").status_code == 403
    assert (
        step(clients["finance"], f"services/remittances/{r['id']}/confirm")["status"] == "confirmed"
    )
    assert clients["finance"].post(f"services/remittances/{r['id']}/confirm").status_code == 409


def test_lists_filter_and_scope(clients, home, house_b, customer_b):
    house, owner = home
    paid_service(clients["agent"], house, owner)
    b = paid_service(clients["agent_b"], house_b, customer_b)
    assert clients["agent"].get("services/paid").json()["count"] == 1
    assert clients["agent"].get(f"services/paid/{b['id']}").status_code == 404
    assert clients["agent"].get("services/paid", {"status": "paid"}).json()["count"] == 0
    assert clients["agent"].get("services/paid", {"house": house.pk}).json()["count"] == 1


def test_analyst_may_read_but_not_act(clients, home):
    house, owner = home
    sid = paid_service(clients["agent"], house, owner)["id"]
    assert clients["analyst"].get(f"services/paid/{sid}").status_code == 200
    assert clients["analyst"].post(f"services/paid/{sid}/accept").status_code == 403


def test_price_items(clients):
    r = clients["supervisor"].post(
        "services/price-items", {"code": "window_clean", "name": "擦玻璃", "price": "50"}
    )
    assert r.status_code == 201 and r.json()["price"] == "50.00"
    assert (
        clients["supervisor"]
        .post("services/price-items", {"code": "window_clean", "name": "x"})
        .status_code
        == 409
    )
    assert (
        clients["agent"].post("services/price-items", {"code": "y", "name": "y"}).status_code == 403
    )
    codes = {
        i["code"]
        for i in clients["agent"].get("services/price-items", {"page_size": 200}).json()["results"]
    }
    assert {"lock_open", "window_clean"} <= codes
