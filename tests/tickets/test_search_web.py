"""The web ticket list (tickets:list), saved views and the house page's ticket history."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.tickets import services
from aftersales.tickets.models import SavedView
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LIST = reverse("tickets:list")


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register(actor, **fields):
    body = {"kind": "repair", "channel": "hotline", "phone": "13800000001"}
    body.update(fields)
    return services.register_ticket(actor, **body)


@pytest.fixture
def tickets(agent_a, agent_b, house_a, house_b):
    return {
        "leak": register(agent_a, house=house_a.pk, description="卫生间漏水"),
        "lock": register(agent_a, house=house_a.pk, description="房门锁坏了"),
        "b": register(agent_b, house=house_b.pk, phone="13900000003", description="厨房漏水"),
    }


def test_list_filters_and_shows_the_tickets(agent_a, tickets):
    page = web(agent_a).get(LIST, {"q": "漏水"})
    assert page.status_code == 200
    text = page.content.decode()
    assert tickets["leak"].number in text
    assert tickets["lock"].number not in text
    assert tickets["b"].number not in text  # project B
    text = web(agent_a).get(LIST, {"number": tickets["lock"].number}).content.decode()
    assert tickets["lock"].number in text and tickets["leak"].number not in text


def test_a_bad_filter_is_a_message_not_an_error(agent_a, tickets):
    page = web(agent_a).get(LIST, {"occurred_from": "2026-02-30", "status": "x"})
    assert page.status_code == 200
    assert "alert-danger" in page.content.decode()


def test_roles_without_the_list_get_403(technician, db):
    assert web(technician).get(LIST).status_code == 403
    analyst = make_user("analyst", ["analyst"])
    assert web(analyst).get(LIST).status_code == 403


def test_scope_agent_b_never_finds_project_a(agent_b, tickets):
    client = web(agent_b)
    for params in (
        {"number": tickets["leak"].number},
        {"q": tickets["leak"].number},
        {"phone": "13800000001"},
        {"q": "卫生间"},
    ):
        text = client.get(LIST, params).content.decode()
        for ticket in (tickets["leak"], tickets["lock"]):
            assert reverse("tickets:detail", args=[ticket.pk]) not in text, params


def test_saved_views_create_list_open_delete(agent_a, tickets):
    client = web(agent_a)
    answer = client.post(
        reverse("tickets:saved_view_create"),
        {"name": "漏水的单子", "query": "q=%E6%BC%8F%E6%B0%B4&status=&page=3"},
    )
    view = SavedView.objects.get(user=agent_a)
    assert view.query == "q=%E6%BC%8F%E6%B0%B4"  # only the filters given, checked
    assert answer.status_code == 302 and answer["Location"].endswith(f"?{view.query}")
    page = client.get(answer["Location"]).content.decode()
    assert "漏水的单子" in page and tickets["leak"].number in page
    # Saving the same name again replaces its filters.
    client.post(
        reverse("tickets:saved_view_create"), {"name": "漏水的单子", "query": "kind=repair"}
    )
    assert list(SavedView.objects.values_list("query", flat=True)) == ["kind=repair"]
    client.post(reverse("tickets:saved_view_delete", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_saving_needs_a_name_and_a_filter(agent_a, tickets):
    client = web(agent_a)
    client.post(reverse("tickets:saved_view_create"), {"name": "", "query": "q=x"})
    client.post(reverse("tickets:saved_view_create"), {"name": "全部", "query": ""})
    client.post(reverse("tickets:saved_view_create"), {"name": "坏", "query": "status=nope"})
    assert not SavedView.objects.exists()


def test_another_users_saved_view_is_not_found(agent_a, project_a, tickets):
    view = SavedView.objects.create(user=agent_a, name="甲的漏水查询", query="q=x")
    colleague = make_user("agent_a2", ["agent"], [project_a])
    client = web(colleague)
    assert client.post(reverse("tickets:saved_view_delete", args=[view.pk])).status_code == 404
    assert "甲的漏水查询" not in client.get(LIST).content.decode()
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_list_query_count_is_bounded(agent_a, house_a, tickets, django_assert_max_num_queries):
    for _ in range(30):
        register(agent_a, house=house_a.pk, description="阳台漏水")
    client = web(agent_a)
    with django_assert_max_num_queries(20):
        assert client.get(LIST, {"q": "漏水"}).status_code == 200


def test_house_page_shows_its_tickets_newest_first_paginated(agent_a, house_a, tickets):
    for i in range(11):
        register(agent_a, house=house_a.pk, description=f"第{i}次报修")
    url = reverse("estates:house_detail", args=[house_a.pk])
    first = web(agent_a).get(url).content.decode()
    assert "第10次报修" in first and "第0次报修" not in first
    assert first.index("第10次报修") < first.index("第9次报修")
    second = web(agent_a).get(url, {"page": 2}).content.decode()
    assert "第0次报修" in second and tickets["leak"].number in second


def test_house_history_is_scoped(manager, agent_a, house_a, house_b, tickets):
    page = web(manager).get(reverse("estates:house_detail", args=[house_b.pk]))
    assert tickets["b"].number in page.content.decode()
    assert tickets["leak"].number not in page.content.decode()
    assert web(agent_a).get(reverse("estates:house_detail", args=[house_b.pk])).status_code == 404
