"""``Customer.has_house`` follows the customer's house links on every path that writes them,
and a scoped office sees a customer with no house yet (so that it can link him) but not one
whose houses are all elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aftersales.core import scoping
from aftersales.estates import importer, services
from aftersales.estates.models import Customer, CustomerHouse
from tests.conftest import make_customer
from tests.estates.test_import import admin1, roster_row, upload, xlsx  # noqa: F401


def _has(customer) -> bool:
    return Customer.objects.get(pk=customer.pk).has_house


def test_services_keep_the_marker(admin, agent_a, agent_b, house_a, house_b):
    lonely = make_customer(admin, "钱七", "13900008888")
    assert not _has(lonely)
    # No house yet: both scoped offices may find him to link him.
    for agent in (agent_a, agent_b):
        assert scoping.visible_to(Customer.objects.filter(pk=lonely.pk), agent).exists()
    link = services.link_house(admin, lonely, services.HouseLink(house=house_b))
    assert _has(lonely)
    assert not scoping.visible_to(Customer.objects.filter(pk=lonely.pk), agent_a).exists()
    assert scoping.visible_to(Customer.objects.filter(pk=lonely.pk), agent_b).exists()
    services.unlink_house(admin, link)
    assert not _has(lonely)
    assert scoping.visible_to(Customer.objects.filter(pk=lonely.pk), agent_a).exists()


def test_created_with_a_house_and_removed_with_it(admin, house_a):
    customer = make_customer(admin, "赵六", "13900009999", houses=[house_a])
    assert _has(customer)
    CustomerHouse.objects.filter(customer=customer).delete()  # a cascade, e.g. a house removed
    assert not _has(customer)


def test_the_roster_import_sets_it_in_bulk(admin1):  # noqa: F811
    job = importer.run_import_sync(admin1, upload(xlsx([roster_row()])), dry_run=False)
    assert job.status == "applied", job.errors
    customer = Customer.objects.get(name="张伟")
    assert customer.house_links.exists() and customer.has_house


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_it_for_existing_customers():
    before, after = (
        [("estates", "0003_customer_id_birth_md")],
        [("estates", "0004_customer_has_house")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Customer_, Project, Building, House, Link = (
        old.get_model("estates", name)
        for name in ("Customer", "Project", "Building", "House", "CustomerHouse")
    )
    project = Project.objects.create(code="MG01", name="迁移")
    building = Building.objects.create(project=project, name="1")
    house = House.objects.create(
        project=project, building=building, unit="1", room="101", label="1-1-101"
    )
    linked = Customer_.objects.create(name="有房", phone="13600000011")
    Link.objects.create(customer=linked, house=house, role="owner")
    bare = Customer_.objects.create(name="无房", phone="13600000012")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert Customer.objects.get(pk=linked.pk).has_house
    assert not Customer.objects.get(pk=bare.pk).has_house


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema(request):
    """Later tests need the whole schema: migrate forward again, whatever happened."""
    yield
    if "transactional_db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
