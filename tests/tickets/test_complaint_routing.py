"""Routing that binds (R-CMP-3) and escalation with a decision (R-CMP-1, R-NTF-2).

Each routed department answers for itself, on its own clock; the complaint's own
``department_feedback`` clock is met only when every routed department has answered. A major
complaint waits for the GM's measures; an important one for the service manager's sign-off.
"""

from __future__ import annotations

import pytest
import time_machine

from aftersales.notify.models import Notification
from aftersales.tickets import monitor
from aftersales.tickets.models import Deadline
from tests.api.helpers import assert_error
from tests.conftest import make_user
from tests.tickets.helpers import act, at, client_for, end_of, events, iso, new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def engineer(db):
    return make_user(
        "eng", ["engineer"], name="工程师", department="engineering", phone="13900000001"
    )


@pytest.fixture
def lawyer(db):
    return make_user("law", ["engineer"], name="法务", department="legal")


@pytest.fixture
def gm(db):
    return make_user("gm", ["gm"], name="总经理", department="management")


def _routed(desk, customer_a, severity="minor"):
    ticket = new_ticket(desk, kind="complaint", severity=severity, customer=customer_a.pk)
    ok(desk, ticket["id"], "route", {"departments": ["engineering", "design"]})
    return ticket["id"]


def test_only_a_routed_department_answers(desk, customer_a, engineer):
    tid = _routed(desk, customer_a)
    eng = client_for(engineer)
    as_legal = act(eng, tid, "feedback", {"department": "legal", "content": "法务意见"}, None)
    assert_error(as_legal, 422, field="department")
    assert "未转交法律事务中心" in as_legal.json()["detail"]
    as_design = act(eng, tid, "feedback", {"department": "design", "content": "设计意见"}, None)
    assert_error(as_design, 403)
    assert "不是设计研发部的成员" in as_design.json()["detail"]
    answered = ok(eng, tid, "feedback", {"content": "已安排整改"})
    assert events(desk, tid)[-1]["data"]["department"] == "engineering"
    assert answered["department_deadlines"]["engineering"]["met"] is True
    assert answered["department_deadlines"]["design"]["met"] is None
    assert answered["deadlines"]["department_feedback"]["met"] is None  # design still owes


def test_a_member_of_an_unrouted_department_is_refused(desk, customer_a, lawyer):
    tid = _routed(desk, customer_a)
    refused = act(client_for(lawyer), tid, "feedback", {"content": "法务意见"}, None)
    assert_error(refused, 422, field="department")


def test_overall_clock_met_when_every_department_answered(desk, customer_a):
    tid = _routed(desk, customer_a)
    ok(desk, tid, "feedback", {"department": "engineering", "content": "电话反馈：已整改"})
    done = ok(desk, tid, "feedback", {"department": "design", "content": "电话反馈：设计无误"})
    assert done["deadlines"]["department_feedback"]["met"] is True
    assert_error(act(desk, tid, "feedback", {"content": "x"}, None), 422, field="department")


def test_members_are_told_on_routing(desk, customer_a, engineer, lawyer):
    tid = _routed(desk, customer_a)
    told = Notification.objects.filter(ticket_id=tid, template="complaint_routed")
    assert set(told.filter(channel="inapp").values_list("recipient__username", flat=True)) == {
        "eng"
    }
    assert told.filter(channel="sms", address="13900000001").exists()
    assert "工程材料部" in told.first().subject
    assert events(desk, tid)[-1]["data"]["told"] == 1


def test_a_silent_department_breaches_and_is_escalated(agent_a, customer_a, engineer, manager):
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        desk = client_for(agent_a)
        tid = _routed(desk, customer_a)
        ok(client_for(engineer), tid, "feedback", {"content": "已整改"})
    own = Deadline.objects.get(ticket_id=tid, department="design")
    assert iso(own.due) == end_of("2026-11-05")
    result = monitor.sweep(now=at(2026, 11, 6, 9))
    assert result.breached >= 1
    own.refresh_from_db()
    assert own.breached_notified_at is not None
    assert Deadline.objects.get(ticket_id=tid, department="engineering").met_at is not None
    trail = events(client_for(agent_a), tid)
    steps = [e for e in trail if e["action"] == "deadline_breached"]
    design = [e for e in steps if e["data"]["department"] == "design"]
    assert design and "service_manager" in design[0]["data"]["to"]
    assert Notification.objects.filter(
        ticket_id=tid, template="deadline_breached", recipient=manager
    ).exists()


