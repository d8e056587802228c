"""Intake (R-TKT-1..8, R-WAR-2; api.md ``POST /tickets``): numbers, lookups, checks, warnings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from aftersales.core.models import Counter
from aftersales.tickets import services
from aftersales.tickets.choices import Channel, Kind
from aftersales.tickets.models import DeadlinePolicy, Ticket
from tests.api.helpers import assert_error
from tests.conftest import make_house, make_user
from tests.tickets.helpers import at, client_for, events, iso, new_ticket

pytestmark = pytest.mark.django_db

PREFIX = {"repair": "BX", "complaint": "TS", "inquiry": "ZX", "suggestion": "JY", "praise": "BY"}


@pytest.mark.parametrize("kind", Kind.values)
def test_every_kind_registers_with_its_prefix(kind, agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 22, 10), tick=False):
        ticket = new_ticket(client_for(agent_a), kind=kind, customer=customer_a.pk)
    assert ticket["number"] == f"{PREFIX[kind]}-20261122-0001"
    assert ticket["kind"] == kind
    assert ticket["status"] == "registered"
    assert ticket["customer"] == customer_a.pk
    assert ticket["reopen_count"] == 0
    assert ticket["paused"] is False
    if kind == "complaint":
        assert ticket["severity"] == "minor"  # a complaint without a level is minor
        assert set(ticket["deadlines"]) == {"reply", "resolution"}
    elif kind == "repair":
        assert ticket["severity"] is None
        assert ticket["deadlines"] == {}  # the survey clock starts at dispatch
    else:
        assert set(ticket["deadlines"]) == {"reply"}


def test_every_channel_lands_in_one_queue(desk, customer_a):
    numbers = []
    for channel in Channel.values:
        ticket = new_ticket(desk, channel=channel, customer=customer_a.pk)
        assert ticket["channel"] == channel
        numbers.append(ticket["number"])
    assert len(set(numbers)) == len(Channel.values)
    listed = desk.get("tickets", {"page_size": 50}).json()
    assert listed["count"] == len(Channel.values)


def test_numbers_are_consecutive_per_kind_and_day(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 22, 9), tick=False) as clock:
        client = client_for(agent_a)
        repairs = [new_ticket(client, customer=customer_a.pk)["number"] for _ in range(3)]
        complaint = new_ticket(client, kind="complaint", customer=customer_a.pk)["number"]
        repairs.append(new_ticket(client, customer=customer_a.pk)["number"])
        clock.move_to(at(2026, 11, 23, 9))
        next_day = new_ticket(client, customer=customer_a.pk)["number"]
    assert repairs == [f"BX-20261122-000{i}" for i in (1, 2, 3, 4)]
    assert complaint == "TS-20261122-0001"
    assert next_day == "BX-20261123-0001"


def test_the_number_day_is_the_local_day(agent_a, customer_a):
    # 2026-11-22 23:30 in Shanghai is 15:30 UTC; 00:30 on the 23rd is still the 22nd in UTC.
    with time_machine.travel(at(2026, 11, 22, 23, 30), tick=False) as clock:
        client = client_for(agent_a)
        late = new_ticket(client, customer=customer_a.pk)["number"]
        clock.move_to(at(2026, 11, 23, 0, 30))
        early = new_ticket(client, customer=customer_a.pk)["number"]
    assert late == "BX-20261122-0001"
    assert early == "BX-20261123-0001"


def test_failed_intake_does_not_consume_a_number(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 22, 9), tick=False):
        client = client_for(agent_a)
        first = new_ticket(client, customer=customer_a.pk)["number"]
        bad = client.post(
            "tickets", {"kind": "repair", "channel": "hotline", "description": "x", "phone": "123"}
        )
        assert_error(bad, 422, field="phone")
        bad = client.post(
            "tickets",
            {"kind": "repair", "channel": "hotline", "description": "x", "customer": 999999},
        )
        assert_error(bad, (404, 422), field="customer")
        second = new_ticket(client, customer=customer_a.pk)["number"]
    assert (first, second) == ("BX-20261122-0001", "BX-20261122-0002")


def test_failure_after_the_number_is_drawn_gives_it_back(agent_a, customer_a):
    """The inquiry's reply clock needs a policy; without one the whole intake rolls back."""
    with time_machine.travel(at(2026, 11, 22, 9), tick=False):
        client = client_for(agent_a)
        assert new_ticket(client, kind="inquiry", customer=customer_a.pk)["number"] == (
            "ZX-20261122-0001"
        )
        DeadlinePolicy.objects.filter(kind="inquiry", name="reply").delete()
        response = client.post(
            "tickets",
            {
                "kind": "inquiry",
                "channel": "hotline",
                "description": "物业费",
                "phone": "13800000001",
            },
        )
        assert_error(response, 422, code="no_deadline_policy")
        assert Counter.objects.get(name="ticket:ZX:20261122").value == 1
        assert Ticket.objects.filter(kind="inquiry").count() == 1


