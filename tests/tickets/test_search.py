"""Ticket search (tickets/search.py): every filter, the keyword, scope, the API's parameters."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from aftersales.core.errors import Invalid
from aftersales.tickets import search, services
from aftersales.tickets.models import Ticket
from tests.api.helpers import assert_error, ids
from tests.conftest import make_customer
from tests.tickets.helpers import at, client_for

pytestmark = pytest.mark.django_db


def register(actor, **fields) -> Ticket:
    body = {"kind": "repair", "channel": "hotline", "description": "卫生间顶棚渗水"}
    body.update(fields)
    return services.register_ticket(actor, **body)


def found(user, **filters) -> list[int]:
    return list(search.search_tickets(user, search.parse(filters)).values_list("pk", flat=True))


@pytest.fixture
def world(agent_a, agent_b, technician, project_a, project_b, house_a, house_b, customer_a):
    from aftersales.estates.models import Customer, House

    li_na = Customer.objects.get(name="李娜")
    house_1202 = House.objects.get(label="3-2-1202")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        leak = register(
            agent_a,
            house=house_a.pk,
            customer=customer_a.pk,
            category="water_electric",
            description="卫生间下水管道漏水，楼下天花板有水渍",
            occurred_at=at(2026, 3, 2, 9),
        )
    with time_machine.travel(at(2026, 4, 10, 10), tick=False):
        lock = register(
            agent_a,
            house=house_1202.pk,
            customer=li_na.pk,
            category="doors_windows",
            description="房门锁坏了，钥匙打不开",
            occurred_at=at(2026, 4, 10, 9),
        )
        complaint = register(
            agent_a,
            kind="complaint",
            customer=customer_a.pk,
            phone="13700000009",
            description="对维修进度不满意",
            occurred_at=at(2026, 4, 10, 9),
        )
        services.perform(agent_a, lock.pk, "dispatch", assignee=technician.pk)
        other = register(
            agent_b,
            house=house_b.pk,
            customer=Customer.objects.get(name="王芳").pk,
            description="厨房下水管道漏水",
            occurred_at=at(2026, 4, 10, 9),
        )
    return {"leak": leak, "lock": lock, "complaint": complaint, "other": other}


def test_each_filter(agent_a, technician, project_a, house_a, customer_a, world):
    leak, lock, complaint = world["leak"], world["lock"], world["complaint"]
    assert found(agent_a) == [complaint.pk, lock.pk, leak.pk]
    assert found(agent_a, number=lock.number) == [lock.pk]
    assert found(agent_a, number=lock.number.lower()) == [lock.pk]
    assert found(agent_a, name="李") == [lock.pk]
    assert found(agent_a, house=house_a.pk) == [leak.pk]
    assert found(agent_a, house_label="3-2-120") == [lock.pk, leak.pk]
    assert found(agent_a, customer=customer_a.pk) == [complaint.pk, leak.pk]
    assert found(agent_a, project=project_a.pk) == [complaint.pk, lock.pk, leak.pk]
    assert found(agent_a, status="dispatched") == [lock.pk]
    assert found(agent_a, kind="complaint") == [complaint.pk]
    assert found(agent_a, category="doors_windows") == [lock.pk]
    assert found(agent_a, assignee=technician.pk) == [lock.pk]
    assert found(agent_a, occurred_from="2026-04-01") == [complaint.pk, lock.pk]
    assert found(agent_a, occurred_to="2026-03-02") == [leak.pk]
    assert found(agent_a, occurred_from="2026-03-02", occurred_to="2026-03-02") == [leak.pk]
    # Filters combine (AND).
    assert found(agent_a, kind="repair", name="张") == [leak.pk]


def test_phone_finds_the_tickets_phone_and_the_customers(agent_a, world):
    # The complaint carries its own contact phone; 张伟's tickets are found by his phone.
    assert found(agent_a, phone="13700000009") == [world["complaint"].pk]
    assert found(agent_a, phone="138-0000-0001") == [world["complaint"].pk, world["leak"].pk]
    assert found(agent_a, phone="+8613800000002") == [world["lock"].pk]
    assert found(agent_a, phone="13800000099") == []


def test_phone_matches_a_customers_second_phone(admin, agent_a, project_a, house_a):
    make_customer(admin, "赵敏", "13600000001", [house_a], phone2="13600000002")
    ticket = register(agent_a, phone="13600000001", house=house_a.pk)
    assert found(agent_a, phone="13600000002") == [ticket.pk]


def test_overdue(agent_a, world):
    # On 2026-06-01 the dispatched repair's survey and the complaint's reply are long late; the
    # undispatched repair has no clock running yet.
    with time_machine.travel(at(2026, 6, 1, 10), tick=False):
        assert found(agent_a, overdue="true") == [world["complaint"].pk, world["lock"].pk]
    with time_machine.travel(at(2026, 3, 2, 10, 30), tick=False):
        assert found(agent_a, overdue="true") == []


def test_keyword_searches_descriptions_numbers_and_house_labels(agent_a, world):
    leak, lock = world["leak"], world["lock"]
    assert found(agent_a, q="漏水") == [leak.pk]
    assert found(agent_a, q="门锁") == [lock.pk]  # across jieba's cut 房门/锁
    assert found(agent_a, q="管道") == [leak.pk]
    assert found(agent_a, q="下水管道 水渍") == [leak.pk]
    assert found(agent_a, q=lock.number) == [lock.pk]
    assert found(agent_a, q="3-2-1201") == [leak.pk]
    assert found(agent_a, q="燃气") == []


def test_scope_agent_b_never_finds_project_a(agent_b, world):
    leak, lock, other = world["leak"], world["lock"], world["other"]
    assert found(agent_b, number=lock.number) == []
    assert found(agent_b, q=lock.number) == []
    assert found(agent_b, phone="13800000001") == []
    assert found(agent_b, name="张伟") == []
    assert found(agent_b, q="漏水") == [other.pk]
    assert found(agent_b, q="3-2-1201") == []
    assert leak.pk not in found(agent_b)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "nonsense"}, "status"),
        ({"kind": "x"}, "kind"),
        ({"category": "x"}, "category"),
        ({"occurred_from": "2026-13-01"}, "occurred_from"),
        ({"occurred_to": "1800-01-01"}, "occurred_to"),
        ({"occurred_from": "2026-05-02", "occurred_to": "2026-05-01"}, "occurred_to"),
        ({"phone": "12345"}, "phone"),
        ({"house": "abc"}, "house"),
        ({"overdue": "maybe"}, "overdue"),
        ({"q": "漏" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_values_are_refused_by_field(params, field):
    with pytest.raises(Invalid) as caught:
        search.parse(params)
    assert field in caught.value.fields


def test_api_uses_the_same_filters(agent_a, world):
    desk = client_for(agent_a)
    lock = world["lock"]
    assert ids(desk.get("tickets", {"q": "门锁"})) == [lock.pk]
    assert ids(desk.get("tickets", {"phone": "13800000002"})) == [lock.pk]
    assert ids(desk.get("tickets", {"name": "李娜"})) == [lock.pk]
    assert ids(desk.get("tickets", {"category": "doors_windows"})) == [lock.pk]
    assert ids(desk.get("tickets", {"house_label": "3-2-1202"})) == [lock.pk]
    assert ids(
        desk.get("tickets", {"occurred_from": "2026-04-10", "occurred_to": "2026-04-10"})
    ) == [world["complaint"].pk, lock.pk]
    assert ids(desk.get("tickets", {"overdue": "false"})) == ids(desk.get("tickets"))
    assert_error(desk.get("tickets", {"status": "nonsense"}), 422)
    assert_error(desk.get("tickets", {"occurred_from": "yesterday"}), 422)
    assert_error(desk.get("tickets", {"phone": "12"}), 422)


def test_api_documents_the_filters(api):
    schema = api().get("openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/tickets"]["get"]["parameters"]}
    assert params >= {
        "status",
        "kind",
        "category",
        "project",
        "house",
        "house_label",
        "customer",
        "name",
        "phone",
        "assignee",
        "overdue",
        "number",
        "occurred_from",
        "occurred_to",
        "q",
    }


def test_query_count_is_bounded(agent_a, house_a, world, django_assert_max_num_queries):
    for _ in range(5):
        register(agent_a, house=house_a.pk, phone="13800000001", description="阳台漏水")
    desk = client_for(agent_a)
    for params in ({}, {"q": "漏水"}, {"phone": "13800000001"}, {"name": "张"}):
        # sign-in (4), scope (1), count, page, clocks, work orders, one look-up for the filter
        with django_assert_max_num_queries(10):
            assert desk.get("tickets", params).status_code == 200


def test_sqlite_searches_the_description_itself(agent_a, world):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite fallback")
    assert Ticket.objects.get(pk=world["leak"].pk).search_vector is None
    assert found(agent_a, q="水渍") == [world["leak"].pk]


def test_period_boundaries_are_local_days(agent_a, project_a, house_a):
    with time_machine.travel(at(2026, 5, 1, 0, 10), tick=False):
        first = register(
            agent_a, house=house_a.pk, phone="13800000001", occurred_at=at(2026, 5, 1, 0, 5)
        )
    with time_machine.travel(at(2026, 5, 1, 23, 59), tick=False):
        last = register(
            agent_a, house=house_a.pk, phone="13800000001", occurred_at=at(2026, 5, 1, 23, 58)
        )
    day = dt.date(2026, 5, 1).isoformat()
    assert found(agent_a, occurred_from=day, occurred_to=day) == [last.pk, first.pk]
    assert found(agent_a, occurred_to="2026-04-30") == []


def test_a_keyword_search_counts_up_to_the_limit(agent_a, world, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    desk = client_for(agent_a)
    for _ in range(2):
        register(agent_a, phone="13800000001", description="阳台漏水")
    page = desk.get("tickets", {"q": "漏水", "page_size": 2}).json()
    assert page["count"] == 2 and len(page["results"]) == 2
    assert desk.get("tickets", {"kind": "repair"}).json()["count"] == 4  # no keyword: exact
    found = search.counted(agent_a, search.TicketSearch(q="漏水"))
    assert found.capped
    assert not search.counted(agent_a, search.TicketSearch(q="门锁")).capped