def test_routed_to_me_queue(desk, customer_a, engineer, lawyer):
    tid = _routed(desk, customer_a)
    mine = client_for(engineer).get("tickets?routed_to_me=true").json()["results"]
    assert [t["id"] for t in mine] == [tid]
    assert client_for(lawyer).get("tickets?routed_to_me=true").json()["results"] == []


def test_major_complaint_waits_for_the_gm(desk, boss, customer_a, gm):
    ticket = new_ticket(desk, kind="complaint", severity="major", customer=customer_a.pk)
    tid = ticket["id"]
    assert "instruction" in ticket["deadlines"]
    refused = act(desk, tid, "resolve", {"content": "已处理"}, None)
    assert_error(refused, 409)
    assert refused.json()["error"] == "instruction_required"
    assert_error(act(boss, tid, "close", {"reason": "业主撤诉"}, None), 409)
    assert_error(
        act(desk, tid, "instruct", {"measures": "x", "due": iso(at(2027, 6, 1))}, None), 403
    )
    chief = client_for(gm)
    assert_error(
        act(chief, tid, "instruct", {"measures": " ", "due": iso(at(2027, 6, 1))}, None), 422
    )
    assert_error(
        act(chief, tid, "instruct", {"measures": "x", "due": iso(at(2020, 1, 1))}, None), 422
    )
    done = ok(
        chief,
        tid,
        "instruct",
        {"measures": "更换全部外窗", "responsible": "工程材料部", "due": iso(at(2027, 6, 1))},
    )
    assert done["deadlines"]["instruction"]["met"] is True
    assert done["deadlines"]["measures"]["due"] == "2027-06-01T00:00:00+08:00"
    step = events(desk, tid)[-1]
    assert step["action"] == "instruct" and step["data"]["measures"] == "更换全部外窗"
    resolved = ok(desk, tid, "resolve", {"content": "外窗已更换"})
    assert resolved["deadlines"]["measures"]["met"] is True


def test_important_complaint_needs_the_managers_sign_off(desk, boss, customer_a):
    ticket = new_ticket(desk, kind="complaint", severity="important", customer=customer_a.pk)
    tid = ticket["id"]
    refused = act(desk, tid, "resolve", {"content": "已处理"}, None)
    assert refused.status_code == 409 and refused.json()["error"] == "approval_required"
    assert_error(act(desk, tid, "approve_resolution", {}, None), 403)
    ok(boss, tid, "approve_resolution", {"comment": "同意"})
    assert ok(desk, tid, "resolve", {"content": "已处理"})["status"] == "awaiting_callback"
    ok(desk, tid, "callback", {"satisfied": False})
    again = act(desk, tid, "resolve", {"content": "再次处理"}, None)
    assert again.status_code == 409  # reopened: signed off again


def test_minor_complaints_need_neither(desk, customer_a, gm):
    ticket = new_ticket(desk, kind="complaint", customer=customer_a.pk)
    assert_error(
        act(
            client_for(gm),
            ticket["id"],
            "instruct",
            {"measures": "x", "due": iso(at(2027, 6, 1))},
            None,
        ),
        409,
    )
    assert ok(desk, ticket["id"], "resolve", {"content": "已解释"})["status"] == "awaiting_callback"


def test_urgent_complaint_message_names_a_complaint(desk, customer_a, project_a):
    make_user("sup", ["supervisor"], [project_a], name="主管")
    ticket = new_ticket(
        desk,
        kind="complaint",
        urgency="emergency",
        customer=customer_a.pk,
        description="电梯困人。",
    )
    message = Notification.objects.get(ticket_id=ticket["id"], recipient__username="sup")
    assert "紧急投诉" in message.subject + message.body
    assert "报修" not in message.subject + message.body
    assert "。。" not in message.body
