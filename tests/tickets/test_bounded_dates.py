"""Every date and time from outside is bounded (issue 16, defect 1): a moment that would fall
outside years 1–9999 after time-zone conversion, or far outside the field's sensible window, is a
422 naming the field, and nothing is stored, so one request can never make a screen unreadable."""

from __future__ import annotations

import pytest
import time_machine

from aftersales.tickets.models import Ticket, TicketEvent
from tests.api.helpers import assert_error
from tests.tickets.helpers import act, at, client_for, new_ticket, ok

pytestmark = pytest.mark.django_db


def _intake(customer, **extra) -> dict:
    body = {"kind": "repair", "channel": "hotline", "description": "卫生间顶棚渗水"}
    body["customer"] = customer.pk
    body.update(extra)
    return body


def test_expected_at_year_one_is_refused_and_the_list_still_reads(agent_a, customer_a):
    desk = client_for(agent_a)
    response = desk.post("tickets", _intake(customer_a, expected_at="0001-01-01T00:00:00+14:00"))
    assert_error(response, 422, field="expected_at")
    assert not Ticket.objects.exists()
    assert desk.get("tickets").status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "1700000000",
        "0001-01-01T00:00:00+08:00",
        "1900-01-01T00:00:00+08:00",
        0,
        1700000000,
        "1999-12-31T23:59:59+08:00",
    ],
)
def test_occurred_at_outside_its_window_is_refused(agent_a, customer_a, value):
    desk = client_for(agent_a)
    response = desk.post("tickets", _intake(customer_a, occurred_at=value))
    assert_error(response, 422, field="occurred_at")
    assert not Ticket.objects.exists()


def test_expected_at_far_in_the_future_is_refused(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 22, 10), tick=False):
        desk = client_for(agent_a)
        later = desk.post("tickets", _intake(customer_a, expected_at="2028-01-01T10:00:00+08:00"))
        assert_error(later, 422, field="expected_at")
        ok_ = new_ticket(desk, customer=customer_a.pk, expected_at="2026-11-23T10:00:00+08:00")
        assert ok_["id"]


def test_extension_to_year_ten_thousand_is_refused_and_nothing_committed(
    agent_a, technician, house_new, customer_a
):
    desk = client_for(agent_a)
    ticket = new_ticket(
        desk, house=house_new.pk, customer=customer_a.pk, category="civil", component="leakage"
    )
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    events_before = TicketEvent.objects.count()
    response = act(
        desk,
        ticket["id"],
        "extend",
        {
            "deadline": "survey",
            "due": "9999-12-31T23:59:59-12:00",
            "reason": "材料未到",
            "customer_consent": True,
        },
        expect=None,
    )
    assert_error(response, 422, field="due")
    assert TicketEvent.objects.count() == events_before
    assert desk.get(f"tickets/{ticket['id']}").status_code == 200
    assert desk.get("tickets").status_code == 200


def test_the_windows_are_in_the_schema(api, admin):
    schema = api(admin).get("openapi.json").json()
    text = str(schema)
    assert "2000-01-01" in text  # occurred_at: not before 2000
