"""Complaints (R-CMP-1..4): route, feedback, reply, resolve, callback; invalid, close, merge."""

from __future__ import annotations

import pytest
import time_machine

from aftersales.tickets.models import Ticket
from tests.api.helpers import assert_error
from tests.conftest import make_user
from tests.tickets.helpers import act, at, client_for, end_of, events, new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(project_a):
    return make_user("supervisor_a", ["supervisor"], [project_a], name="客服主管")


def test_complaint_flow_to_a_satisfied_callback(agent_a, manager, customer_a, house_new):
    with time_machine.travel(at(2026, 11, 2, 9), tick=False) as clock:
        desk = client_for(agent_a)
        ticket = new_ticket(
            desk,
            kind="complaint",
            severity="important",
            customer=customer_a.pk,
            house=house_new.pk,
            description="维修人员态度恶劣",
        )
        tid = ticket["id"]
        clock.move_to(at(2026, 11, 2, 10))
        unknown = act(desk, tid, "route", {"departments": ["engineering", "marketing"]}, None)
        assert_error(unknown, 422, field="departments")
        empty = act(desk, tid, "route", {"departments": []}, None)
        assert_error(empty, 422, field="departments")
        routed = ok(desk, tid, "route", {"departments": ["engineering", "maintenance"]})
        assert routed["status"] == "routed"
        assert routed["deadlines"]["department_feedback"]["due"] == end_of("2026-11-05")
        clock.move_to(at(2026, 11, 3, 15))
        no_content = act(desk, tid, "feedback", {"department": "engineering", "content": " "}, None)
        assert_error(no_content, 422, field="content")
        fed = ok(desk, tid, "feedback", {"department": "engineering", "content": "已约谈维修工"})
        assert fed["status"] == "routed"
        assert fed["deadlines"]["department_feedback"]["met"] is None  # maintenance owes
        fed = ok(desk, tid, "feedback", {"department": "maintenance", "content": "已调整人员"})
        assert fed["deadlines"]["department_feedback"]["met"] is True
        clock.move_to(at(2026, 11, 3, 16))
        replied = ok(desk, tid, "reply", {"content": "已向您致歉并整改"})
        assert replied["status"] == "replied"
        assert replied["deadlines"]["reply"]["met"] is False  # 24 h passed at 11-03 09:00
        clock.move_to(at(2026, 11, 4, 9))
        ok(client_for(manager), tid, "approve_resolution", {"comment": "同意"})
        clock.move_to(at(2026, 11, 4, 10))
        resolved = ok(desk, tid, "resolve", {"content": "维修工已调岗，业主接受"})
        assert resolved["status"] == "awaiting_callback"
        assert resolved["deadlines"]["resolution"]["met"] is True
        assert resolved["deadlines"]["callback"]["due"] == "2026-11-06T10:00:00+08:00"
        clock.move_to(at(2026, 11, 5, 10))
        closed = ok(desk, tid, "callback", {"satisfied": True, "method": "phone"})
        trail = events(desk, tid)
    assert closed["status"] == "closed"
    assert closed["deadlines"]["callback"]["met"] is True
    assert [e["action"] for e in trail] == [
        "register",
        "route",
        "feedback",
        "feedback",
        "reply",
        "approve_resolution",
        "resolve",
        "callback",
    ]
    assert trail[1]["data"]["departments"] == ["engineering", "maintenance"]
    assert Ticket.objects.get(pk=tid).departments == ["engineering", "maintenance"]


def test_complaint_resolved_at_once_meets_both_clocks(desk, customer_a):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    resolved = ok(desk, ticket["id"], "resolve", {"content": "当场解释清楚"})
    assert resolved["deadlines"]["reply"]["met"] is True
    assert resolved["deadlines"]["resolution"]["met"] is True


def test_dissatisfied_complaint_callback_reopens_it(desk, customer_a):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    ok(desk, ticket["id"], "resolve", {"content": "已处理"})
    reopened = ok(desk, ticket["id"], "callback", {"satisfied": False})
    assert (reopened["status"], reopened["reopen_count"]) == ("reopened", 1)
    assert ok(desk, ticket["id"], "route", {"departments": ["property"]})["status"] == "routed"


