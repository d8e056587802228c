"""Deadlines (R-CAL-1..4, R-DSP-2/4, R-CB-1, R-CMP-1/3) on a frozen clock across real holidays.

2026's National Day holiday runs 10-01..10-07, with make-up working days on Sunday 09-20 and
Saturday 10-10. Every "N working days" deadline ends at 24:00 of the N-th working day after the
start, written ``…T23:59:59+08:00`` by the API.
"""

from __future__ import annotations

import pytest
import time_machine

from aftersales.core.models import WorkCalendarDay
from tests.api.helpers import assert_error, ids
from tests.tickets.helpers import (
    PNG_B64,
    SURVEY_SIMPLE,
    act,
    at,
    client_for,
    end_of,
    iso,
    new_ticket,
    ok,
)

pytestmark = pytest.mark.django_db


def _dispatched(client, fields, technician) -> dict:
    ticket = new_ticket(client, **fields)
    return ok(client, ticket["id"], "dispatch", {"assignee": technician.pk})


# --- each deadline name ---------------------------------------------------------------------


def test_survey_is_due_one_working_day_after_dispatch(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 9, 30, 9), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(desk, **repair_fields)
        assert "survey" not in ticket["deadlines"]
        clock.move_to(at(2026, 9, 30, 10))
        ticket = ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    assert ticket["status"] == "dispatched"
    survey = ticket["deadlines"]["survey"]
    assert survey["due"] == end_of("2026-10-08")  # the holiday does not count
    assert (survey["met"], survey["breached"], survey["extended"]) == (None, False, False)


def test_back_entered_dispatch_counts_from_when_it_happened(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 10, 12, 9), tick=False):
        desk = client_for(agent_a)
        ticket = new_ticket(desk, occurred_at=iso(at(2026, 9, 30, 8)), **repair_fields)
        ticket = ok(
            desk,
            ticket["id"],
            "dispatch",
            {"assignee": technician.pk, "occurred_at": iso(at(2026, 9, 30, 10))},
        )
    assert ticket["deadlines"]["survey"]["due"] == end_of("2026-10-08")
    assert ticket["deadlines"]["survey"]["breached"] is True


@pytest.mark.parametrize(
    "trades, due", [(1, "2026-10-10"), (2, "2026-10-15")], ids=["single", "multi"]
)
def test_completion_after_survey(agent_a, technician, repair_fields, trades, due):
    with time_machine.travel(at(2026, 9, 30, 9), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        clock.move_to(at(2026, 9, 30, 10))
        ticket = ok(
            client_for(technician), ticket["id"], "survey", {**SURVEY_SIMPLE, "trades": trades}
        )
    assert ticket["status"] == "surveyed"
    # single trade: 10-08, 10-09, 10-10 (a make-up Saturday); multi: seven working days
    assert ticket["deadlines"]["completion"]["due"] == end_of(due)
    assert ticket["deadlines"]["survey"]["met"] is True


def _to_signoff(desk, field, ticket_id, start):
    """Survey, start and complete a dispatched repair, one hour apart from ``start``."""
    from datetime import timedelta

    moments = [start + timedelta(hours=i) for i in range(3)]
    with time_machine.travel(moments[0], tick=False) as clock:
        ok(field, ticket_id, "survey", {**SURVEY_SIMPLE, "work_class": "B"})
        clock.move_to(moments[1])
        ok(field, ticket_id, "start")
        clock.move_to(moments[2])
        return ok(field, ticket_id, "complete", {"result": "已修复"})


@pytest.mark.parametrize(
    "component, due",
    [("", "2026-11-06T15:00:00+08:00"), ("leakage", "2026-11-07T15:00:00+08:00")],
    ids=["general", "leak"],
)
def test_callback_counts_natural_days_after_sign_off(
    agent_a, technician, house_new, customer_a, component, due
):
    fields = {"house": house_new.pk, "customer": customer_a.pk, "category": "civil"}
    if component:
        fields["component"] = component
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        desk, field = client_for(agent_a), client_for(technician)
        ticket = _dispatched(desk, fields, technician)
    _to_signoff(desk, field, ticket["id"], at(2026, 11, 2, 10))
    with time_machine.travel(at(2026, 11, 4, 15), tick=False):
        ticket = ok(desk, ticket["id"], "sign_off", {"opinion": "satisfied"})
    assert ticket["status"] == "awaiting_callback"
    assert ticket["deadlines"]["callback"]["due"] == due
    assert ticket["deadlines"]["completion"]["met"] is True


@pytest.mark.parametrize(
    "severity, reply, resolution",
    [
        ("major", "2026-11-04T10:00:00+08:00", "2026-11-12T10:00:00+08:00"),
        ("important", "2026-11-03T10:00:00+08:00", "2026-11-05T10:00:00+08:00"),
        ("minor", "2026-11-03T10:00:00+08:00", "2026-11-04T10:00:00+08:00"),
    ],
)
def test_complaint_reply_and_resolution_run_on_natural_hours(
    agent_a, customer_a, severity, reply, resolution
):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False):
        ticket = new_ticket(
            client_for(agent_a), kind="complaint", severity=severity, customer=customer_a.pk
        )
    assert ticket["deadlines"]["reply"]["due"] == reply
    assert ticket["deadlines"]["resolution"]["due"] == resolution


