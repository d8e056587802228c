"""Migration estates 0003 fills the stored month and day of birth of the resident IDs already
in the archive (decrypted once), and leaves other documents alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aftersales.core import pii

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("estates", "0002_seed_warranty_catalogue")]
AFTER = [("estates", "0003_customer_id_birth_md")]


def test_existing_resident_ids_get_their_month_and_day():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Customer = old.get_model("estates", "Customer")
    number = "11010519920220123X"  # a check digit is not what the migration reads
    with_id = Customer.objects.create(
        name="孙小美",
        phone="13600000002",
        id_type="id_card",
        id_number_encrypted=pii.encrypt(number),
    )
    passport = Customer.objects.create(
        name="Anna",
        phone="13600000003",
        id_type="passport",
        id_number_encrypted=pii.encrypt("E1234567"),
    )
    bare = Customer.objects.create(name="钱多多", phone="13600000001")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("estates", "Customer")
    assert new.objects.get(pk=with_id.pk).id_birth_md == "0220"
    assert new.objects.get(pk=passport.pk).id_birth_md == ""
    assert new.objects.get(pk=bare.pk).id_birth_md == ""


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """Later tests need the whole schema: migrate forward again, whatever happened."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
