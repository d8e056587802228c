"""A replayed answer goes through the door again; replay bodies hold no secrets (issue 16, defect 3).

Before the fix a deactivated user still got the full ID number back by replaying a key, three
reveals made one audit entry, and the stored bodies held ID numbers and bearer tokens in clear.
"""

from __future__ import annotations

import pytest

from aftersales.accounts.models import Role
from aftersales.core.models import AuditEntry, IdempotencyRecord
from aftersales.estates.models import Customer
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD
from tests.estates.test_services import ID_1

pytestmark = pytest.mark.django_db

CUSTOMER = {"name": "赵六", "phone": "13812345678"}


def create(client, key: str = "k-1"):
    return client.post("customers", CUSTOMER, headers={"Idempotency-Key": key})


def test_replay_to_the_same_active_user(api, manager):
    client = api(manager)
    first = create(client)
    second = create(client)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()


def test_no_replay_after_deactivation(api, manager):
    client = api(manager)
    assert create(client).status_code == 201
    manager.is_active = False
    manager.save()
    response = create(client)
    assert_error(response, 401)
    assert "Idempotent-Replayed" not in response
    assert Customer.objects.filter(name="赵六").count() == 1


def test_no_replay_after_losing_the_role(api, manager):
    client = api(manager)
    assert create(client).status_code == 201
    manager.roles.remove(Role.objects.get(code="service_manager"))
    assert_error(create(client), 403, code="forbidden")
    assert Customer.objects.filter(name="赵六").count() == 1


def test_no_replay_after_the_scope_narrowed(api, agent_a, project_b):
    client = api(agent_a)
    assert create(client).status_code == 201
    agent_a.projects.set([project_b])
    assert_error(create(client), 403, code="forbidden")


def test_replay_after_gaining_a_role(api, agent_a):
    client = api(agent_a)
    first = create(client)
    agent_a.roles.add(Role.objects.get(code="supervisor"))
    second = create(client)
    assert second.status_code == 201
    assert second.json() == first.json()


def test_each_reveal_is_run_and_audited(api, admin, manager):
    customer = api(admin).post("customers", {**CUSTOMER, "id_number": ID_1}).json()
    client = api(manager)
    url = f"customers/{customer['id']}/reveal-id"
    for _ in range(3):
        response = client.post(url, headers={"Idempotency-Key": "reveal-1"})
        assert response.status_code == 200
        assert response.json()["id_number"] == ID_1
        assert "no-store" in response["Cache-Control"]
    reveals = AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, actor=manager)
    assert reveals.count() == 3
    assert not IdempotencyRecord.objects.filter(key="reveal-1").exists()
    manager.is_active = False
    manager.save()
    response = client.post(url, headers={"Idempotency-Key": "reveal-1"})
    assert_error(response, 401)
    assert ID_1 not in response.content.decode()


def test_token_answer_is_not_stored(api, manager):
    body = {"username": "manager", "password": PASSWORD}
    first = api().post("auth/token", body, headers={"Idempotency-Key": "login-1"})
    second = api().post("auth/token", body, headers={"Idempotency-Key": "login-1"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert "no-store" in first["Cache-Control"]
    assert "Idempotent-Replayed" not in second
    assert not IdempotencyRecord.objects.filter(key="login-1").exists()


def test_no_stored_body_holds_a_secret(api, admin, manager):
    customer = api(admin).post("customers", {**CUSTOMER, "id_number": ID_1}).json()
    token = api().post(
        "auth/token",
        {"username": "manager", "password": PASSWORD},
        headers={"Idempotency-Key": "t"},
    )
    api(manager).post(f"customers/{customer['id']}/reveal-id", headers={"Idempotency-Key": "r"})
    create(api(manager), "after")
    secrets = [ID_1.encode(), token.json()["token"].encode()]
    for body in IdempotencyRecord.objects.values_list("body", flat=True):
        assert not any(secret in bytes(body or b"") for secret in secrets)
