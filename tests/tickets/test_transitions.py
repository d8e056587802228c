"""The transition table (workflow.TABLE) through the API: 409 for a state, 403 for a role,
404 outside the data scope, 401 without credentials (api.md "Tickets", conventions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aftersales.tickets.models import Ticket, TicketEvent
from tests.api.helpers import assert_error
from tests.conftest import make_user
from tests.tickets.helpers import SURVEY_SIMPLE, act, client_for, new_ticket, ok

pytestmark = pytest.mark.django_db

ACTIONS = (
    "dispatch",
    "reassign",
    "appointment",
    "survey",
    "approve_plan",
    "start",
    "complete",
    "check",
    "sign_off",
    "callback",
    "route",
    "feedback",
    "reply",
    "resolve",
    "invalidate",
    "pause",
    "resume",
    "extend",
    "merge",
    "close",
)


def valid_bodies(assignee_id: int, other_ticket_id: int) -> dict[str, dict]:
    """A body each action's schema accepts, so that only the state or the role can refuse."""
    soon = timezone.localtime().replace(microsecond=0) + dt.timedelta(days=20)
    return {
        "dispatch": {"assignee": assignee_id},
        "reassign": {"assignee": assignee_id},
        "appointment": {"visit_at": soon.isoformat()},
        "survey": {**SURVEY_SIMPLE, "work_class": "B"},
        "approve_plan": {},
        "start": {},
        "complete": {"result": "已修复"},
        "check": {"passed": True},
        "sign_off": {"opinion": "satisfied"},
        "callback": {"satisfied": True},
        "route": {"departments": ["engineering"]},
        "feedback": {"content": "已核实"},
        "reply": {"content": "已答复"},
        "resolve": {"content": "已处理"},
        "invalidate": {"reason": "重复来电"},
        "pause": {"reason": "客户不在家"},
        "resume": {},
        "extend": {
            "deadline": "survey",
            "due": (soon + dt.timedelta(days=365)).isoformat(),
            "customer_consent": True,
        },
        "merge": {"into": other_ticket_id},
        "close": {"reason": "经理决定"},
    }


# What the table allows (plus actions whose own guard answers 409 there, such as resume).
ALLOWED_REGISTERED_REPAIR = {"dispatch", "pause", "extend", "merge", "close"}
ALLOWED_REGISTERED_COMPLAINT = {
    "route",
    "reply",
    "resolve",
    "invalidate",
    "pause",
    "extend",
    "merge",
    "close",
}


@pytest.fixture
def other(desk, repair_fields):
    return new_ticket(desk, **repair_fields)


def _refused_in_state(client, ticket, bodies, actions):
    before = TicketEvent.objects.filter(ticket_id=ticket["id"]).count()
    for action in actions:
        response = act(client, ticket["id"], action, bodies[action], expect=None)
        body = assert_error(response, 409)
        assert body["error"] in {"not_allowed", "conflict", "not_paused"}, (action, body)
    fresh = Ticket.objects.get(pk=ticket["id"])
    assert fresh.status == ticket["status"]
    assert TicketEvent.objects.filter(ticket_id=ticket["id"]).count() == before


def test_registered_repair_refuses_what_the_table_does_not_allow(
    admin, technician, repair_fields, other
):
    client = client_for(admin)
    ticket = new_ticket(client, **repair_fields)
    bodies = valid_bodies(technician.pk, other["id"])
    _refused_in_state(client, ticket, bodies, set(ACTIONS) - ALLOWED_REGISTERED_REPAIR)


def test_registered_complaint_refuses_repair_actions(admin, technician, customer_a, other):
    client = client_for(admin)
    ticket = new_ticket(client, kind="complaint", customer=customer_a.pk)
    bodies = valid_bodies(technician.pk, other["id"])
    _refused_in_state(client, ticket, bodies, set(ACTIONS) - ALLOWED_REGISTERED_COMPLAINT)


def test_closed_ticket_refuses_every_action(admin, technician, repair_fields, other):
    client = client_for(admin)
    ticket = new_ticket(client, **repair_fields)
    ticket = ok(client, ticket["id"], "close", {"reason": "经理决定"})
    assert ticket["status"] == "closed"
    bodies = valid_bodies(technician.pk, other["id"])
    _refused_in_state(client, ticket, bodies, ACTIONS)


def test_inquiry_has_only_reply_and_the_common_actions(admin, technician, customer_a, other):
    client = client_for(admin)
    ticket = new_ticket(client, kind="inquiry", customer=customer_a.pk)
    bodies = valid_bodies(technician.pk, other["id"])
    _refused_in_state(
        client,
        ticket,
        bodies,
        set(ACTIONS) - {"reply", "pause", "extend", "merge", "close"},
    )
    answered = ok(client, ticket["id"], "reply", {"content": "物业费按季度缴纳"})
    assert answered["status"] == "closed"
    assert answered["deadlines"]["reply"]["met"] is True


@pytest.mark.parametrize(
    "action, body",
    [
        ("survey", SURVEY_SIMPLE),
        ("start", {}),
        ("sign_off", {"opinion": "satisfied"}),
        ("callback", {"satisfied": True}),
        ("route", {"departments": ["engineering"]}),
        ("complete", {}),
    ],
)
def test_named_out_of_order_steps_are_conflicts(admin, repair_fields, action, body):
    """On a registered repair, by someone holding every role."""
    client = client_for(admin)
    ticket = new_ticket(client, **repair_fields)
    assert_error(act(client, ticket["id"], action, body, expect=None), 409, code="not_allowed")


