"""Dates that make sense (issue 10, item 4): when a ticket was received and when a visit is
booked are checked against the house's delivery, the ticket's previous step and a sensible
window — by the service, so the API and the web forms refuse the same values — and the message
names the field as the form labels it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.core.errors import Invalid
from aftersales.tickets import services
from aftersales.tickets.forms import ActionForm, AppointmentForm, IntakeForm
from aftersales.tickets.models import Ticket
from tests.api.helpers import assert_error
from tests.tickets.helpers import client_for, iso, new_ticket, ok
from tests.web.test_ticket_views import client_for as web_client_for

pytestmark = pytest.mark.django_db


def _refused(call, field: str, *words: str) -> str:
    with pytest.raises(Invalid) as caught:
        call()
    assert field in caught.value.fields, caught.value.fields
    message = " ".join(caught.value.fields[field])
    for word in words:
        assert word in message, message
    return message


def test_intake_before_the_house_was_delivered_is_refused(agent_a, house_new, customer_a):
    # house_new was delivered 2024-06-30; a repair received in 2023 is impossible.
    received = dt.datetime(2023, 5, 1, 10, tzinfo=timezone.get_current_timezone())
    _refused(
        lambda: services.register_ticket(
            agent_a,
            kind="repair",
            channel="hotline",
            description="漏水",
            house=house_new.pk,
            customer=customer_a.pk,
            occurred_at=received,
        ),
        "occurred_at",
        "受理时间",
        "2024-06-30",
    )
    assert not Ticket.objects.exists()


def test_intake_in_1990_is_refused_by_the_service_itself(agent_a, customer_a):
    received = dt.datetime(1990, 1, 1, tzinfo=timezone.get_current_timezone())
    _refused(
        lambda: services.register_ticket(
            agent_a,
            kind="inquiry",
            channel="hotline",
            description="咨询",
            customer=customer_a.pk,
            occurred_at=received,
        ),
        "occurred_at",
        "受理时间",
    )


def test_api_refuses_an_intake_before_delivery(agent_a, house_new, customer_a):
    desk = client_for(agent_a)
    response = desk.post(
        "tickets",
        {
            "kind": "repair",
            "channel": "hotline",
            "description": "漏水",
            "house": house_new.pk,
            "customer": customer_a.pk,
            "occurred_at": "2024-06-29T10:00:00+08:00",
        },
    )
    assert_error(response, 422, field="occurred_at")


def test_a_complaint_about_the_delivery_itself_may_predate_it(agent_a, house_new, customer_a):
    """Complaints and inquiries can come before the keys (a late delivery, a sales promise)."""
    received = dt.datetime(2024, 6, 1, 10, tzinfo=timezone.get_current_timezone())
    ticket = services.register_ticket(
        agent_a,
        kind="complaint",
        channel="hotline",
        description="交房延期",
        house=house_new.pk,
        customer=customer_a.pk,
        occurred_at=received,
    )
    assert ticket.occurred_at == received


def _dispatched(agent_a, technician, house_new, customer_a, hours_ago: int):
    desk = client_for(agent_a)
    registered = timezone.now() - dt.timedelta(hours=hours_ago)
    ticket = new_ticket(
        desk,
        house=house_new.pk,
        customer=customer_a.pk,
        category="civil",
        component="leakage",
        occurred_at=iso(registered),
    )
    ok(desk, ticket["id"], "dispatch", {"assignee": technician.pk})
    return ticket, registered


def test_an_appointment_before_the_ticket_was_registered_is_refused(
    agent_a, technician, house_new, customer_a
):
    ticket, registered = _dispatched(agent_a, technician, house_new, customer_a, hours_ago=20)
    before = registered - dt.timedelta(hours=2)  # inside the window (now − 1 day)
    _refused(
        lambda: services.perform(technician, ticket["id"], "appointment", visit_at=before),
        "visit_at",
        "预约上门时间",
    )
    response = client_for(technician).post(
        f"tickets/{ticket['id']}/appointment", {"visit_at": iso(before)}
    )
    assert_error(response, 422, field="visit_at")


@pytest.mark.parametrize("year", [2020, 2035])
def test_an_appointment_years_away_is_refused_by_the_service(
    agent_a, technician, house_new, customer_a, year
):
    ticket, _ = _dispatched(agent_a, technician, house_new, customer_a, hours_ago=1)
    visit = dt.datetime(year, 3, 1, 10, tzinfo=timezone.get_current_timezone())
    _refused(
        lambda: services.perform(technician, ticket["id"], "appointment", visit_at=visit),
        "visit_at",
        "预约上门时间",
    )


def test_a_sensible_appointment_is_accepted(agent_a, technician, house_new, customer_a):
    ticket, _ = _dispatched(agent_a, technician, house_new, customer_a, hours_ago=1)
    visit = timezone.now() + dt.timedelta(days=1)
    services.perform(technician, ticket["id"], "appointment", visit_at=visit)


def test_a_future_intake_names_the_field_as_the_form_labels_it(agent_a, customer_a, house_a):
    later = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = web_client_for(agent_a).post(
        reverse("tickets:workbench"),
        {
            "kind": "repair",
            "channel": "hotline",
            "customer": customer_a.pk,
            "house": house_a.pk,
            "category": "water_electric",
            "urgency": "normal",
            "description": "厨房水管漏水",
            "occurred_at": later,
        },
    )
    page = response.content.decode()
    assert "受理时间" in page
    assert "发生时间" not in page
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("form", "field"),
    [(IntakeForm, "occurred_at"), (ActionForm, "occurred_at"), (AppointmentForm, "visit_at")],
)
def test_every_date_field_message_names_its_label(form, field):
    bound = form.base_fields[field]
    with pytest.raises(Exception) as caught:
        bound.clean("1990-01-01T00:00")
    assert str(bound.label) in str(caught.value), (bound.label, caught.value)
