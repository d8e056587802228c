"""``Idempotency-Key`` on POST (api.md conventions): same key and body → the first answer."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from aftersales.estates.models import Customer, Project
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db

# The same customer twice on purpose (idempotency, not the known-phone check, is under test).
CUSTOMER = {"name": "赵六", "phone": "13812345678", "same_phone_confirmed": True}


def test_same_key_same_body_creates_once(api, admin):
    client = api(admin)
    headers = {"Idempotency-Key": "k-001"}
    first = client.post("customers", CUSTOMER, headers=headers)
    second = client.post("customers", CUSTOMER, headers=headers)
    assert first.status_code == 201, first.content
    assert second.status_code == 201
    assert second.json() == first.json()
    assert Customer.objects.filter(name="赵六").count() == 1


def test_same_key_for_a_project(api, admin):
    client = api(admin)
    headers = {"Idempotency-Key": "proj-1"}
    body = {"code": "LH01", "name": "绿湖"}
    first = client.post("projects", body, headers=headers)
    second = client.post("projects", body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert Project.objects.filter(code="LH01").count() == 1


def test_without_a_key_each_post_counts(api, admin):
    client = api(admin)
    client.post("customers", CUSTOMER)
    client.post("customers", CUSTOMER)
    assert Customer.objects.filter(name="赵六").count() == 2


def test_different_keys_are_different_requests(api, admin):
    client = api(admin)
    client.post("customers", CUSTOMER, headers={"Idempotency-Key": "a"})
    client.post("customers", CUSTOMER, headers={"Idempotency-Key": "b"})
    assert Customer.objects.filter(name="赵六").count() == 2


def test_same_key_other_body_refused(api, admin):
    client = api(admin)
    headers = {"Idempotency-Key": "k-002"}
    assert client.post("customers", CUSTOMER, headers=headers).status_code == 201
    response = client.post("customers", {**CUSTOMER, "name": "赵七"}, headers=headers)
    assert_error(response, (400, 409, 422))
    assert not Customer.objects.filter(name="赵七").exists()
    assert Customer.objects.filter(name="赵六").count() == 1


def test_keys_do_not_cross_callers(api, admin, manager):
    headers = {"Idempotency-Key": "shared"}
    first = api(admin).post("customers", CUSTOMER, headers=headers)
    second = api(manager).post("customers", CUSTOMER, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert Customer.objects.filter(name="赵六").count() == 2


def test_key_expires_after_24_hours(api, admin):
    client = api(admin)
    headers = {"Idempotency-Key": "k-003"}
    client.post("customers", CUSTOMER, headers=headers)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
    with time_machine.travel(later, tick=False):
        response = client.post("customers", CUSTOMER, headers=headers)
    assert response.status_code == 201
    assert Customer.objects.filter(name="赵六").count() == 2


def test_a_refusal_is_replayed_too(api, admin, project_a):
    client = api(admin)
    headers = {"Idempotency-Key": "dup"}
    body = {"code": "PA", "name": "重复"}
    first = client.post("projects", body, headers=headers)
    second = client.post("projects", body, headers=headers)
    assert first.status_code == second.status_code == 409
    assert first.json() == second.json()
