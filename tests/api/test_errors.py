"""The error body and language (api.md conventions): never a 500 for bad input."""

from __future__ import annotations

import json
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


# --- one JSON error for every 4xx/5xx under /api/ (issue 16, defect 10) ------------------------


def test_unknown_path_under_the_api_is_a_json_404(api, admin):
    assert_error(api(admin).get("no-such-thing/here"), 404, code="not_found")
    assert_error(api().get("/api/v2/tickets"), 404, code="not_found")


def test_wrong_method_is_a_json_405(api, admin):
    response = api(admin).delete("auth/token")
    assert_error(response, 405, code="method_not_allowed")
    assert "POST" in response["Allow"]


def test_a_crash_is_a_json_500(api, admin, monkeypatch):
    from aftersales.estates import selectors

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "projects_for", boom)
    client = api(admin)
    client.client.raise_request_exception = False
    err = assert_error(client.get("projects"), 500, code="server_error")
    assert "boom" not in err["detail"]


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "x\u0001y", "\u001b[31m", "a\x7f"])
def test_bad_characters_in_a_json_text_are_a_422(api, admin, text):
    client = api(admin)
    body = json.dumps({"code": "PX", "name": text}, ensure_ascii=True)
    assert_error(client.post("projects", body), 422, field="name")
    assert client.get("projects").status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_nul_under_other_content_types_is_a_json_4xx(api, admin, content_type):
    client = api(admin)
    if content_type == "text/plain":
        data = json.dumps({"code": "PX", "name": "a\u0000b"})
    else:
        data = "code=PX&name=a%00b"
    response = client.client.post(
        "/api/v1/projects", data=data, content_type=content_type, headers=client.headers()
    )
    assert_error(response, (400, 415, 422))
    assert client.get("projects").status_code == 200


def test_nul_in_a_multipart_field_is_a_json_4xx(api, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = api(admin)
    response = client.client.post(
        "/api/v1/projects",
        data={"code": "PX", "name": "a\x00b"},
        headers=client.headers(),
    )
    assert_error(response, (400, 415, 422))


def test_a_floor_beyond_the_column_is_a_422(api, admin, project_a):
    response = api(admin).post(
        "houses",
        {
            "project": project_a.pk,
            "building": "9",
            "unit": "1",
            "room": "101",
            "delivered_on": "2021-01-01",
            "floor": 1000000000000,
        },
    )
    assert_error(response, 422, field="floor")
