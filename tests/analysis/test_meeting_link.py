"""The ticket page of a major complaint offers a special meeting (R-RPT-5) to those who hold them."""

from __future__ import annotations

import pytest
from django.test import Client

from aftersales.tickets.services import register_ticket

pytestmark = pytest.mark.django_db


def _complaint(agent, customer, severity):
    return register_ticket(
        agent,
        kind="complaint",
        channel="letter",
        customer=customer.pk,
        description="多次报修无人处理",
        severity=severity,
    )


def _page(user, ticket):
    client = Client()
    client.force_login(user)
    return client.get(f"/tickets/{ticket.pk}/").content.decode()


def test_major_complaint_links_to_a_prefilled_special_meeting(agent_a, manager, customer_a):
    major = _complaint(agent_a, customer_a, "major")
    assert f"/analysis/meetings/new/?ticket={major.number}" in _page(manager, major)
    # an agent may not hold meetings; a minor complaint has no special meeting
    assert "召开专题会议" not in _page(agent_a, major)
    minor = _complaint(agent_a, customer_a, "minor")
    assert "召开专题会议" not in _page(manager, minor)
