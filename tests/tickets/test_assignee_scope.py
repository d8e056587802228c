"""Dispatch and reassign only to someone who may see the ticket (issue 16, defect 5).

A technician of another estate, or a contractor's user without an accepted transfer, is refused
with 422 ``assignee_out_of_scope`` by the one service, before anyone is told of the ticket; the
API and the web form both go through it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.costs.services.contractors import create_contractor
from aftersales.notify.models import Notification
from aftersales.tickets.models import Ticket
from tests.api.helpers import assert_error
from tests.conftest import make_user
from tests.tickets.helpers import act, new_ticket, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def tech_a(project_a):
    return make_user("tech_a", ["technician"], [project_a], name="甲项目维修工")


@pytest.fixture
def tech_b(project_b):
    return make_user("tech_b", ["technician"], [project_b], name="乙项目维修工")


@pytest.fixture
def contractor_user(admin, project_a):
    company = create_contractor(admin, name="某防水工程公司", projects=[project_a.pk])
    return make_user("cuser", ["contractor"], name="施工单位联系人", contractor=company.pk)


@pytest.fixture
def ticket_a(desk, repair_fields):
    return new_ticket(desk, **repair_fields)


def _told(user) -> int:
    return Notification.objects.filter(recipient=user).count()


def test_dispatch_to_a_technician_of_another_estate_is_refused(desk, ticket_a, tech_b):
    response = act(desk, ticket_a["id"], "dispatch", {"assignee": tech_b.pk}, expect=None)
    body = assert_error(response, 422, "assignee_out_of_scope", field="assignee")
    assert "不负责该工单所属项目" in body["fields"]["assignee"][0]
    assert _told(tech_b) == 0
    ticket = Ticket.objects.get(pk=ticket_a["id"])
    assert (ticket.status, ticket.assignee_id) == ("registered", None)


def test_dispatch_straight_to_a_contractor_user_is_refused(desk, ticket_a, contractor_user):
    response = act(desk, ticket_a["id"], "dispatch", {"assignee": contractor_user.pk}, expect=None)
    body = assert_error(response, 422, "assignee_out_of_scope", field="assignee")
    assert "转交施工单位" in body["fields"]["assignee"][0]
    assert _told(contractor_user) == 0


def test_dispatch_within_the_estate_and_to_central_staff_is_allowed(
    desk, repair_fields, tech_a, technician
):
    first = new_ticket(desk, **repair_fields)
    assert ok(desk, first["id"], "dispatch", {"assignee": tech_a.pk})["assignee"] == tech_a.pk
    second = new_ticket(desk, **repair_fields)
    central = ok(desk, second["id"], "dispatch", {"assignee": technician.pk})
    assert central["assignee"] == technician.pk


def test_reassign_to_a_technician_of_another_estate_is_refused(desk, ticket_a, tech_a, tech_b):
    ok(desk, ticket_a["id"], "dispatch", {"assignee": tech_a.pk})
    before = _told(tech_b)
    response = act(
        desk, ticket_a["id"], "reassign", {"assignee": tech_b.pk, "reason": "人手"}, expect=None
    )
    assert_error(response, 422, "assignee_out_of_scope", field="assignee")
    assert _told(tech_b) == before
    assert Ticket.objects.get(pk=ticket_a["id"]).assignee_id == tech_a.pk


def test_reassign_to_a_contractor_user_without_transfer_is_refused(
    desk, ticket_a, tech_a, contractor_user
):
    ok(desk, ticket_a["id"], "dispatch", {"assignee": tech_a.pk})
    response = act(desk, ticket_a["id"], "reassign", {"assignee": contractor_user.pk}, expect=None)
    assert_error(response, 422, "assignee_out_of_scope", field="assignee")
    assert _told(contractor_user) == 0


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_web_dispatch_and_reassign_refuse_another_estate(agent_a, ticket_a, tech_a, tech_b):
    client = _web(agent_a)
    url = reverse("tickets:action", args=[ticket_a["id"], "dispatch"])
    response = client.post(url, {"assignee": tech_b.pk})
    assert response.status_code == 422
    assert _told(tech_b) == 0
    assert Ticket.objects.get(pk=ticket_a["id"]).status == "registered"
    assert client.post(url, {"assignee": tech_a.pk}).status_code == 302
    url = reverse("tickets:action", args=[ticket_a["id"], "reassign"])
    response = client.post(url, {"assignee": tech_b.pk, "reason": "人手"})
    assert response.status_code == 422
    assert _told(tech_b) == 0
    assert Ticket.objects.get(pk=ticket_a["id"]).assignee_id == tech_a.pk


def test_service_refuses_what_the_web_form_would_not_offer(agent_a, ticket_a, tech_b):
    """The rule is in the service, not only in the form's list of choices."""
    from aftersales.core.errors import Invalid
    from aftersales.tickets.services import perform

    with pytest.raises(Invalid) as refused:
        perform(agent_a, ticket_a["id"], "dispatch", assignee=tech_b.pk)
    assert refused.value.code == "assignee_out_of_scope"
    assert _told(tech_b) == 0