def test_sign_off_before_complete_is_a_conflict(desk, field, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    ok(field, ticket["id"], "survey", SURVEY_SIMPLE)
    ok(field, ticket["id"], "start")
    response = act(desk, ticket["id"], "sign_off", {"opinion": "satisfied"}, expect=None)
    assert_error(response, 409)
    assert_error(act(desk, ticket["id"], "callback", {"satisfied": True}, expect=None), 409)


# --- roles (403) ----------------------------------------------------------------------------


def test_technician_cannot_dispatch(field, desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    response = act(field, ticket["id"], "dispatch", {"assignee": technician.pk}, expect=None)
    assert_error(response, 403)
    assert Ticket.objects.get(pk=ticket["id"]).status == "registered"


def test_technician_cannot_call_back(field, desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    ok(field, ticket["id"], "survey", SURVEY_SIMPLE)
    ok(field, ticket["id"], "start")
    ok(field, ticket["id"], "complete")
    ok(field, ticket["id"], "sign_off", {"opinion": "satisfied"})
    response = act(field, ticket["id"], "callback", {"satisfied": True}, expect=None)
    assert_error(response, 403)
    assert Ticket.objects.get(pk=ticket["id"]).status == "awaiting_callback"


def test_agent_cannot_approve_a_plan(desk, field, boss, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    ok(field, ticket["id"], "survey", {**SURVEY_SIMPLE, "complex_work": True})
    assert_error(act(desk, ticket["id"], "approve_plan", {}, expect=None), 403)
    assert_error(act(field, ticket["id"], "approve_plan", {}, expect=None), 403)
    ok(boss, ticket["id"], "approve_plan", {"comment": "同意更换防水层"})


def test_agent_cannot_close(desk, boss, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    assert_error(act(desk, ticket["id"], "close", {"reason": "想关"}, expect=None), 403)
    assert ok(boss, ticket["id"], "close", {"reason": "重复报修"})["status"] == "closed"


def test_agent_cannot_start_work(desk, technician, field, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    ok(field, ticket["id"], "survey", SURVEY_SIMPLE)
    assert_error(act(desk, ticket["id"], "start", {}, expect=None), 403)


def test_role_is_checked_before_state(field, desk, repair_fields):
    """A technician asking for a callback on an open repair learns he may not, not why."""
    ticket = new_ticket(desk, **repair_fields)
    assert_error(act(field, ticket["id"], "callback", {"satisfied": True}, expect=None), 403)


def test_owner_cannot_act_on_his_own_ticket(owner, desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    response = act(client_for(owner), ticket["id"], "dispatch", {"assignee": technician.pk}, None)
    assert_error(response, (403, 404))
    assert Ticket.objects.get(pk=ticket["id"]).status == "registered"


def test_user_without_roles_gets_nothing(outsider, desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    client = client_for(outsider)
    assert_error(client.get(f"tickets/{ticket['id']}"), (403, 404))
    response = act(client, ticket["id"], "dispatch", {"assignee": technician.pk}, None)
    assert_error(response, (403, 404))


# --- scope (404) and authentication (401) ---------------------------------------------------


def test_out_of_scope_ticket_is_not_found(agent_b, desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    other = client_for(agent_b)
    assert_error(other.get(f"tickets/{ticket['id']}"), 404)
    assert_error(other.get(f"tickets/{ticket['id']}/events"), 404)
    response = act(other, ticket["id"], "dispatch", {"assignee": technician.pk}, None)
    assert_error(response, 404)
    response = act(other, ticket["id"], "pause", {"reason": "x"}, None)
    assert_error(response, 404)
    assert ticket["id"] not in [t["id"] for t in other.get("tickets").json()["results"]]
    assert Ticket.objects.get(pk=ticket["id"]).status == "registered"


def test_unknown_ticket_is_not_found(desk, technician):
    assert_error(desk.get("tickets/999999"), 404)
    assert_error(act(desk, 999999, "dispatch", {"assignee": technician.pk}, None), 404)


def test_anonymous_is_unauthenticated(api, desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    anonymous = api()
    assert_error(anonymous.get("tickets"), 401)
    assert_error(anonymous.get(f"tickets/{ticket['id']}"), 401)
    assert_error(anonymous.get(f"tickets/{ticket['id']}/events"), 401)
    response = act(anonymous, ticket["id"], "dispatch", {"assignee": technician.pk}, None)
    assert_error(response, 401)


def test_dispatch_needs_a_field_worker(desk, agent_a, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    to_agent = act(desk, ticket["id"], "dispatch", {"assignee": agent_a.pk}, expect=None)
    assert_error(to_agent, 422, field="assignee")
    to_nobody = act(desk, ticket["id"], "dispatch", {"assignee": 999999}, expect=None)
    assert_error(to_nobody, 422, field="assignee")
    missing = act(desk, ticket["id"], "dispatch", {}, expect=None)
    assert_error(missing, 422, field="assignee")
    lead = make_user("lead2", ["team_lead"], name="队长")
    assert ok(desk, ticket["id"], "dispatch", {"assignee": lead.pk})["assignee"] == lead.pk


def test_reassign_and_appointment_keep_the_status(desk, field, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    other = make_user("tech2", ["technician"], name="维修工乙")
    moved = ok(desk, ticket["id"], "reassign", {"assignee": other.pk, "reason": "请假"})
    assert (moved["status"], moved["assignee"]) == ("dispatched", other.pk)
    booked = ok(field, ticket["id"], "appointment", {"visit_at": "2026-12-30T10:00:00+08:00"})
    assert booked["status"] == "dispatched"


def test_unknown_action_is_not_found(desk, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    response = desk.post(f"tickets/{ticket['id']}/teleport", {})
    assert response.status_code in (404, 405)