def test_natural_hours_ignore_the_holiday(agent_a, customer_a):
    with time_machine.travel(at(2026, 9, 30, 10), tick=False):
        ticket = new_ticket(
            client_for(agent_a), kind="complaint", severity="major", customer=customer_a.pk
        )
    assert ticket["deadlines"]["reply"]["due"] == "2026-10-02T10:00:00+08:00"
    assert ticket["deadlines"]["resolution"]["due"] == "2026-10-10T10:00:00+08:00"


def test_department_feedback_is_due_three_working_days_after_routing(agent_a, customer_a):
    with time_machine.travel(at(2026, 9, 30, 9), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
        clock.move_to(at(2026, 9, 30, 10))
        ticket = ok(desk, ticket["id"], "route", {"departments": ["engineering"]})
    assert ticket["status"] == "routed"
    assert ticket["deadlines"]["department_feedback"]["due"] == end_of("2026-10-10")


def test_year_without_a_schedule_falls_back_to_monday_to_friday(agent_a, technician, repair_fields):
    WorkCalendarDay.objects.filter(date__year=2027).delete()
    with time_machine.travel(at(2026, 12, 31, 9), tick=False) as clock:
        desk, field = client_for(agent_a), client_for(technician)
        ticket = new_ticket(desk, **repair_fields)
        clock.move_to(at(2026, 12, 31, 10))
        ticket = ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
        # 2027-01-01 is a Friday: a working day when no official schedule says otherwise
        assert ticket["deadlines"]["survey"]["due"] == end_of("2027-01-01")
        clock.move_to(at(2027, 1, 1, 10))
        ticket = ok(field, ticket["id"], "survey", SURVEY_SIMPLE)
    assert ticket["deadlines"]["survey"]["met"] is True
    assert ticket["deadlines"]["completion"]["due"] == end_of("2027-01-06")


def test_a_published_2027_day_is_used(agent_a, technician, repair_fields, admin):
    with time_machine.travel(at(2026, 12, 31, 9), tick=False) as clock:
        client_for(admin).put("calendar/days/2027-01-01", {"workday": False, "name": "元旦"})
        desk = client_for(agent_a)
        ticket = new_ticket(desk, **repair_fields)
        clock.move_to(at(2026, 12, 31, 10))
        ticket = ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    assert ticket["deadlines"]["survey"]["due"] == end_of("2027-01-04")


# --- met and breached -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surveyed_at, met",
    [(at(2026, 10, 8, 23, 30), True), (at(2026, 10, 9, 0, 30), False)],
    ids=["in-time", "late"],
)
def test_met_or_breached(agent_a, technician, repair_fields, surveyed_at, met):
    with time_machine.travel(at(2026, 9, 30, 10), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        clock.move_to(surveyed_at)
        ticket = ok(client_for(technician), ticket["id"], "survey", SURVEY_SIMPLE)
        survey = ticket["deadlines"]["survey"]
        assert survey["met"] is met
        assert survey["breached"] is (not met)
        clock.move_to(at(2026, 10, 20, 9))
        # a finished clock keeps its verdict
        survey = desk.get(f"tickets/{ticket['id']}").json()["deadlines"]["survey"]
        assert (survey["met"], survey["breached"]) == (met, not met)


def test_open_deadline_past_due_is_breached_and_listed_as_overdue(
    agent_a, technician, house_new, customer_a, repair_fields
):
    with time_machine.travel(at(2026, 9, 30, 10), tick=False) as clock:
        desk = client_for(agent_a)
        late = _dispatched(desk, repair_fields, technician)
        met_in_time = _dispatched(desk, repair_fields, technician)
        clock.move_to(at(2026, 10, 8, 11))
        ok(client_for(technician), met_in_time["id"], "survey", SURVEY_SIMPLE)
        not_yet = _dispatched(desk, repair_fields, technician)  # due end of 10-09
        invalid = new_ticket(desk, kind="complaint", customer=customer_a.pk)
        # merged away with its reply clock still running: closed, so never overdue
        ok(desk, invalid["id"], "merge", {"into": not_yet["id"]})
        # many fresh tickets, so the overdue one would be far down an unfiltered list
        for _ in range(30):
            new_ticket(desk, customer=customer_a.pk)
        clock.move_to(at(2026, 10, 9, 9))
        detail = desk.get(f"tickets/{late['id']}").json()
        assert detail["deadlines"]["survey"]["breached"] is True
        assert detail["deadlines"]["survey"]["met"] is None
        assert detail["deadlines"]["survey"]["remaining_seconds"] < 0
        overdue = desk.get("tickets", {"overdue": "true"})
        assert ids(overdue) == [late["id"]]
        assert overdue.json()["count"] == 1
        fresh = desk.get(f"tickets/{not_yet['id']}").json()["deadlines"]["survey"]
        assert fresh["breached"] is False and fresh["remaining_seconds"] > 0


def test_closed_ticket_with_an_unmet_clock_is_not_overdue(agent_a, manager, customer_a):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
        ok(client_for(manager), ticket["id"], "close", {"reason": "客户撤诉"})
        clock.move_to(at(2026, 11, 10, 10))
        assert ids(desk.get("tickets", {"overdue": "true"})) == []


def test_overdue_respects_the_data_scope(agent_a, agent_b, customer_a, customer_b):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False) as clock:
        mine = new_ticket(client_for(agent_a), kind="complaint", customer=customer_a.pk)
        theirs = new_ticket(client_for(agent_b), kind="complaint", customer=customer_b.pk)
        clock.move_to(at(2026, 11, 10, 10))
        assert ids(client_for(agent_a).get("tickets", {"overdue": "true"})) == [mine["id"]]
        assert ids(client_for(agent_b).get("tickets", {"overdue": "true"})) == [theirs["id"]]


