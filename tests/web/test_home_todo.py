"""A home page per role with its to-do counts (issue 10, item 5): each card a count and a link
to the list it counts, registered by its app through ``core.menu.register_home_card``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.core import menu
from aftersales.tickets import services
from aftersales.tickets.models import Deadline, Ticket
from tests.conftest import make_user
from tests.web.test_ticket_views import client_for

pytestmark = pytest.mark.django_db


def _cards(user) -> dict[str, dict]:
    return {str(card["label"]): card for card in menu.home_cards(user)}


def _repair(agent, customer, house, description="卫生间渗漏") -> Ticket:
    return services.register_ticket(
        agent,
        kind="repair",
        channel="hotline",
        description=description,
        customer=customer.pk,
        house=house.pk,
        category="civil",
    )


def _inquiry(agent, customer) -> Ticket:
    return services.register_ticket(
        agent, kind="inquiry", channel="hotline", description="咨询", customer=customer.pk
    )


def test_the_agent_sees_his_tickets_at_risk_and_overdue(agent_a, customer_a):
    mine = _inquiry(agent_a, customer_a)
    late = _inquiry(agent_a, customer_a)
    now = timezone.now()
    Deadline.objects.filter(ticket=late).update(due=now - dt.timedelta(hours=1))
    Deadline.objects.filter(ticket=mine).update(due=now + dt.timedelta(hours=2))
    cards = _cards(agent_a)
    assert cards["我的工单"]["count"] == 2
    assert cards["即将超时"]["count"] == 1
    assert cards["已超时"]["count"] == 1
    workbench = reverse("tickets:workbench")
    assert cards["我的工单"]["url"] == f"{workbench}?queue=mine"
    assert cards["即将超时"]["url"] == f"{workbench}?queue=due_soon"
    assert cards["已超时"]["url"] == f"{workbench}?queue=overdue"
    page = client_for(agent_a).get(reverse("home")).content.decode()
    assert "我的工单" in page and f"{workbench}?queue=overdue" in page


def test_the_technician_sees_his_repairs(agent_a, technician, customer_a, house_a):
    t = _repair(agent_a, customer_a, house_a)
    services.perform(agent_a, t.pk, "dispatch", assignee=technician.pk)
    cards = _cards(technician)
    assert cards["我的工单"]["count"] == 1
    assert cards["我的工单"]["url"] == reverse("tickets:field")
    assert "即将超时" not in cards or cards["即将超时"]["url"].startswith(reverse("tickets:field"))


def test_a_department_sees_what_was_routed_to_it(agent_a, customer_a, house_a):
    engineer = make_user("eng", ["engineer"], name="工程师", department="engineering")
    complaint = services.register_ticket(
        agent_a,
        kind="complaint",
        channel="hotline",
        description="外墙渗水多次未修好",
        customer=customer_a.pk,
        house=house_a.pk,
    )
    assert _cards(engineer)["转本部门处理"]["count"] == 0
    services.perform(agent_a, complaint.pk, "route", departments=["design", "engineering"])
    assert _cards(engineer)["转本部门处理"]["count"] == 1
    other = make_user("legal", ["engineer"], name="法务", department="legal")
    assert _cards(other)["转本部门处理"]["count"] == 0


def test_no_ticket_cards_for_a_user_without_ticket_work(db):
    finance = make_user("fin", ["finance"], name="财务")
    cards = _cards(finance)
    assert "我的工单" not in cards and "已超时" not in cards