def test_customer_is_found_by_phone(desk, customer_a):
    for phone in ("13800000001", "138-0000-0001", "+86 138 0000 0001"):
        ticket = new_ticket(desk, phone=phone)
        assert ticket["customer"] == customer_a.pk
        assert ticket["phone"] == "13800000001"
        assert ticket["project"] == customer_a.houses.get().project_id


def test_unknown_phone_is_kept_without_a_customer(desk):
    """api.md: **customer** or **phone**; a caller not yet in the archive is still served.

    The registrar must get the ticket back (201), not a 404 for a ticket that was created.
    """
    ticket = new_ticket(desk, phone="13711112222")
    assert ticket["customer"] is None
    assert ticket["phone"] == "13711112222"
    assert desk.get(f"tickets/{ticket['id']}").status_code == 200


def test_phone_of_a_customer_out_of_scope_does_not_reveal_him(desk, customer_b):
    ticket = new_ticket(desk, phone=customer_b.phone)
    assert ticket["customer"] is None


def test_customer_or_phone_is_required(desk):
    response = desk.post("tickets", {"kind": "repair", "channel": "hotline", "description": "x"})
    assert_error(response, 422, field="phone")


def test_house_out_of_scope_is_a_field_error(desk, house_b, customer_a):
    response = desk.post(
        "tickets",
        {
            "kind": "repair",
            "channel": "hotline",
            "description": "漏水",
            "customer": customer_a.pk,
            "house": house_b.pk,
        },
    )
    assert_error(response, (404, 422), field="house")
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", "grumble"),
        ("channel", "pigeon"),
        ("category", "plumbing"),
        ("component", "chimney"),
        ("urgency", "asap"),
        ("severity", "apocalyptic"),
    ],
)
def test_unknown_codes_are_refused(desk, customer_a, field, value):
    body = {"kind": "repair", "channel": "hotline", "description": "x", "customer": customer_a.pk}
    body[field] = value
    response = desk.post("tickets", body)
    assert_error(response, 422, field=field)
    assert not Ticket.objects.exists()


def test_missing_description_is_refused(desk, customer_a):
    response = desk.post(
        "tickets", {"kind": "repair", "channel": "hotline", "customer": customer_a.pk}
    )
    assert_error(response, 422, field="description")
    blank = desk.post(
        "tickets",
        {"kind": "repair", "channel": "hotline", "description": "  ", "customer": customer_a.pk},
    )
    assert_error(blank, 422, field="description")


def test_roles_without_intake_cannot_register(api, technician, customer_a):
    response = client_for(technician).post(
        "tickets",
        {"kind": "repair", "channel": "hotline", "description": "x", "phone": "13800000001"},
    )
    assert_error(response, 403)
    anonymous = api().post(
        "tickets",
        {"kind": "repair", "channel": "hotline", "description": "x", "phone": "13800000001"},
    )
    assert_error(anonymous, 401)
    assert not Ticket.objects.exists()


# --- warranty judgement at intake (R-WAR-2) --------------------------------------------------


def test_leak_in_a_house_delivered_2024_is_in_warranty(desk, house_new, customer_a):
    ticket = new_ticket(
        desk, house=house_new.pk, customer=customer_a.pk, category="civil", component="leakage"
    )
    assert ticket["warranty"] == {
        "in_warranty": True,
        "component": "leakage",
        "expires_on": "2029-06-29",
    }


