"""The complaint desk on the web (R-CMP-1..3): the "routed to my department" queue, the GM's
measures and the manager's sign-off on the ticket page, the handling record on the prints."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aftersales.tickets import monitor, services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def engineer(db):
    return make_user("eng", ["engineer"], name="刘工", department="engineering")


@pytest.fixture
def gm(db):
    return make_user("gm", ["gm"], name="许总", department="management")


@pytest.fixture
def complaint(agent_a, customer_a):
    ticket = services.register_ticket(
        agent_a,
        kind="complaint",
        channel="hotline",
        severity="major",
        customer=customer_a.pk,
        description="外窗大面积渗水，业主要求退房。",
    )
    services.perform(agent_a, ticket.pk, "route", departments=["engineering", "design"])
    return ticket


def test_engineer_sees_the_complaint_in_the_department_queue(engineer, complaint):
    page = client_for(engineer).get(reverse("tickets:routed"))
    assert page.status_code == 200
    text = page.content.decode()
    assert complaint.number in text and "工程材料部" in text
    assert "转本部门的投诉" in text  # in the menu too
    services.perform(engineer, complaint.pk, "feedback", content="已派人查看")
    waiting = client_for(engineer).get(reverse("tickets:routed")).content.decode()
    assert complaint.number not in waiting
    everything = client_for(engineer).get(reverse("tickets:routed") + "?show=all")
    assert complaint.number in everything.content.decode()


def test_overdue_mark_in_the_queue(engineer, complaint):
    later = timezone.now() + dt.timedelta(days=10)
    monitor.sweep(now=later)
    with time_machine.travel(later, tick=False):
        page = client_for(engineer).get(reverse("tickets:routed")).content.decode()
    assert "已超时" in page


def test_owner_cannot_open_the_queue(owner):
    assert client_for(owner).get(reverse("tickets:routed")).status_code == 403


def test_gm_records_measures_on_the_ticket_page(gm, agent_a, complaint):
    page = client_for(gm).get(reverse("tickets:detail", args=[complaint.pk])).content.decode()
    assert "总经理确定处理措施" in page
    assert (
        "总经理确定处理措施"
        not in client_for(agent_a)
        .get(reverse("tickets:detail", args=[complaint.pk]))
        .content.decode()
    )
    due = timezone.localtime(timezone.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(gm).post(
        reverse("tickets:action", args=[complaint.pk, "instruct"]),
        {"measures": "更换外窗并赔偿", "responsible": "工程材料部", "due": due},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    trail = client_for(agent_a).get(reverse("tickets:detail", args=[complaint.pk]))
    assert "更换外窗并赔偿" in trail.content.decode()


def test_resolving_a_major_complaint_first_is_refused_on_the_page(agent_a, complaint):
    response = client_for(agent_a).post(
        reverse("tickets:action", args=[complaint.pk, "resolve"]), {"content": "已处理"}
    )
    assert response.status_code == 409
    assert "总经理或副总经理确定处理措施" in response.content.decode()


def test_complaint_prints_carry_the_handling_record(agent_a, engineer, gm, complaint):
    services.perform(engineer, complaint.pk, "feedback", content="已派人查看外窗")
    services.perform(
        gm,
        complaint.pk,
        "instruct",
        measures="更换外窗",
        responsible="工程材料部",
        due=timezone.now() + dt.timedelta(days=5),
    )
    for form in ("registration", "satisfaction"):
        page = client_for(agent_a).get(reverse("tickets:print", args=[complaint.pk, form]))
        text = page.content.decode()
        assert "处理记录" in text, form
        assert "已派人查看外窗" in text and "设计研发部" in text and "待反馈" in text
        assert "更换外窗" in text and "总经理确定处理措施" in text
