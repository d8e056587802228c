"""Early warning (预警, R-CMP-5): each rule fires on its history and stays quiet otherwise,
within the data scope, for the roles that may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aftersales.core.errors import Forbidden
from aftersales.tickets import services, warnings
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Ticket
from tests.conftest import make_house, make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def report(actor, house, *, days_ago: float = 0, kind="repair", category="civil", text="墙面开裂"):
    return services.register_ticket(
        actor,
        kind=kind,
        channel="hotline",
        description=text,
        phone="13800000001",
        house=house.pk,
        category=category,
        occurred_at=timezone.now() - days_ago * DAY,
    )


def rules(user, now=None) -> dict[str, list]:
    found: dict[str, list] = {}
    for w in warnings.early_warnings(user, now):
        found.setdefault(w.rule, []).append(w)
    return found


@pytest.fixture
def supervisor_b(project_b):
    return make_user("super_b", ["supervisor"], [project_b], name="主管乙")


@pytest.fixture
def building_3(admin, project_a):
    """Five more houses in building 3 of project A."""
    return [make_house(admin, project_a, f"3-1-{100 + i}") for i in range(1, 6)]


def test_quiet_history_gives_no_warning(manager, agent_a, house_a, house_new, building_3):
    report(agent_a, house_a, days_ago=100)  # old
    report(agent_a, house_a, days_ago=10)
    report(agent_a, house_a)
    report(agent_a, house_new, category="hvac", text="暖气不热")
    for house in building_3[:4]:  # four houses only
        report(agent_a, house, days_ago=2, category="fitout", text="瓷砖脱落")
    report(agent_a, building_3[4], days_ago=40, category="fitout")  # the fifth is too old
    assert rules(manager) == {}


def test_repeat_reports_from_one_house(manager, agent_a, house_a):
    for days in (80, 30, 1):
        report(agent_a, house_a, days_ago=days)
    found = rules(manager)
    assert list(found) == [warnings.REPEAT]
    [w] = found[warnings.REPEAT]
    assert (w.house, w.count, w.label) == (house_a, 3, "同一房屋重复报事")
    assert len(w.tickets) == 3
    # A hundred days later the oldest has left the window.
    assert rules(manager, timezone.now() + 15 * DAY) == {}


def test_reopened_ticket_still_open(manager, agent_a, house_a):
    ticket = report(agent_a, house_a)
    Ticket.objects.filter(pk=ticket.pk).update(reopen_count=1, status=Status.REOPENED)
    [w] = rules(manager)[warnings.REOPENED]
    assert w.ticket.pk == ticket.pk and w.count == 1
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)
    assert rules(manager) == {}


def test_overdue_open_ticket(manager, agent_a, house_a):
    inquiry = report(agent_a, house_a, kind="inquiry", days_ago=3)  # reply due in 24 h
    found = rules(manager)
    assert list(found) == [warnings.OVERDUE]
    [w] = found[warnings.OVERDUE]
    assert w.ticket.pk == inquiry.pk
    assert "答复" in w.detail
    # Two days earlier the clock still ran.
    assert rules(manager, timezone.now() - 2.5 * DAY) == {}


def test_group_complaint_in_one_building(manager, agent_a, building_3):
    for house in building_3:
        report(agent_a, house, days_ago=5, category="water_electric", text="停水")
    found = rules(manager)
    assert list(found) == [warnings.GROUP]
    [w] = found[warnings.GROUP]
    assert w.building == building_3[0].building
    assert w.count == 5 and len(w.tickets) == 5
    assert "水电" in w.detail


def test_sensitive_words_in_open_tickets(manager, agent_a, house_a, house_new):
    loud = report(agent_a, house_a, text="再不修好我就找记者曝光，还要打 12345")
    closed = report(agent_a, house_new, text="已经请了律师")
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    [w] = rules(manager)[warnings.SENSITIVE]
    assert w.ticket.pk == loud.pk
    assert w.count == 3
    assert "记者" in w.detail and "曝光" in w.detail and "12345" in w.detail
    assert set(warnings.SENSITIVE_WORDS) >= {"媒体", "律师", "起诉", "住建局", "退房"}


def test_scope_other_project_sees_none(manager, supervisor_b, agent_a, house_a):
    report(agent_a, house_a, text="我要起诉")
    for days in (20, 10):
        report(agent_a, house_a, days_ago=days)
    assert set(rules(manager)) == {warnings.REPEAT, warnings.SENSITIVE}
    assert rules(supervisor_b) == {}
    assert client_for(supervisor_b).get("warnings").json() == {"count": 0, "results": []}
    client = Client()
    client.force_login(supervisor_b)
    page = client.get(reverse("tickets:warnings")).content.decode()
    assert "当前没有需要关注的预警" in page
    assert house_a.label not in page


def test_page_and_api_list_the_warnings(manager, agent_a, house_a):
    ticket = report(agent_a, house_a, text="找媒体")
    for days in (20, 10):
        report(agent_a, house_a, days_ago=days)
    body = client_for(manager).get("warnings").json()
    assert body["count"] == 2
    by_rule = {w["rule"]: w for w in body["results"]}
    assert by_rule["repeat_reports"]["house"] == house_a.pk
    assert by_rule["sensitive_words"]["ticket"] == ticket.pk
    assert by_rule["sensitive_words"]["ticket_number"] == ticket.number
    only = client_for(manager).get("warnings", {"rule": "sensitive_words"}).json()
    assert [w["rule"] for w in only["results"]] == ["sensitive_words"]

    client = Client()
    client.force_login(manager)
    page = client.get(reverse("tickets:warnings")).content.decode()
    assert reverse("tickets:detail", args=[ticket.pk]) in page
    assert reverse("estates:house_detail", args=[house_a.pk]) in page
    assert "同一房屋重复报事" in page and "敏感词" in page


def test_forbidden_to_a_technician(technician, agent_a):
    with pytest.raises(Forbidden):
        warnings.early_warnings(technician)
    assert client_for(technician).get("warnings").status_code == 403
    assert client_for(agent_a).get("warnings").status_code == 403
    client = Client()
    client.force_login(technician)
    assert client.get(reverse("tickets:warnings")).status_code == 403