def test_plumbing_of_a_house_delivered_2021_is_out_of_warranty(desk, house_a, customer_a):
    ticket = new_ticket(
        desk,
        house=house_a.pk,
        customer=customer_a.pk,
        category="water_electric",
        component="plumbing",
    )
    assert ticket["warranty"] == {
        "in_warranty": False,
        "component": "plumbing",
        "expires_on": "2023-06-29",
    }


def test_without_a_component_there_is_no_judgement(desk, house_a, customer_a):
    ticket = new_ticket(desk, house=house_a.pk, customer=customer_a.pk, category="civil")
    assert ticket["warranty"] is None


def test_phenomenon_brings_its_component(desk, house_new, customer_a):
    from aftersales.tickets.models import Phenomenon

    leak = Phenomenon.objects.get(category="civil", name="卫生间渗漏")
    ticket = new_ticket(desk, house=house_new.pk, customer=customer_a.pk, phenomenon=leak.pk)
    assert (ticket["category"], ticket["component"]) == ("civil", "leakage")
    assert ticket["warranty"]["in_warranty"] is True


def test_warranty_is_judged_on_the_local_date(admin, agent_a, project_a, customer_a):
    """Plumbing of a house delivered 2024-11-23 is covered up to 2026-11-22 inclusive.

    At 00:30 on 2026-11-23 in Shanghai (16:30 on the 22nd in UTC) it has expired.
    """
    house = make_house(admin, project_a, "7-1-101", delivered_on=dt.date(2024, 11, 23))
    with time_machine.travel(at(2026, 11, 23, 0, 30), tick=False):
        ticket = new_ticket(
            client_for(agent_a),
            house=house.pk,
            customer=customer_a.pk,
            category="water_electric",
            component="plumbing",
        )
    assert ticket["warranty"]["expires_on"] == "2026-11-22"
    assert ticket["warranty"]["in_warranty"] is False


def test_back_entered_report_is_judged_on_the_day_it_happened(desk, admin, project_a, customer_a):
    house = make_house(admin, project_a, "7-1-102", delivered_on=dt.date(2024, 11, 23))
    ticket = new_ticket(
        desk,
        house=house.pk,
        customer=customer_a.pk,
        category="water_electric",
        component="plumbing",
        occurred_at="2026-11-22T20:00:00+08:00",
    )
    assert ticket["warranty"]["in_warranty"] is True
    assert ticket["occurred_at"] == "2026-11-22T20:00:00+08:00"


# --- warnings and escalations -----------------------------------------------------------------


def test_second_report_for_the_same_house_and_category_lists_the_open_one(
    desk, house_new, customer_a
):
    fields = {"house": house_new.pk, "customer": customer_a.pk, "category": "civil"}
    first = new_ticket(desk, **fields)
    assert first["duplicates"] == []
    second = new_ticket(desk, **fields)
    assert second["duplicates"] == [first["number"]]
    other_category = new_ticket(desk, **{**fields, "category": "hvac"})
    assert other_category["duplicates"] == []
    register = [e for e in events(desk, second["id"]) if e["action"] == "register"]
    assert register[0]["data"]["duplicates"] == [first["number"]]


def test_closed_tickets_are_not_duplicates(desk, boss, house_new, customer_a):
    fields = {"house": house_new.pk, "customer": customer_a.pk, "category": "civil"}
    first = new_ticket(desk, **fields)
    response = boss.post(f"tickets/{first['id']}/close", {"reason": "业主撤回"})
    assert response.status_code == 200, response.content
    assert new_ticket(desk, **fields)["duplicates"] == []


def test_emergency_starts_the_emergency_path(desk, project_a, house_new, customer_a):
    from aftersales.notify.models import Notification

    supervisor = make_user("supervisor_a", ["supervisor"], [project_a], name="客服主管")
    ticket = new_ticket(
        desk, house=house_new.pk, customer=customer_a.pk, urgency="emergency", category="civil"
    )
    assert ticket["urgency"] == "emergency"
    trail = events(desk, ticket["id"])
    assert [e["action"] for e in trail] == ["register", "emergency"]
    assert trail[1]["data"]["told"] == 1
    assert Notification.objects.filter(recipient=supervisor, ticket_id=ticket["id"]).exists()