def test_invalid_complaint_needs_a_reason_and_closes(desk, supervisor, customer_a):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    tid = ticket["id"]
    boss = client_for(supervisor)
    assert_error(act(desk, tid, "invalidate", {"reason": "恶意投诉"}, None), 403)
    assert_error(act(boss, tid, "invalidate", {}, None), 422, field="reason")
    assert_error(act(boss, tid, "invalidate", {"reason": "   "}, None), 422, field="reason")
    closed = ok(boss, tid, "invalidate", {"reason": "同一事项重复投诉"})
    assert closed["status"] == "closed"
    saved = Ticket.objects.get(pk=tid)
    assert (saved.invalid, saved.invalid_reason) == (True, "同一事项重复投诉")
    assert events(desk, tid)[-1]["data"]["reason"] == "同一事项重复投诉"
    assert desk.get(f"tickets/{tid}").status_code == 200  # still on record, still answered


def test_invalid_is_not_possible_while_awaiting_callback(desk, supervisor, customer_a):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    ok(desk, ticket["id"], "resolve", {"content": "已处理"})
    response = act(client_for(supervisor), ticket["id"], "invalidate", {"reason": "x"}, None)
    assert_error(response, 409)


def test_repairs_cannot_be_invalidated(supervisor, desk, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    response = act(client_for(supervisor), ticket["id"], "invalidate", {"reason": "x"}, None)
    assert_error(response, 409)


def test_manager_closes_with_a_reason(desk, boss, customer_a):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    assert_error(act(boss, ticket["id"], "close", {}, None), 422, field="reason")
    closed = ok(boss, ticket["id"], "close", {"reason": "业主已书面撤诉"})
    assert closed["status"] == "closed" and closed["closed_at"]
    assert Ticket.objects.get(pk=ticket["id"]).close_reason == "业主已书面撤诉"
    assert events(desk, ticket["id"])[-1]["action"] == "close"


def test_merge_into_another_open_ticket(desk, boss, repair_fields, customer_b, agent_b):
    first = new_ticket(desk, **repair_fields)
    second = new_ticket(desk, **repair_fields)
    assert second["duplicates"] == [first["number"]]
    assert_error(act(desk, second["id"], "merge", {"into": second["id"]}, None), 422, field="into")
    elsewhere = new_ticket(client_for(agent_b), customer=customer_b.pk)
    hidden = act(desk, second["id"], "merge", {"into": elsewhere["id"]}, None)
    assert_error(hidden, 422, field="into")
    merged = ok(desk, second["id"], "merge", {"into": first["id"]})
    assert merged["status"] == "closed"
    assert Ticket.objects.get(pk=second["id"]).merged_into_id == first["id"]
    assert events(desk, second["id"])[-1]["data"]["into"] == first["number"]
    assert desk.get(f"tickets/{first['id']}").json()["status"] == "registered"


def test_merge_into_a_closed_ticket_is_refused(desk, boss, repair_fields):
    first = new_ticket(desk, **repair_fields)
    second = new_ticket(desk, **repair_fields)
    ok(boss, first["id"], "close", {"reason": "已处理"})
    assert_error(act(desk, second["id"], "merge", {"into": first["id"]}, None), 409)
    assert Ticket.objects.get(pk=second["id"]).status == "registered"


def test_only_a_registered_ticket_can_be_merged(desk, technician, repair_fields):
    first = new_ticket(desk, **repair_fields)
    second = new_ticket(desk, **repair_fields)
    ok(desk, second["id"], "dispatch", {"assignee": technician.pk})
    assert_error(act(desk, second["id"], "merge", {"into": first["id"]}, None), 409)


@pytest.mark.parametrize("kind", ["suggestion", "praise"])
def test_simple_kinds_close_when_answered(desk, customer_a, kind):
    ticket = new_ticket(desk, kind=kind, customer=customer_a.pk)
    answered = ok(desk, ticket["id"], "reply", {"content": "感谢您的来电"})
    assert answered["status"] == "closed"
    assert_error(act(desk, ticket["id"], "reply", {"content": "again"}, None), 409)
