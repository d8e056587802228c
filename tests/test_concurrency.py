"""Concurrent requests cannot corrupt a record (run on PostgreSQL; SQLite serialises writers).

Each test starts several threads that act at the same moment, each on its own database
connection, and checks the outcome is one of the serial outcomes: exactly one winner for a
unique key, one record for one Idempotency-Key, no lost audit entries.
"""

import json

import pytest
from django.db import connection
from django.test import Client

from aftersales.accounts.services import create_user, issue_token
from aftersales.core.models import AuditEntry
from aftersales.estates.models import House, Project
from tests.concurrency import parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"
    ),
]


@pytest.fixture
def token(db):
    user = create_user(
        None, username="conc-admin", password="x", roles=["admin"], check_password=False
    )
    return issue_token(user)


def _post(token, path, body, **headers):
    response = Client().post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )
    return response.status_code


def test_same_project_code_at_once_has_one_winner(token):
    codes = parallel(6, lambda i: _post(token, "projects", {"code": "RACE", "name": f"项目{i}"}))
    assert sorted(codes) == [201] + [409] * 5
    assert Project.objects.filter(code="RACE").count() == 1


def test_same_idempotency_key_at_once_creates_one_record(token):
    body = {"code": "IDEM", "name": "幂等项目"}
    codes = parallel(6, lambda i: _post(token, "projects", body, **{"Idempotency-Key": "same-key"}))
    assert codes.count(201) >= 1
    assert set(codes) <= {201, 409}
    assert Project.objects.filter(code="IDEM").count() == 1


def test_parallel_edits_of_one_house_are_serialised(token):
    status = _post(token, "projects", {"code": "EDIT", "name": "并发修改"})
    assert status == 201
    project = Project.objects.get(code="EDIT")
    assert (
        _post(
            token,
            "houses",
            {
                "project": project.pk,
                "building": 1,
                "unit": 1,
                "room": 101,
                "delivered_on": "2021-06-30",
            },
        )
        == 201
    )
    house = House.objects.get(project=project)

    def patch(i):
        return (
            Client()
            .patch(
                f"/api/v1/houses/{house.pk}",
                data=json.dumps({"unit_type": f"户型{i}"}),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            .status_code
        )

    assert parallel(5, patch) == [200] * 5
    house.refresh_from_db()
    assert house.unit_type.startswith("户型")
    updates = AuditEntry.objects.filter(
        model="estates.House", object_id=str(house.pk), action="update"
    )
    assert updates.count() == 5  # every acknowledged change is in the trail