def test_normal_urgency_is_the_default(desk, customer_a):
    ticket = new_ticket(desk, customer=customer_a.pk)
    assert ticket["urgency"] == "normal"
    assert [e["action"] for e in events(desk, ticket["id"])] == ["register"]


def test_major_complaint_is_escalated(desk, customer_a):
    gm = make_user("gm", ["gm"], name="总经理")
    ticket = new_ticket(desk, kind="complaint", severity="major", customer=customer_a.pk)
    assert ticket["severity"] == "major"
    trail = events(desk, ticket["id"])
    escalations = [e for e in trail if e["action"] == "escalate"]
    assert len(escalations) == 1
    assert {"gm", "deputy_gm"} <= set(escalations[0]["data"]["to"])
    assert escalations[0]["data"]["told"] == 1
    assert gm.notifications.filter(ticket_id=ticket["id"]).exists()


def test_minor_complaint_is_not_escalated(desk, customer_a):
    ticket = new_ticket(desk, kind="complaint", severity="minor", customer=customer_a.pk)
    assert "escalate" not in [e["action"] for e in events(desk, ticket["id"])]


# --- back-entry and idempotency -------------------------------------------------------------


def test_occurred_at_in_the_future_is_refused(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 22, 10), tick=False):
        client = client_for(agent_a)
        response = client.post(
            "tickets",
            {
                "kind": "repair",
                "channel": "letter",
                "description": "信件来函",
                "customer": customer_a.pk,
                "occurred_at": iso(at(2026, 11, 22, 11)),
            },
        )
        assert_error(response, 422, field="occurred_at")
        assert not Ticket.objects.exists()
        assert not Counter.objects.filter(name__startswith="ticket:").exclude(value=0).exists()


def test_back_entry_keeps_both_times(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 22, 10), tick=False):
        ticket = new_ticket(
            client_for(agent_a),
            kind="complaint",
            channel="letter",
            customer=customer_a.pk,
            occurred_at="2026-11-20T15:00:00+08:00",
        )
    assert ticket["occurred_at"] == "2026-11-20T15:00:00+08:00"
    assert ticket["registered_at"] == "2026-11-22T10:00:00+08:00"
    assert ticket["number"] == "TS-20261122-0001"
    # The clocks count from when it really happened.
    assert ticket["deadlines"]["reply"]["due"] == "2026-11-21T15:00:00+08:00"


def test_naive_occurred_at_is_refused(desk, customer_a):
    response = desk.post(
        "tickets",
        {
            "kind": "repair",
            "channel": "hotline",
            "description": "x",
            "customer": customer_a.pk,
            "occurred_at": "2026-11-20T15:00:00",
        },
    )
    assert_error(response, 422, field="occurred_at")


def test_same_idempotency_key_twice_makes_one_ticket(desk, customer_a):
    headers = {"Idempotency-Key": "intake-0001"}
    first = new_ticket(desk, customer=customer_a.pk, headers=headers)
    second = new_ticket(desk, customer=customer_a.pk, headers=headers)
    assert second == first
    assert Ticket.objects.count() == 1
    third = new_ticket(desk, customer=customer_a.pk, headers={"Idempotency-Key": "intake-0002"})
    assert third["number"] != first["number"]


def test_service_registers_with_model_instances(agent_a, house_new, customer_a):
    ticket = services.register_ticket(
        agent_a,
        kind="repair",
        channel="walk_in",
        description="入户门锁损坏",
        customer=customer_a,
        house=house_new,
        category="doors_windows",
        component="equipment",
    )
    assert ticket.pk and ticket.number.startswith("BX-")
    assert ticket.project == house_new.project
    # equipment installation: two years from 2024-06-30
    assert ticket.in_warranty is False
    assert ticket.warranty_expires_on == dt.date(2026, 6, 29)
    assert ticket.events.get().actor == agent_a
