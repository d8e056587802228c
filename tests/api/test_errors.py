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
    assert_error(
        client.post(
            "houses",
            {
                "project": "abc",
                "building": "1",
                "unit": "1",
                "room": "101",
                "delivered_on": "2021-01-01",
            },
        ),
        (400, 422),
        field="project",
    )
    assert_error(
        client.post("users", {"username": "x1", "password": "Kefu-Zhuanyuan-88", "roles": "agent"}),
        (400, 422),
        field="roles",
    )


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


ENGLISH_CASES = {
    "duplicate project": ("post", "projects", {"code": "PA", "name": "重复"}),
    "missing field": ("post", "projects", {"code": "X1"}),
    "invalid phone": ("post", "customers", {"name": "赵六", "phone": "123"}),
    "unknown role": (
        "post",
        "users",
        {"username": "kefu01", "password": "Kefu-Zhuanyuan-88", "roles": ["x"]},
    ),
    "weak password": (
        "post",
        "users",
        {"username": "kefu01", "password": "123", "roles": ["agent"]},
    ),
    "bad username": (
        "post",
        "users",
        {"username": "有 空格", "password": "Kefu-Zhuanyuan-88", "roles": ["agent"]},
    ),
    "below minimum": ("put", "projects/{project}/warranty-terms/leakage", {"months": 12}),
    "impossible house date": (
        "post",
        "houses",
        {
            "project": "{project}",
            "building": "1",
            "unit": "1",
            "room": "101",
            "delivered_on": "1970-01-01",
        },
    ),
    "unknown record": ("get", "houses/987654", None),
}


@pytest.mark.parametrize("case", list(ENGLISH_CASES))
def test_every_error_detail_in_english_on_request(api, admin, project_a, case):
    """api.md: detail is "Chinese or English by Accept-Language"."""
    method, path, body = ENGLISH_CASES[case]
    path = path.format(project=project_a.pk)
    if isinstance(body, dict):
        body = {k: project_a.pk if v == "{project}" else v for k, v in body.items()}
    client = api(admin, language="en")
    response = client.get(path) if method == "get" else getattr(client, method)(path, body)
    err = assert_error(response, (400, 404, 409, 422))
    assert err["detail"].isascii(), f"{case}: {err['detail']}"
    zh = api(admin)
    response = zh.get(path) if method == "get" else getattr(zh, method)(path, body)
    assert_chinese(response.json())


def test_docs_page_needs_no_internet(api):
    response = api().get("docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html.lower()
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html), (
        "external asset on the docs page"
    )
