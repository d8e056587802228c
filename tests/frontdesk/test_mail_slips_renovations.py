"""Mail distribution (R-SVC-3), renovation (R-SVC-4) and item release slips (R-SVC-5)."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.estates.models import House
from aftersales.frontdesk.demo_data import resident_id
from aftersales.notify.models import Notification
from tests.conftest import make_house
from tests.frontdesk.conftest import step

pytestmark = pytest.mark.django_db

DOT = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


# --- mail ------------------------------------------------------------------------------------


def test_mail_is_real_name_and_signed_for(clients, home, customer_a):
    house, owner = home
    desk = clients["agent"]
    r = desk.post(
        "services/mail",
        {"house": house.pk, "customer": customer_a.pk, "kind": "letter", "title": "信"},
    )
    assert r.status_code == 422 and r.json()["error"] == "not_resident"
    item = step(
        desk,
        "services/mail",
        {
            "house": house.pk,
            "customer": owner.pk,
            "kind": "magazine",
            "title": "杂志",
            "paid": True,
            "fee": "12.00",
        },
        201,
    )
    assert item["fee"] == "12.00" and item["status"] == "received"
    r = desk.post(
        f"services/mail/{item['id']}/deliver", {"receiver_name": "赵业主", "signature": ""}
    )
    assert r.status_code == 422 and r.json()["error"] == "signature_required"
    r = desk.post(
        f"services/mail/{item['id']}/deliver",
        {"receiver_name": "赵业主", "signature": "bm90IGEgcG5n"},
    )
    assert r.status_code == 422
    got = step(
        desk, f"services/mail/{item['id']}/deliver", {"receiver_name": "赵业主", "signature": DOT}
    )
    assert got["status"] == "delivered" and got["signed"] is True
    assert (
        desk.post(
            f"services/mail/{item['id']}/deliver", {"receiver_name": "x", "signature": DOT}
        ).status_code
        == 409
    )


def test_paid_mail_needs_a_fee(clients, home):
    house, owner = home
    r = clients["agent"].post(
        "services/mail",
        {"house": house.pk, "customer": owner.pk, "kind": "book", "title": "书", "paid": True},
    )
    assert r.status_code == 422


# --- renovation ------------------------------------------------------------------------------


def _renovation(client, house, owner, **extra):
    today = dt.date.today()
    body = {
        "house": house.pk,
        "customer": owner.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
        "garbage_fee": "200.00",
        **extra,
    }
    return client.post("services/renovations", body)


def test_structural_change_needs_the_authoritys_approval(clients, home):
    house, owner = home
    r = _renovation(clients["agent"], house, owner, structural_change=True)
    assert r.status_code == 422 and r.json()["error"] == "approval_required"
    assert House.objects.get(pk=house.pk).status != "renovating"
    r = _renovation(
        clients["agent"],
        house,
        owner,
        structural_change=True,
        authority_approval="房管批〔2026〕12号",
    )
    assert r.status_code == 201


def test_renovation_from_registration_to_finish(clients, home, people):
    house, owner = home
    before = House.objects.get(pk=house.pk).status
    r = _renovation(clients["agent"], house, owner).json()
    assert House.objects.get(pk=house.pk).status == "renovating"
    assert r["garbage_fee"] == "200.00" and r["notified"] >= 1
    message = Notification.objects.get(
        template="renovation_registered", recipient=people["liaison"]
    )
    assert message.subject == f"装修登记 {house.label}"
    assert f"装修期 {r['starts_on']} 至 {r['ends_on']}" in message.body
    assert "物业安保" in message.body
    assert _renovation(clients["agent"], house, owner).status_code == 409  # one at a time
    step(clients["agent"], f"services/renovations/{r['id']}/review", {"approved": True})
    workers = [
        {"name": "张师傅", "id_number": resident_id("34012219850612331")},
        {"name": "李师傅", "id_number": resident_id("34012219870923112")},
    ]
    got = step(clients["agent"], f"services/renovations/{r['id']}/permit", {"workers": workers})
    assert got["permit_number"] == "ZX-PA-00001"
    assert [p["number"] for p in got["passes"]] == ["ZX-PA-00001-01", "ZX-PA-00001-02"]
    assert got["passes"][0]["valid_until"] == r["ends_on"]
    assert "*" in got["passes"][0]["id_number"]
    got = step(
        clients["engineer"],
        f"services/renovations/{r['id']}/inspections",
        {"findings": "拆除承重墙迹象，已责令停工", "compliant": False},
    )
    assert got["inspections"][0]["compliant"] is False
    assert step(clients["agent"], f"services/renovations/{r['id']}/finish")["status"] == "finished"
    assert House.objects.get(pk=house.pk).status == (
        before if before != "renovating" else "occupied"
    )


def test_worker_with_invalid_id_is_refused(clients, home):
    house, owner = home
    r = _renovation(clients["agent"], house, owner).json()
    bad = clients["agent"].post(
        f"services/renovations/{r['id']}/permit", {"workers": [{"name": "某", "id_number": "1234"}]}
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_id"


def test_rejected_plan_gets_no_permit(clients, home):
    house, owner = home
    r = _renovation(clients["agent"], house, owner).json()
    step(
        clients["agent"],
        f"services/renovations/{r['id']}/review",
        {"approved": False, "comment": "改动燃气管道"},
    )
    assert (
        clients["agent"].post(f"services/renovations/{r['id']}/permit", {"workers": []}).status_code
        == 409
    )


def test_agent_needs_power_of_attorney_and_id(clients, home):
    house, owner = home
    r = _renovation(
        clients["agent"],
        house,
        owner,
        agent_name="代理人",
        agent_id_number=resident_id("11010519900307251"),
    )
    assert r.status_code == 422 and r.json()["error"] == "attorney_required"
    r = _renovation(
        clients["agent"],
        house,
        owner,
        agent_name="代理人",
        agent_id_number="x",
        power_of_attorney=True,
    )
    assert r.json()["error"] == "invalid_id"


# --- release slips ---------------------------------------------------------------------------


def test_release_slip_is_checked_once(clients, home):
    house, _ = home
    slip = step(
        clients["agent"],
        "services/release-slips",
        {"house": house.pk, "items": ["旧沙发"], "carrier": "搬家公司"},
        201,
    )
    assert len(slip["code"]) == 8
    gate = clients["liaison"]
    first = gate.post(f"services/release-slips/{slip['code']}/check")
    assert first.status_code == 200 and first.json()["status"] == "used"
    second = gate.post(f"services/release-slips/{slip['code']}/check")
    assert second.status_code == 409 and second.json()["error"] == "already_used"
    assert gate.post("services/release-slips/ZZZZ9999/check").status_code == 404


def test_release_slip_of_another_project_is_unknown_at_the_gate(clients, home):
    house, _ = home
    slip = step(
        clients["agent"], "services/release-slips", {"house": house.pk, "items": ["床"]}, 201
    )
    assert (
        clients["agent_b"].post(f"services/release-slips/{slip['code']}/check").status_code == 404
    )


def test_release_slip_needs_a_resident(clients, admin, project_a):
    empty = make_house(admin, project_a, "9-9-909")
    r = clients["agent"].post("services/release-slips", {"house": empty.pk, "items": ["床"]})
    assert r.status_code == 422 and r.json()["error"] == "no_resident"
    house = make_house(admin, project_a, "9-9-910")
    r = clients["agent"].post("services/release-slips", {"house": house.pk, "items": []})
    assert r.status_code == 422