# --- pause and resume (R-CAL-3) ---------------------------------------------------------------


def test_pause_moves_natural_hour_deadlines_by_the_paused_time(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(desk, kind="complaint", severity="minor", customer=customer_a.pk)
        clock.move_to(at(2026, 11, 2, 11))
        paused = ok(desk, ticket["id"], "pause", {"reason": "客户出差，约定回来后处理"})
        assert paused["paused"] is True
        clock.move_to(at(2026, 11, 4, 11))
        resumed = ok(desk, ticket["id"], "resume", {})
    assert resumed["paused"] is False
    assert resumed["deadlines"]["reply"]["due"] == "2026-11-05T10:00:00+08:00"
    assert resumed["deadlines"]["resolution"]["due"] == "2026-11-06T10:00:00+08:00"


def test_pause_moves_working_day_deadlines_by_the_working_days_paused(
    agent_a, technician, repair_fields
):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False) as clock:  # a Monday
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        assert ticket["deadlines"]["survey"]["due"] == end_of("2026-11-03")
        clock.move_to(at(2026, 11, 2, 11))
        ok(desk, ticket["id"], "pause", {"reason": "业主不在家"})
        clock.move_to(at(2026, 11, 4, 11))  # Tuesday and Wednesday paused
        ticket = ok(desk, ticket["id"], "resume", {})
    assert ticket["deadlines"]["survey"]["due"] == end_of("2026-11-05")


def test_pause_over_a_weekend_moves_by_working_days_only(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 11, 6, 10), tick=False) as clock:  # a Friday
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        assert ticket["deadlines"]["survey"]["due"] == end_of("2026-11-09")
        clock.move_to(at(2026, 11, 6, 11))
        ok(desk, ticket["id"], "pause", {"reason": "业主改约"})
        clock.move_to(at(2026, 11, 8, 20))  # resumed on Sunday: no working day lost
        ticket = ok(desk, ticket["id"], "resume", {})
    assert ticket["deadlines"]["survey"]["due"] == end_of("2026-11-09")


