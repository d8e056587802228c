"""A repair from the first call to the satisfied callback (R-DSP, R-CB), and the survey rules."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from aftersales.tickets.models import Callback, Ticket, WorkOrder
from tests.api.helpers import assert_error
from tests.tickets.helpers import (
    PNG,
    PNG_B64,
    SURVEY_SIMPLE,
    act,
    at,
    client_for,
    events,
    iso,
    new_ticket,
    ok,
)

pytestmark = pytest.mark.django_db


def test_full_repair_with_a_dissatisfied_callback(agent_a, technician, repair_fields):
    steps = []  # (action, actor, moment, status after)
    with time_machine.travel(at(2026, 11, 2, 9), tick=False) as clock:
        desk, field = client_for(agent_a), client_for(technician)

        def step(client, user, moment, action, body=None):
            clock.move_to(moment)
            answer = ok(client, ticket["id"], action, body)
            steps.append((action, user.pk, iso(moment), answer["status"]))
            return answer

        ticket = new_ticket(desk, channel="hotline", **repair_fields)
        steps.append(("register", agent_a.pk, iso(at(2026, 11, 2, 9)), "registered"))
        step(desk, agent_a, at(2026, 11, 2, 9, 30), "dispatch", {"assignee": technician.pk})
        surveyed = step(field, technician, at(2026, 11, 2, 10), "survey", SURVEY_SIMPLE)
        assert (surveyed["work_class"], surveyed["responsible_party"]) == ("A", "contractor")
        assert (surveyed["trades"], surveyed["estimate"]) == (1, "300.00")
        assert surveyed["warranty"]["in_warranty"] is True
        step(field, technician, at(2026, 11, 2, 11), "start")
        step(
            field,
            technician,
            at(2026, 11, 2, 15),
            "complete",
            {
                "result": "重做防水层，闭水试验合格",
                "materials": [{"item": "防水涂料", "quantity": "2", "unit_cost": "85.5"}],
                "labour_hours": "3.5",
            },
        )
        clock.move_to(at(2026, 11, 2, 16))
        bad = act(
            desk, ticket["id"], "sign_off", {"opinion": "satisfied", "signature": "不是图片"}, None
        )
        assert_error(bad, 422, field="signature")
        not_png = act(
            desk, ticket["id"], "sign_off", {"opinion": "satisfied", "signature": "aGVsbG8="}, None
        )
        assert_error(not_png, 422, field="signature")
        bad_opinion = act(desk, ticket["id"], "sign_off", {"opinion": "meh"}, None)
        assert_error(bad_opinion, 422, field="opinion")
        signed = step(
            desk,
            agent_a,
            at(2026, 11, 2, 16),
            "sign_off",
            {"opinion": "basically_satisfied", "signature": PNG_B64},
        )
        assert signed["status"] == "awaiting_callback"
        assert "callback" in signed["deadlines"]
        reopened = step(
            desk,
            agent_a,
            at(2026, 11, 3, 10),
            "callback",
            {"satisfied": False, "method": "phone", "scores": {"result": 2}, "comment": "仍有水渍"},
        )
        assert (reopened["status"], reopened["reopen_count"]) == ("reopened", 1)
        assert reopened["deadlines"]["callback"]["met"] is True
        restarted = step(field, technician, at(2026, 11, 3, 14), "start")
        assert restarted["deadlines"]["completion"]["met"] is None  # a new clock for the rework
        step(field, technician, at(2026, 11, 3, 16), "complete", {"result": "补做节点"})
        step(desk, agent_a, at(2026, 11, 3, 17), "sign_off", {"opinion": "satisfied"})
        closed = step(desk, agent_a, at(2026, 11, 4, 10), "callback", {"satisfied": True})
        trail = events(desk, ticket["id"])
    assert (closed["status"], closed["reopen_count"]) == ("closed", 1)
    assert closed["closed_at"] == "2026-11-04T10:00:00+08:00"
    assert [s[3] for s in steps] == [
        "registered",
        "dispatched",
        "surveyed",
        "in_progress",
        "awaiting_signoff",
        "awaiting_callback",
        "reopened",
        "in_progress",
        "awaiting_signoff",
        "awaiting_callback",
        "closed",
    ]
    assert [(e["action"], e["actor"], e["occurred_at"], e["to_status"]) for e in trail] == steps
    assert all(e["actor_name"] for e in trail)
    assert trail[1]["from_status"] == "registered"
    assert trail[6]["data"]["satisfied"] is False
    saved = Ticket.objects.get(pk=ticket["id"])
    assert saved.signoff_opinion == "satisfied"
    with saved.signature.open("rb") as handle:
        assert handle.read() == PNG
    assert list(Callback.objects.filter(ticket=saved).values_list("satisfied", flat=True)) == [
        False,
        True,
    ]


def test_back_entry_before_the_previous_step_is_refused(agent_a, technician, repair_fields):
    with time_machine.travel(at(2026, 11, 2, 12), tick=False):
        desk, field = client_for(agent_a), client_for(technician)
        ticket = new_ticket(desk, occurred_at=iso(at(2026, 11, 2, 9)), **repair_fields)
        too_early = act(
            desk,
            ticket["id"],
            "dispatch",
            {"assignee": technician.pk, "occurred_at": iso(at(2026, 11, 2, 8))},
            expect=None,
        )
        assert_error(too_early, 422, field="occurred_at")
        ok(
            desk,
            ticket["id"],
            "dispatch",
            {"assignee": technician.pk, "occurred_at": iso(at(2026, 11, 2, 10))},
        )
        before_dispatch = act(
            field,
            ticket["id"],
            "survey",
            {**SURVEY_SIMPLE, "occurred_at": iso(at(2026, 11, 2, 9, 30))},
            expect=None,
        )
        assert_error(before_dispatch, 422, field="occurred_at")
        future = act(
            field,
            ticket["id"],
            "survey",
            {**SURVEY_SIMPLE, "occurred_at": iso(at(2026, 11, 2, 13))},
            expect=None,
        )
        assert_error(future, 422, field="occurred_at")
        surveyed = ok(
            field,
            ticket["id"],
            "survey",
            {**SURVEY_SIMPLE, "occurred_at": iso(at(2026, 11, 2, 11))},
        )
        trail = events(desk, ticket["id"])
    assert surveyed["status"] == "surveyed"
    assert [e["occurred_at"] for e in trail] == [
        "2026-11-02T09:00:00+08:00",
        "2026-11-02T10:00:00+08:00",
        "2026-11-02T11:00:00+08:00",
    ]
    # the audit trail keeps when it was entered as well
    assert {e["recorded_at"] for e in trail} == {"2026-11-02T12:00:00+08:00"}


@pytest.fixture
def dispatched(desk, technician, repair_fields):
    ticket = new_ticket(desk, **repair_fields)
    return ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})


# --- survey rules (R-DSP-2, R-WAR-2, R-DSP-5) -------------------------------------------------


def test_contractor_must_attend_from_500_yuan(field, dispatched):
    tid = dispatched["id"]
    body = {**SURVEY_SIMPLE, "estimate": "500.00"}
    assert_error(act(field, tid, "survey", body, None), 422, code="contractor_required")
    assert Ticket.objects.get(pk=tid).status == "dispatched"
    surveyed = ok(field, tid, "survey", {**body, "contractor_present": True})
    assert (surveyed["status"], surveyed["estimate"]) == ("surveyed", "500.00")


def test_contractor_need_not_attend_under_500_yuan(field, dispatched):
    surveyed = ok(field, dispatched["id"], "survey", {**SURVEY_SIMPLE, "estimate": "499.99"})
    assert surveyed["estimate"] == "499.99"


def test_owner_caused_damage_is_paid_service(field, dispatched):
    tid = dispatched["id"]
    for work_class in ("A", "B"):
        body = {**SURVEY_SIMPLE, "responsible_party": "owner", "work_class": work_class}
        assert_error(act(field, tid, "survey", body, None), 422, field="work_class")
    paid = ok(
        field, tid, "survey", {**SURVEY_SIMPLE, "responsible_party": "owner", "work_class": "paid"}
    )
    assert paid["work_class"] == "paid"


def test_out_of_warranty_cannot_be_class_a(desk, field, technician, house_a, customer_a):
    ticket = new_ticket(
        desk,
        house=house_a.pk,
        customer=customer_a.pk,
        category="water_electric",
        component="plumbing",
    )
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    response = act(field, ticket["id"], "survey", SURVEY_SIMPLE, None)
    assert_error(response, 422, field="work_class")
    surveyed = ok(field, ticket["id"], "survey", {**SURVEY_SIMPLE, "work_class": "B"})
    assert surveyed["work_class"] == "B"
    assert surveyed["warranty"]["in_warranty"] is False


def test_survey_judges_the_warranty_again(desk, field, technician, house_new, customer_a):
    ticket = new_ticket(desk, house=house_new.pk, customer=customer_a.pk, category="civil")
    assert ticket["warranty"] is None
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    surveyed = ok(field, ticket["id"], "survey", {**SURVEY_SIMPLE, "component": "leakage"})
    assert surveyed["warranty"] == {
        "in_warranty": True,
        "component": "leakage",
        "expires_on": "2029-06-29",
    }
    assert_error(
        act(field, ticket["id"], "survey", {**SURVEY_SIMPLE, "component": "moat"}, None), 409
    )


@pytest.mark.parametrize(
    "change, field_name",
    [
        ({"responsible_party": "aliens"}, "responsible_party"),
        ({"work_class": "C"}, "work_class"),
        ({"trades": 0}, "trades"),
        ({"estimate": "-1"}, "estimate"),
        ({"estimate": "abc"}, "estimate"),
        ({"component": "moat"}, "component"),
        ({"trades": 2, "trade_names": ["水电"]}, "trade_names"),
    ],
)
def test_invalid_survey_input(field, dispatched, change, field_name):
    response = act(field, dispatched["id"], "survey", {**SURVEY_SIMPLE, **change}, None)
    assert_error(response, 422, field=field_name)
    assert Ticket.objects.get(pk=dispatched["id"]).status == "dispatched"


def test_complex_work_waits_for_the_managers_plan_approval(field, boss, dispatched):
    tid = dispatched["id"]
    ok(field, tid, "survey", {**SURVEY_SIMPLE, "complex_work": True})
    refused = act(field, tid, "start", {}, None)
    assert_error(refused, 409, code="plan_not_approved")
    approved = ok(boss, tid, "approve_plan", {"comment": "同意"})
    assert approved["status"] == "surveyed"
    assert_error(act(boss, tid, "approve_plan", {}, None), 409)
    assert ok(field, tid, "start")["status"] == "in_progress"


def test_simple_work_needs_no_plan(field, boss, dispatched):
    ok(field, dispatched["id"], "survey", SURVEY_SIMPLE)
    assert_error(act(boss, dispatched["id"], "approve_plan", {}, None), 409)
    assert ok(field, dispatched["id"], "start")["status"] == "in_progress"


def test_two_trades_complete_when_both_work_orders_do(desk, field, dispatched):
    tid = dispatched["id"]
    surveyed = ok(
        field, tid, "survey", {**SURVEY_SIMPLE, "trades": 2, "trade_names": ["水电", "泥瓦"]}
    )
    assert surveyed["trades"] == 2
    orders = list(WorkOrder.objects.filter(ticket_id=tid).order_by("id"))
    assert [o.trade for o in orders] == ["水电", "泥瓦"]
    ok(field, tid, "start")
    assert_error(act(field, tid, "complete", {"result": "?"}, None), 422, field="work_order")
    first = ok(field, tid, "complete", {"work_order": orders[0].pk, "result": "换管"})
    assert first["status"] == "in_progress"
    again = act(field, tid, "complete", {"work_order": orders[0].pk}, None)
    assert_error(again, 422, field="work_order")
    stranger = act(field, tid, "complete", {"work_order": 999999}, None)
    assert_error(stranger, 422, field="work_order")
    assert_error(act(desk, tid, "sign_off", {"opinion": "satisfied"}, None), 409)
    done = ok(field, tid, "complete", {"work_order": orders[1].pk, "result": "贴砖"})
    assert done["status"] == "awaiting_signoff"
    assert all(o.completed_at for o in WorkOrder.objects.filter(ticket_id=tid))


def test_resurvey_is_not_possible_once_surveyed(field, dispatched):
    ok(field, dispatched["id"], "survey", SURVEY_SIMPLE)
    assert_error(act(field, dispatched["id"], "survey", SURVEY_SIMPLE, None), 409)


def test_failed_completion_check_sends_the_work_back(desk, field, dispatched):
    tid = dispatched["id"]
    ok(field, tid, "survey", SURVEY_SIMPLE)
    ok(field, tid, "start")
    ok(field, tid, "complete", {"result": "已修复"})
    back = ok(desk, tid, "check", {"passed": False, "note": "仍渗水"})
    assert back["status"] == "in_progress"
    ok(field, tid, "complete", {"result": "返工"})
    assert ok(desk, tid, "check", {"passed": True})["status"] == "awaiting_signoff"


def test_invalid_materials_and_scores(desk, field, dispatched):
    tid = dispatched["id"]
    ok(field, tid, "survey", SURVEY_SIMPLE)
    ok(field, tid, "start")
    no_name = act(field, tid, "complete", {"materials": [{"item": " "}]}, None)
    assert_error(no_name, 422, field="materials")
    ok(field, tid, "complete", {"labour_hours": "2"})
    ok(desk, tid, "sign_off", {"opinion": "satisfied"})
    bad_score = act(desk, tid, "callback", {"satisfied": True, "scores": {"speed": 9}}, None)
    assert_error(bad_score, 422, field="scores")
    assert Ticket.objects.get(pk=tid).status == "awaiting_callback"


def test_dissatisfied_callback_tells_the_service_manager(desk, field, manager, dispatched):
    tid = dispatched["id"]
    ok(field, tid, "survey", SURVEY_SIMPLE)
    ok(field, tid, "start")
    ok(field, tid, "complete")
    ok(desk, tid, "sign_off", {"opinion": "dissatisfied"})
    reopened = ok(desk, tid, "callback", {"satisfied": False, "comment": "没修好"})
    assert reopened["status"] == "reopened"
    trail = events(desk, tid)
    assert trail[-1]["action"] == "callback"
    # R-CB-2: the service manager is told (an in-app message, as for emergencies)
    assert manager.notifications.filter(ticket_id=tid).exists()


def test_reopened_repair_may_be_dispatched_again(desk, field, technician, dispatched):
    tid = dispatched["id"]
    ok(field, tid, "survey", SURVEY_SIMPLE)
    ok(field, tid, "start")
    ok(field, tid, "complete")
    ok(desk, tid, "sign_off", {"opinion": "satisfied"})
    ok(desk, tid, "callback", {"satisfied": False})
    again = ok(desk, tid, "dispatch", {"assignee": technician.pk})
    assert (again["status"], again["reopen_count"]) == ("dispatched", 1)
    assert again["deadlines"]["survey"]["met"] is None


def test_every_action_time_is_kept_in_local_time(agent_a, technician, repair_fields):
    moment = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
    with time_machine.travel(moment, tick=False):
        desk = client_for(agent_a)
        ticket = new_ticket(desk, **repair_fields)
        trail = events(desk, ticket["id"])
    assert trail[0]["occurred_at"] == "2026-11-02T10:00:00+08:00"


def test_survey_judges_the_warranty_on_the_local_date(
    admin, agent_a, technician, project_a, customer_a
):
    """Plumbing delivered 2024-11-23 is covered to 2026-11-22; at 00:30 on the 23rd it is not."""
    from tests.conftest import make_house

    house = make_house(admin, project_a, "7-2-101", delivered_on=dt.date(2024, 11, 23))
    with time_machine.travel(at(2026, 11, 22, 10), tick=False) as clock:
        desk, field = client_for(agent_a), client_for(technician)
        ticket = new_ticket(
            desk,
            house=house.pk,
            customer=customer_a.pk,
            category="water_electric",
            component="plumbing",
        )
        assert ticket["warranty"]["in_warranty"] is True
        ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
        clock.move_to(at(2026, 11, 23, 0, 30))
        response = act(field, ticket["id"], "survey", SURVEY_SIMPLE, expect=None)
    assert_error(response, 422, field="work_class")
