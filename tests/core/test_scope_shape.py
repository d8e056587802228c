"""The shape of the scope condition (core.scoping): never a repeated record, never DISTINCT.

Along foreign keys the scope is a plain filter; across a relation with many rows (a customer's
projects, an owner's houses) the records are taken by id from a subquery, so no query sorts
wide rows to remove duplicates. A customer with two houses is listed once, and one not yet tied
to any house stays visible to scoped offices.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales.core import scoping
from aftersales.estates.models import Customer, House
from aftersales.tickets.models import TicketEvent
from tests.conftest import make_customer, make_house


def _sql(qs) -> str:
    with CaptureQueriesContext(connection) as ctx:
        list(qs)
    return ctx.captured_queries[-1]["sql"].upper()


def test_a_customer_with_two_houses_in_scope_is_listed_once(admin, agent_a, project_a, customer_a):
    second = make_house(admin, project_a, "9-9-909")
    both = make_customer(
        admin, "赵六", "13900009999", houses=[second, House.objects.get(label="5-1-301")]
    )
    lonely = make_customer(admin, "钱七", "13900008888")  # no house yet
    seen = scoping.visible_to(Customer.objects.order_by("pk"), agent_a)
    pks = list(seen.values_list("pk", flat=True))
    assert pks.count(both.pk) == 1
    assert lonely.pk in pks and customer_a.pk in pks
    assert seen.count() == len(pks) == len(set(pks))


def test_out_of_scope_customers_stay_hidden(agent_b, customer_a, customer_b):
    seen = set(scoping.visible_to(Customer.objects.all(), agent_b).values_list("pk", flat=True))
    assert customer_b.pk in seen and customer_a.pk not in seen


def test_a_foreign_key_path_is_a_plain_filter(agent_a, project_a):
    sql = _sql(scoping.visible_to(TicketEvent.objects.all(), agent_a))
    assert "DISTINCT" not in sql


def test_owner_sees_his_houses_once(owner, house_a):
    seen = list(scoping.visible_to(House.objects.all(), owner).values_list("pk", flat=True))
    assert seen == [house_a.pk]
    assert "DISTINCT" not in _sql(scoping.visible_to(House.objects.all(), owner))
