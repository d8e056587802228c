"""Deadline policies are data an administrator edits (R-CAL-2): the change applies to clocks
started afterwards, bad input is a 422, agents may not, every change is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.core import workcalendar
from aftersales.core.errors import Conflict, Forbidden, Invalid
from aftersales.core.models import AuditEntry
from aftersales.tickets import policies
from aftersales.tickets.models import Deadline, DeadlinePolicy
from tests.api.helpers import assert_error
from tests.tickets.helpers import new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_policy(db):
    return DeadlinePolicy.objects.get(kind="repair", level="*", name="survey")


def _survey_deadline(ticket_id: int) -> Deadline:
    return Deadline.objects.get(ticket_id=ticket_id, name="survey")


def test_edit_changes_the_due_of_a_new_dispatch(
    desk, boss, technician, repair_fields, survey_policy
):
    before = new_ticket(desk, **repair_fields)
    ok(desk, before["id"], "dispatch", {"assignee": technician.pk})

    response = boss.patch(
        f"deadline-policies/{survey_policy.pk}", {"amount": "3", "unit": "working_days"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["amount"] == "3.00"

    after = new_ticket(desk, **repair_fields)
    ok(desk, after["id"], "dispatch", {"assignee": technician.pk})
    old, new = _survey_deadline(before["id"]), _survey_deadline(after["id"])
    assert old.amount == Decimal("1") and new.amount == Decimal("3")
    assert new.due == workcalendar.compute_due(new.started_at, 3, "working_days")
    assert old.due == workcalendar.compute_due(old.started_at, 1, "working_days")
    assert new.due > old.due


@pytest.mark.parametrize(
    ("amount", "unit", "field"),
    [
        ("2", "fortnights", "unit"),
        ("0", "working_days", "amount"),
        ("-1", "natural_hours", "amount"),
        ("10001", "natural_hours", "amount"),
        ("abc", "natural_hours", "amount"),
        ("1.234", "natural_hours", "amount"),
    ],
)
def test_bad_unit_or_amount_is_422(boss, survey_policy, amount, unit, field):
    response = boss.patch(f"deadline-policies/{survey_policy.pk}", {"amount": amount, "unit": unit})
    assert_error(response, 422)
    assert field in response.json()["fields"]
    survey_policy.refresh_from_db()
    assert (survey_policy.amount, survey_policy.unit) == (Decimal("1"), "working_days")


def test_the_upper_bound_is_allowed(admin, survey_policy):
    policy = policies.update_policy(admin, survey_policy, "10000", "natural_hours")
    assert policy.amount == Decimal("10000")


def test_agent_is_forbidden(agent_a, desk, survey_policy):
    with pytest.raises(Forbidden):
        policies.update_policy(agent_a, survey_policy, 2, "working_days")
    assert_error(desk.get("deadline-policies"), 403)
    assert_error(
        desk.patch(f"deadline-policies/{survey_policy.pk}", {"amount": 2, "unit": "working_days"}),
        403,
    )
    client = Client()
    client.force_login(agent_a)
    assert client.get(reverse("tickets:policies")).status_code == 403


def test_change_is_audited(manager, survey_policy):
    policies.update_policy(manager, survey_policy, "2", "natural_days")
    entry = AuditEntry.objects.get(model="tickets.DeadlinePolicy", object_id=str(survey_policy.pk))
    assert entry.action == "update" and entry.actor == manager
    assert entry.before["amount"] == "1.00" and entry.before["unit"] == "working_days"
    assert entry.after["amount"] == "2.00" and entry.after["unit"] == "natural_days"
    assert entry.after["kind"] == "repair" and entry.after["name"] == "survey"


def test_create_and_duplicate(boss, manager):
    body = {
        "kind": "inquiry",
        "level": "urgent",
        "name": "reply",
        "amount": 4,
        "unit": "natural_hours",
    }
    response = boss.post("deadline-policies", body)
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "urgent"
    assert AuditEntry.objects.filter(model="tickets.DeadlinePolicy", action="create").exists()
    assert_error(boss.post("deadline-policies", body), 409)
    with pytest.raises(Conflict):
        policies.create_policy(manager, "repair", "*", "survey", 1, "working_days")
    with pytest.raises(Invalid):
        policies.create_policy(manager, "repair", "someday", "survey", 1, "working_days")


def test_list_api(boss):
    body = boss.get("deadline-policies", {"kind": "complaint", "page_size": 200}).json()
    assert body["count"] == DeadlinePolicy.objects.filter(kind="complaint").count() > 0
    assert {p["kind"] for p in body["results"]} == {"complaint"}


def test_page_lists_by_kind_and_saves_a_row(manager, survey_policy):
    client = Client()
    client.force_login(manager)
    url = reverse("tickets:policies")
    page = client.get(url).content.decode()
    for text in ("报修", "投诉", "勘察", "工作日", "单一工种", "重大投诉"):
        assert text in page
    prefix = f"p{survey_policy.pk}"
    response = client.post(
        url, {"policy": survey_policy.pk, f"{prefix}-amount": "2", f"{prefix}-unit": "working_days"}
    )
    assert response.status_code == 302
    survey_policy.refresh_from_db()
    assert survey_policy.amount == Decimal("2")

    response = client.post(
        url, {"policy": survey_policy.pk, f"{prefix}-amount": "0", f"{prefix}-unit": "working_days"}
    )
    assert response.status_code == 422
    assert "数量应大于 0" in response.content.decode()

    response = client.post(
        url,
        {"policy": survey_policy.pk, f"{prefix}-amount": "5", f"{prefix}-unit": "natural_hours"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f'id="policy-{survey_policy.pk}"' in response.content.decode()
    assert "已保存" in response.content.decode()
