"""Every amount of the ticket actions goes through the one money parser (issue 9, item 6):
more than two decimals is refused with a clear 422, never rounded; floats are refused in the
services (the API's schema reads JSON numbers as exact decimals)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.core.errors import Invalid
from aftersales.tickets.models import Ticket
from aftersales.tickets.services import perform
from tests.api.helpers import assert_error
from tests.tickets.helpers import SURVEY_SIMPLE, act, new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispatched(desk, repair_fields, technician):
    t = new_ticket(desk, **repair_fields)
    return ok(desk, t["id"], "dispatch", {"assignee": technician.pk})


@pytest.mark.parametrize("estimate", ["300.125", 300.125, "1e-3"])
def test_survey_estimate_with_more_than_two_decimals_is_refused(field, dispatched, estimate):
    body = {**SURVEY_SIMPLE, "estimate": estimate}
    response = act(field, dispatched["id"], "survey", body, None)
    error = assert_error(response, 422, field="estimate")
    assert error["fields"]["estimate"] == ["金额最多两位小数"]
    assert Ticket.objects.get(pk=dispatched["id"]).estimate is None


def test_survey_estimate_keeps_its_exact_value(field, dispatched):
    surveyed = ok(field, dispatched["id"], "survey", {**SURVEY_SIMPLE, "estimate": 300.5})
    assert surveyed["estimate"] == "300.50"


def test_a_float_estimate_is_refused_by_the_service(technician, dispatched):
    with pytest.raises(Invalid) as refused:
        perform(technician, dispatched["id"], "survey", **{**SURVEY_SIMPLE, "estimate": 0.1})
    assert refused.value.fields == {"estimate": ['金额应以字符串或整数表示（如 "1200.00"）']}


def test_material_prices_and_hours_follow_the_same_rule(field, dispatched):
    tid = dispatched["id"]
    ok(field, tid, "survey", SURVEY_SIMPLE)
    ok(field, tid, "start")
    body = {
        "result": "已修复",
        "materials": [{"item": "水泥", "quantity": "2", "unit_cost": "3.333"}],
    }
    error = assert_error(act(field, tid, "complete", body, None), 422, field="materials")
    assert error["fields"]["materials"] == ["金额最多两位小数"]
    error = assert_error(
        act(field, tid, "complete", {"result": "已修复", "labour_hours": "1.255"}, None),
        422,
        field="labour_hours",
    )
    assert error["fields"]["labour_hours"] == ["工时最多两位小数"]
    done = ok(field, tid, "complete", {"result": "已修复", "labour_hours": "1.25"})
    assert done["status"] == "awaiting_signoff"


def test_web_survey_form_refuses_a_third_decimal(agent_a, dispatched):
    client = Client()
    client.force_login(agent_a)
    data = {**SURVEY_SIMPLE, "estimate": "300.125"}
    response = client.post(reverse("tickets:action", args=[dispatched["id"], "survey"]), data)
    assert response.status_code == 422
    assert "金额最多两位小数" in response.content.decode()
    assert Ticket.objects.get(pk=dispatched["id"]).estimate is None
    assert Ticket.objects.get(pk=dispatched["id"]).status == "dispatched"
