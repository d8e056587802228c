"""Intake stays cheap (issue 3): a bounded number of queries per request, an answer built from
the ticket in hand, and caches (token → user, notification templates) that forget on change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from aftersales.accounts.models import ApiToken, Role, User
from aftersales.accounts.services import update_user
from aftersales.api import auth
from aftersales.core import projections
from aftersales.estates.services import set_project_warranty_term
from aftersales.notify import services as notify
from aftersales.notify import templates
from aftersales.notify.models import Notification, NotificationTemplate
from tests.api.helpers import assert_error
from tests.tickets.helpers import client_for, new_ticket

pytestmark = pytest.mark.django_db

# A repair for a house, with a phone that finds its customer, a component to judge and an SMS
# receipt: every lookup intake makes. Token, roles, scope and the SMS template come from the
# cache. The transaction (2), customer, house, component with its project term, ticket,
# duplicates, event, number (2), SMS = 11. Projections of ticket events (the report facts) are
# other apps' work with their own cost and are left out (see _intake_only).
MAX_REPAIR_QUERIES = 11
# A complaint also starts two clocks (policies cached; 6 statements each to write a clock).
MAX_COMPLAINT_QUERIES = 23


@pytest.fixture
def _intake_only(monkeypatch):
    """Mute the projections of ticket events (other apps' read models) while counting."""
    monkeypatch.setattr(projections, "_PROJECTORS", {})


def _repair(house, **extra) -> dict:
    return {
        "house": house.pk,
        "phone": "13800000001",
        "category": "civil",
        "component": "leakage",
        **extra,
    }


def _count(fn) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        result = fn()
    return result, [q["sql"] for q in queries.captured_queries]


def test_repair_intake_stays_within_its_query_budget(desk, house_new, customer_a, _intake_only):
    new_ticket(desk, **_repair(house_new))  # the token is read once, then cached
    ticket, sql = _count(lambda: new_ticket(desk, **_repair(house_new)))
    assert len(sql) <= MAX_REPAIR_QUERIES, "\n".join(sql)
    assert not [q for q in sql if "accounts_apitoken" in q or "accounts_role" in q]
    assert ticket["customer"] == customer_a.pk
    assert ticket["warranty"]["in_warranty"] is True
    assert Notification.objects.filter(ticket_id=ticket["id"], channel="sms").exists()


def test_complaint_intake_stays_within_its_query_budget(desk, house_new, customer_a, _intake_only):
    new_ticket(desk, kind="complaint", **_repair(house_new))
    ticket, sql = _count(lambda: new_ticket(desk, kind="complaint", **_repair(house_new)))
    assert len(sql) <= MAX_COMPLAINT_QUERIES, "\n".join(sql)
    assert set(ticket["deadlines"]) == {"reply", "resolution"}


@pytest.mark.parametrize("kind", ["repair", "complaint", "inquiry"])
def test_answer_is_the_ticket_as_read_back(desk, house_new, customer_a, kind):
    new_ticket(desk, **_repair(house_new))
    made = new_ticket(desk, kind=kind, urgency="urgent", **_repair(house_new))
    read = desk.get(f"tickets/{made['id']}").json()
    assert made.pop("duplicates")  # the first report of the same house and category
    read.pop("duplicates")
    for name in made["deadlines"]:  # counted down between the two requests
        made["deadlines"][name].pop("remaining_seconds")
        read["deadlines"][name].pop("remaining_seconds")
    assert made == read


def test_back_entered_moment_answers_as_read_back(desk, house_new, customer_a):
    made = new_ticket(desk, occurred_at="2026-01-05T09:30:00+08:00", **_repair(house_new))
    read = desk.get(f"tickets/{made['id']}").json()
    assert made["occurred_at"] == read["occurred_at"]
    assert made["registered_at"] == read["registered_at"]


def test_duplicates_list_open_tickets_of_the_same_house_and_category(desk, house_new):
    first = new_ticket(desk, **_repair(house_new))
    second = new_ticket(desk, **_repair(house_new))
    other = new_ticket(desk, **_repair(house_new, category="hvac"))
    assert first["duplicates"] == []
    assert second["duplicates"] == [first["number"]]
    assert other["duplicates"] == []


def test_project_warranty_term_applies_in_the_one_query(
    admin, desk, house_a, customer_a, project_a
):
    # house_a was delivered 2021-06-30: plumbing (24 months) is out of warranty...
    assert new_ticket(desk, **_repair(house_a, component="plumbing"))["warranty"][
        "in_warranty"
    ] is (False)
    set_project_warranty_term(admin, project_a, "plumbing", 1200)
    ticket = new_ticket(desk, **_repair(house_a, component="plumbing"))
    assert ticket["warranty"] == {
        "in_warranty": True,
        "component": "plumbing",
        "expires_on": "2121-06-29",
    }


def test_unknown_component_is_refused_with_or_without_a_house(desk, house_new):
    for extra in ({"house": house_new.pk}, {}):
        body = {"phone": "13800000001", "component": "chimney", **extra}
        assert_error(
            desk.post(
                "tickets", {"kind": "repair", "channel": "hotline", "description": "x", **body}
            ),
            422,
            field="component",
        )


# --- the token cache forgets on change --------------------------------------------------------


def test_deleted_token_stops_working_at_once(agent_a, house_new):
    desk = client_for(agent_a)
    new_ticket(desk, **_repair(house_new))
    ApiToken.objects.filter(user=agent_a).delete()
    assert_error(desk.post("tickets", {"kind": "repair"}), 401)


def test_removed_role_stops_working_at_once(admin, agent_a, house_new):
    desk = client_for(agent_a)
    new_ticket(desk, **_repair(house_new))
    update_user(admin, agent_a, roles=["technician"])
    new_ticket(desk, expect=403, **_repair(house_new))


def test_role_removed_through_the_relation_stops_working(agent_a, house_new):
    desk = client_for(agent_a)
    new_ticket(desk, **_repair(house_new))
    agent_a.roles.remove(Role.objects.get(code="agent"))
    new_ticket(desk, expect=403, **_repair(house_new))


def test_deleted_role_stops_working(agent_a, house_new):
    desk = client_for(agent_a)
    new_ticket(desk, **_repair(house_new))
    Role.objects.filter(code="agent").delete()
    new_ticket(desk, expect=403, **_repair(house_new))


def test_narrowed_scope_applies_at_once(admin, agent_a, house_new, project_b):
    desk = client_for(agent_a)
    new_ticket(desk, **_repair(house_new))
    update_user(admin, agent_a, projects=[project_b.pk])
    body = new_ticket(desk, expect=422, **_repair(house_new))
    assert "house" in body["fields"]


def test_deactivated_user_stops_working_at_once(admin, agent_a, house_new):
    desk = client_for(agent_a)
    new_ticket(desk, **_repair(house_new))
    update_user(admin, agent_a, is_active=False)
    assert_error(desk.post("tickets", {"kind": "repair"}), 401)


def test_cached_token_still_expires_on_time(agent_a, house_new, settings):
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        desk = client_for(agent_a)
        new_ticket(desk, **_repair(house_new))
    expiry = start + dt.timedelta(days=settings.API_TOKEN_DAYS)
    with time_machine.travel(expiry - dt.timedelta(seconds=1), tick=False):
        token = ApiToken.objects.get(user=agent_a)
        # warm the cache just before the expiry, then step past it within the cache's life
        assert auth.cached_user_for_token(desk.token) == agent_a
        assert token.expires_at == expiry
    with time_machine.travel(expiry + dt.timedelta(seconds=1), tick=False):
        assert auth.cached_user_for_token(desk.token) is None


def test_change_unseen_by_signals_is_seen_within_the_documented_time(agent_a, house_new):
    """Another process's change (here: an update that sends no signal) is bounded by the TTL."""
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        desk = client_for(agent_a)
        new_ticket(desk, **_repair(house_new))
        User.objects.filter(pk=agent_a.pk).update(is_active=False)
        assert auth.cached_user_for_token(desk.token) is not None  # still cached
    later = start + dt.timedelta(seconds=auth.CACHE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert auth.cached_user_for_token(desk.token) is None


def test_each_request_gets_its_own_user_object(agent_a):
    desk = client_for(agent_a)
    first = auth.cached_user_for_token(desk.token)
    second = auth.cached_user_for_token(desk.token)
    assert first == second == agent_a
    assert first is not second
    assert second.role_codes() == {"agent"}


# --- notification templates, cached ---------------------------------------------------------


def test_edited_template_is_used_at_once(admin, desk, house_new):
    new_ticket(desk, **_repair(house_new))
    template = NotificationTemplate.objects.get(code="ticket_registered")
    templates.update_template(admin, template, "已受理", "工单 {number} 已受理（新模板）", True)
    ticket = new_ticket(desk, **_repair(house_new))
    sms = Notification.objects.get(ticket_id=ticket["id"], channel="sms")
    assert sms.body == f"工单 {ticket['number']} 已受理（新模板）"


def test_deactivated_template_falls_back_at_once(admin, desk, house_new):
    notify.render("ticket_registered", {"number": "X"})
    template = NotificationTemplate.objects.get(code="ticket_registered")
    templates.update_template(admin, template, template.subject, template.body, False)
    assert notify.render("ticket_registered", {"number": "X"}) == ("ticket_registered", "number=X")


def test_rolled_back_template_edit_leaves_nothing_cached(admin):
    before = notify.render("emergency", {"number": "N1"})
    with pytest.raises(RuntimeError), transaction.atomic():
        template = NotificationTemplate.objects.get(code="emergency")
        templates.update_template(admin, template, "改 {number}", "改 {number}", True)
        assert notify.render("emergency", {"number": "N1"}) == ("改 N1", "改 N1")
        raise RuntimeError("rolled back")
    assert notify.render("emergency", {"number": "N1"}) == before


def test_template_is_read_once(db):
    notify.render("emergency", {"number": "N1"})
    _, sql = _count(lambda: notify.render("emergency", {"number": "N2"}))
    assert sql == []


# --- deadline policies, cached ------------------------------------------------------------------


def test_changed_policy_applies_to_the_next_intake(manager, desk, house_new):
    from aftersales.tickets.models import DeadlinePolicy
    from aftersales.tickets.policies import update_policy

    first = new_ticket(desk, kind="inquiry", **_repair(house_new))
    policy = DeadlinePolicy.objects.get(kind="inquiry", name="reply", level="*")
    update_policy(manager, policy, "7", "natural_days")
    second = new_ticket(desk, kind="inquiry", **_repair(house_new))
    due = [dt.datetime.fromisoformat(t["deadlines"]["reply"]["due"]) for t in (first, second)]
    registered = [dt.datetime.fromisoformat(t["registered_at"]) for t in (first, second)]
    assert due[1] - registered[1] > dt.timedelta(days=6)
    assert due[0] - registered[0] < dt.timedelta(days=6)