def test_a_paused_clock_does_not_breach(agent_a, customer_a):
    """While the ticket waits on the customer its clocks stand still (api.md pause)."""
    with time_machine.travel(at(2026, 11, 2, 10), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(desk, kind="complaint", severity="minor", customer=customer_a.pk)
        clock.move_to(at(2026, 11, 2, 11))
        ok(desk, ticket["id"], "pause", {"reason": "客户要求下周再联系"})
        clock.move_to(at(2026, 11, 3, 12))  # past the original reply due (11-03 10:00)
        reply = desk.get(f"tickets/{ticket['id']}").json()["deadlines"]["reply"]
        assert reply["breached"] is False
        assert ids(desk.get("tickets", {"overdue": "true"})) == []


def test_met_clocks_do_not_move_on_resume(agent_a, customer_a):
    with time_machine.travel(at(2026, 11, 2, 10), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
        clock.move_to(at(2026, 11, 2, 11))
        ok(desk, ticket["id"], "reply", {"content": "已安排工程部核实"})
        ok(desk, ticket["id"], "pause", {"reason": "等待业主确认时间"})
        clock.move_to(at(2026, 11, 3, 11))
        ticket = ok(desk, ticket["id"], "resume", {})
    assert ticket["deadlines"]["reply"]["due"] == "2026-11-03T10:00:00+08:00"
    assert ticket["deadlines"]["reply"]["met"] is True
    assert ticket["deadlines"]["resolution"]["due"] == "2026-11-05T10:00:00+08:00"


def test_pause_rules(desk, customer_a):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    assert_error(act(desk, ticket["id"], "resume", {}, expect=None), 409)
    assert_error(act(desk, ticket["id"], "pause", {}, expect=None), 422, field="reason")
    ok(desk, ticket["id"], "pause", {"reason": "客户不在家"})
    assert_error(act(desk, ticket["id"], "pause", {"reason": "再次"}, expect=None), 409)
    ok(desk, ticket["id"], "resume", {})


# --- extension (R-CAL-3, R-DSP-4) -------------------------------------------------------------


def test_extension_needs_the_customers_consent(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 9, 30, 10), tick=False):
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        body = {"deadline": "survey", "due": "2026-10-12T18:00:00+08:00", "reason": "材料未到"}
        refused = act(desk, ticket["id"], "extend", {**body, "customer_consent": False}, None)
        assert_error(refused, 422, field="customer_consent")
        missing = act(desk, ticket["id"], "extend", body, expect=None)
        assert_error(missing, 422, field="customer_consent")
        unchanged = desk.get(f"tickets/{ticket['id']}").json()["deadlines"]["survey"]
        assert (unchanged["due"], unchanged["extended"]) == (end_of("2026-10-08"), False)
        moved = ok(desk, ticket["id"], "extend", {**body, "customer_consent": True})
    survey = moved["deadlines"]["survey"]
    assert (survey["due"], survey["extended"]) == ("2026-10-12T18:00:00+08:00", True)
    assert moved["status"] == "dispatched"


def test_extension_cannot_bring_the_due_forward(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 9, 30, 10), tick=False):
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        body = {"deadline": "survey", "customer_consent": True}
        earlier = act(
            desk, ticket["id"], "extend", {**body, "due": "2026-10-08T12:00:00+08:00"}, None
        )
        assert_error(earlier, 422, field="due")
        unknown = act(
            desk,
            ticket["id"],
            "extend",
            {**body, "deadline": "completion", "due": "2026-10-20T12:00:00+08:00"},
            None,
        )
        assert_error(unknown, 422, field="deadline")
        naive = act(desk, ticket["id"], "extend", {**body, "due": "2026-10-20T12:00:00"}, None)
        assert_error(naive, 422, field="due")
        survey = desk.get(f"tickets/{ticket['id']}").json()["deadlines"]["survey"]
        assert survey["due"] == end_of("2026-10-08")


def test_a_met_deadline_cannot_be_extended(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 9, 30, 10), tick=False):
        desk = client_for(agent_a)
        ticket = _dispatched(desk, repair_fields, technician)
        ok(client_for(technician), ticket["id"], "survey", SURVEY_SIMPLE)
        response = act(
            desk,
            ticket["id"],
            "extend",
            {"deadline": "survey", "due": "2026-10-20T12:00:00+08:00", "customer_consent": True},
            None,
        )
    assert_error(response, 422, field="deadline")


def test_sign_off_with_a_signature_meets_completion(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        desk, field = client_for(agent_a), client_for(technician)
        ticket = _dispatched(desk, repair_fields, technician)
    _to_signoff(desk, field, ticket["id"], at(2026, 11, 2, 10))
    with time_machine.travel(at(2026, 11, 9, 10), tick=False):  # after the due (11-05)
        ticket = ok(desk, ticket["id"], "sign_off", {"opinion": "satisfied", "signature": PNG_B64})
    completion = ticket["deadlines"]["completion"]
    # R-DSP-7: only the customer's sign-off completes the repair, and it came after the due
    assert completion["due"] == end_of("2026-11-05")
    assert completion["met"] is False and completion["breached"] is True
