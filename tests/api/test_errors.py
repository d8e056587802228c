"""The error body and language (api.md conventions): never a 500 for bad input."""

from __future__ import annotations

import re

import pytest

from tests.api.helpers import assert_chinese, assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", ["{not json", "[]", "null", '"text"', ""])
def test_malformed_json(api, admin, raw):
    assert_error(api(admin).post("projects", raw), (400, 422))


def test_wrong_types(api, admin, project_a):
    client = api(admin)
    assert_error(client.post("houses", {"project": "abc", "building": "1", "unit": "1", "room": "101",
                                        "delivered_on": "2021-01-01"}), (400, 422), field="project")
    assert_error(client.post("users", {"username": "x1", "password": "Kefu-Zhuanyuan-88", "roles": "agent"}),
                 (400, 422), field="roles")


def test_unknown_record(api, admin):
    err = assert_error(api(admin).get("houses/987654"), 404, code="not_found")
    assert_chinese(err)


def test_chinese_by_default_english_on_request(api, admin, project_a):
    body = {"code": "PA", "name": "重复"}
    zh = assert_error(api(admin).post("projects", body), 409)
    assert_chinese(zh)
    en = assert_error(api(admin, language="en").post("projects", body), 409)
    assert en["error"] == zh["error"]
    assert en["detail"].isascii(), en["detail"]


def test_validation_detail_in_chinese(api, admin):
    err = assert_error(api(admin).post("projects", {"code": "X1"}), (400, 422), field="name")
    assert_chinese(err)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in err["fields"]["name"])


def test_openapi_schema_served(api, admin):
    response = api().get("openapi.json")
    assert response.status_code == 200
    paths = {re.sub(r"\{[^}]+\}", "{}", p) for p in response.json()["paths"]}
    for path in (
        "/api/v1/auth/token",
        "/api/v1/users",
        "/api/v1/projects",
        "/api/v1/houses",
        "/api/v1/customers",
        "/api/v1/customers/lookup",
        "/api/v1/projects/{}/warranty-terms/{}",
        "/api/v1/calendar/days/{}",
    ):
        assert path in paths, path
