"""R-HO-1: batches, half-day slots with a capacity, the message with the documents to bring,
today's arrivals and the document check by case."""

from __future__ import annotations

import pytest
import time_machine

from aftersales.notify.models import Notification
from tests.api.helpers import assert_error, ids
from tests.tickets.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(api, project_a):
    r = api.post(
        "handover/batches",
        {
            "project": project_a.pk,
            "name": "一期交付",
            "starts_on": "2026-12-05",
            "ends_on": "2026-12-13",
            "capacity": 1,
        },
    )
    assert r.status_code == 201, r.content
    return r.json()


def test_book_sends_time_and_documents(api, batch, house, customer):
    r = api.post(
        f"handover/batches/{batch['id']}/appointments",
        {
            "house": house.pk,
            "customer": customer.pk,
            "day": "2026-12-06",
            "half": "am",
            "party": "agent",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "booked"
    assert body["required"] == [
        "id_card",
        "occupancy_notice",
        "purchase_contract",
        "power_of_attorney",
        "agent_id_card",
    ]
    sms = Notification.objects.get(template="handover_appointment")
    assert sms.address == customer.phone
    assert "2026-12-06" in sms.body and "授权委托书" in sms.body and house.label in sms.body


def test_slot_capacity_and_one_booking_per_house(api, batch, project_a, house, customer):
    path = f"handover/batches/{batch['id']}/appointments"
    first = {"house": house.pk, "customer": customer.pk, "day": "2026-12-06", "half": "am"}
    assert api.post(path, first).status_code == 201
    assert_error(api.post(path, first), 409, "already_booked")
    other = project_a.houses.get(label="3-2-1202")
    second = {
        "house": other.pk,
        "customer": other.customers.get().pk,
        "day": "2026-12-06",
        "half": "am",
    }
    assert_error(api.post(path, second), 409, "slot_full")
    assert api.post(path, dict(second, half="pm")).status_code == 201
    assert_error(api.post(path, dict(second, day="2027-01-01")), 422, field="day")


def test_arrivals_and_document_check(api, batch, house, customer):
    path = f"handover/batches/{batch['id']}/appointments"
    appt = api.post(
        path, {"house": house.pk, "customer": customer.pk, "day": "2026-12-07", "half": "pm"}
    ).json()
    with time_machine.travel(at(2026, 12, 7, 14), tick=False):
        today = api.get("handover/arrivals").json()
        assert today["count"] == 1 and [a["id"] for a in today["pm"]] == [appt["id"]]
        checked = api.post(
            f"handover/appointments/{appt['id']}/documents",
            {"documents": ["id_card"], "party": "company"},
        ).json()
    assert checked["status"] == "arrived"
    assert checked["missing"] == ["occupancy_notice", "purchase_contract", "company_certificate"]
    assert ids(api.get("handover/appointments", {"day": "2026-12-07"})) == [appt["id"]]
    assert ids(api.get("handover/appointments", {"day": "2026-12-08"})) == []


def test_batch_dates_and_list(api, project_a):
    bad = {"project": project_a.pk, "name": "x", "starts_on": "2026-12-10", "ends_on": "2026-12-01"}
    assert_error(api.post("handover/batches", bad), 422, field="ends_on")
    assert ids(api.get("handover/batches", {"project": project_a.pk})) == []


def test_cancel_then_arrive_is_409(api, batch, house, customer):
    appt = api.post(
        f"handover/batches/{batch['id']}/appointments",
        {"house": house.pk, "customer": customer.pk, "day": "2026-12-08", "half": "am"},
    ).json()
    assert api.post(f"handover/appointments/{appt['id']}/cancel").json()["status"] == "cancelled"
    assert_error(api.post(f"handover/appointments/{appt['id']}/arrive", {}), 409, "not_booked")
