"""The web forms refuse the same dates, moments and texts as the API (issue 16, defects 1 and 6):
one form field per kind of value, bounded by the windows of ``core.bounds``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.core import bounds
from aftersales.core.forms import DayField, MomentField, TextField
from aftersales.tickets import services
from aftersales.tickets.models import Ticket
from tests.web.test_ticket_views import act, client_for

pytestmark = pytest.mark.django_db


def _intake(customer_a, house_a, **extra) -> dict:
    data = {
        "kind": "repair",
        "channel": "hotline",
        "customer": customer_a.pk,
        "house": house_a.pk,
        "category": "water_electric",
        "urgency": "normal",
        "description": "厨房水管漏水",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "1900-01-01T00:00", "9999-12-31T23:59", "1"])
def test_intake_form_refuses_a_moment_outside_its_window(agent_a, customer_a, house_a, value):
    client = client_for(agent_a)
    response = client.post(
        reverse("tickets:workbench"), _intake(customer_a, house_a, occurred_at=value)
    )
    assert response.status_code in (200, 422)
    assert not Ticket.objects.exists()
    assert client.get(reverse("tickets:workbench")).status_code == 200


def test_intake_form_refuses_control_characters(agent_a, customer_a, house_a):
    response = client_for(agent_a).post(
        reverse("tickets:workbench"), _intake(customer_a, house_a, description="漏水\x01\x1b")
    )
    assert response.status_code in (200, 422)
    assert not Ticket.objects.exists()


def test_extension_form_refuses_year_ten_thousand(agent_a, customer_a):
    inquiry = services.register_ticket(
        agent_a, kind="inquiry", channel="hotline", description="咨询", customer=customer_a.pk
    )
    data = {"deadline": "reply", "due": "9999-12-31T23:59", "customer_consent": "on"}
    response = act(client_for(agent_a), inquiry, "extend", data)
    assert response.status_code == 422
    assert not inquiry.events.filter(action="extend").exists()


def test_the_fields_check_their_windows():
    moment = MomentField(window=bounds.APPOINTMENT, required=False)
    soon = timezone.localtime() + dt.timedelta(days=2)
    assert moment.clean(soon.strftime("%Y-%m-%dT%H:%M")) is not None
    for bad in ("0001-01-01T00:00", "2100-01-01T00:00"):
        with pytest.raises(Exception, match="允许范围|有效"):
            moment.clean(bad)
    day = DayField(required=False)
    assert day.clean("2026-01-01") == dt.date(2026, 1, 1)
    with pytest.raises(Exception, match="允许范围"):
        day.clean("0001-01-01")
    text = TextField(required=False)
    assert text.clean("第一行\t甲\r\n第二行") == "第一行\t甲\r\n第二行"
    for bad in ("a\x00b", "a\x01b", "a\ud800b", "a\x7fb"):
        with pytest.raises(Exception, match="字符"):
            text.clean(bad)
