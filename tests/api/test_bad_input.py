"""Bad input on every write endpoint (issue 16, bad-input suite).

For each POST/PUT/PATCH operation of the OpenAPI schema, every field of the body is filled with
one kind of bad value at a time — dates at the edges of years 1–9999 and around time-zone
conversion, bare numbers for dates, control characters, lone surrogates, NUL, numbers beyond
any column — and sent as JSON, as JSON labelled text/plain, form-encoded and multipart. Every
answer must be a 4xx in the api.md error format (never a 5xx, never a stored record), and the
records stay readable afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlencode

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.utils import timezone

from aftersales.api.app import api as ninja_api
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db

SCHEMA = ninja_api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]

WRITES = sorted(
    (method, path)
    for path, ops in SCHEMA["paths"].items()
    for method in ops
    if method in ("post", "put", "patch")
)

# One kind of bad value per request: each maps a property's schema to a value.
MOMENT_EDGES = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "1900-01-01T00:00:00+08:00",
]
DATE_EDGES = ["0001-01-01", "9999-12-31"]
TEXTS = {
    "nul": "a\x00b",
    "surrogate": "\ud800",
    "escape": "漏水\x1b[31m",
    "control": "\x01\x02",
}
HUGE = [10**30, -(10**30), 1e308]


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_resolve(s) for s in schema[key] if s.get("type") != "null"]
            if options:
                return options[0]
    return schema


def _properties(operation: dict, content_type: str | None = None) -> dict[str, dict]:
    body = operation.get("requestBody")
    if not body:
        return {}
    content = body["content"]
    media = content.get(content_type) or next(iter(content.values()))
    schema = _resolve(media["schema"])
    return {name: _resolve(prop) for name, prop in schema.get("properties", {}).items()}


def _bad(prop: dict, kind: str, index: int):
    """The bad value of ``kind`` for a property, or None when the kind does not apply."""
    kind_of = prop.get("type")
    fmt = prop.get("format", "")
    if kind == "moment" and fmt == "date-time":
        return MOMENT_EDGES[index % len(MOMENT_EDGES)]
    if kind == "date" and fmt == "date":
        return DATE_EDGES[index % len(DATE_EDGES)]
    if kind == "number_for_date" and fmt in ("date", "date-time"):
        return 1700000000
    if kind in TEXTS and kind_of == "string" and fmt not in ("date", "date-time", "binary"):
        return TEXTS[kind]
    if (
        kind in TEXTS
        and kind_of == "array"
        and _resolve(prop.get("items", {})).get("type") == "string"
    ):
        return [TEXTS[kind]]
    if kind == "huge" and kind_of in ("integer", "number"):
        return HUGE[index % len(HUGE)]
    if kind == "huge" and kind_of == "string" and "decimal" in json.dumps(prop).lower():
        return "1e30"
    return None


def _body(props: dict[str, dict], kind: str, index: int) -> dict:
    out = {}
    for name, prop in props.items():
        value = _bad(prop, kind, index)
        if value is not None:
            out[name] = value
    return out


KINDS = ["moment", "date", "number_for_date", *TEXTS, "huge"]


@pytest.fixture
def world(admin, project_a, house_a, customer_a):
    from aftersales.tickets import services

    ticket = services.register_ticket(  # a complaint: its reply deadline can be extended
        admin,
        kind="complaint",
        channel="hotline",
        description="卫生间顶棚渗水多次未修好",
        customer=customer_a.pk,
        house=house_a.pk,
    )
    return {
        "ticket_id": ticket.pk,
        "project_id": project_a.pk,
        "house_id": house_a.pk,
        "customer_id": customer_a.pk,
        "user_id": admin.pk,
        "account_id": admin.pk,
        "code": "leakage",
        "component": "leakage",
        "day": "2026-10-09",
        "year": "2027",
    }


def _base(method: str, path: str, world: dict) -> dict:
    """A valid body for the main write endpoints, so that the bad field is the only fault."""
    soon = (timezone.localtime() + dt.timedelta(days=10)).isoformat(timespec="seconds")
    bodies = {
        ("post", "/api/v1/projects"): {"code": "PZ", "name": "测试项目"},
        ("post", "/api/v1/houses"): {
            "project": world["project_id"],
            "building": "9",
            "unit": "1",
            "room": "901",
            "delivered_on": "2021-01-01",
        },
        ("post", "/api/v1/customers"): {"name": "测试客户", "phone": "13800009999"},
        ("post", "/api/v1/tickets"): {
            "kind": "repair",
            "channel": "hotline",
            "description": "卫生间顶棚渗水",
            "customer": world["customer_id"],
        },
        ("post", "/api/v1/tickets/{ticket_id}/pause"): {"reason": "客户不在家"},
        ("post", "/api/v1/tickets/{ticket_id}/extend"): {
            "deadline": "reply",
            "due": soon,
            "customer_consent": True,
            "reason": "材料未到",
        },
    }
    return dict(bodies.get((method, path), {}))


def _url(path: str, world: dict) -> str:
    return re.sub(r"{(\w+)}", lambda m: str(world.get(m.group(1), 1)), path)


def _send(client, method: str, url: str, body: dict, content_type: str):
    headers = client.headers()
    raw = client.client
    if content_type in ("application/json", "text/plain"):
        data = json.dumps(body, ensure_ascii=True)
    elif content_type == "application/x-www-form-urlencoded":
        pairs = [(k, v) for k, vs in body.items() for v in (vs if isinstance(vs, list) else [vs])]
        data = urlencode(pairs, errors="surrogatepass")
    else:
        data = _multipart(body)
        content_type = MULTIPART_CONTENT
    return raw.generic(method.upper(), url, data=data, content_type=content_type, headers=headers)


def _multipart(body: dict) -> bytes:
    """Multipart form data, lone surrogates written as their (invalid) UTF-8 bytes."""
    out = b""
    for name, values in body.items():
        for value in values if isinstance(values, list) else [values]:
            out += (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode("utf-8", "surrogatepass")
    return out + f"--{BOUNDARY}--\r\n".encode()


def _assert_4xx(response, context):
    assert response.status_code < 500, (context, response.status_code, response.content[:400])
    assert 400 <= response.status_code < 500, (context, response.status_code, response.content)
    assert_error(response, response.status_code)


def _still_readable(client, world):
    for path in (
        "tickets",
        f"tickets/{world['ticket_id']}",
        "customers",
        f"customers/{world['customer_id']}",
        "customers/lookup?phone=13800000001",
        "houses",
        f"houses/{world['house_id']}",
        "projects",
        "warnings",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])


@pytest.mark.parametrize("method, path", WRITES, ids=[f"{m.upper()} {p}" for m, p in WRITES])
def test_bad_values_are_refused_with_a_json_4xx(api, admin, world, method, path):
    client = api(admin)
    operation = SCHEMA["paths"][path][method]
    url = _url(path, world)
    props = _properties(operation)
    base = _base(method, path, world)
    sent = 0
    for index, kind in enumerate(KINDS):
        body = _body(props, kind, index)
        if not body:
            continue
        response = _send(client, method, url, {**base, **body}, "application/json")
        _assert_4xx(response, (kind, body))
        sent += 1
    # NUL and a surrogate under every content type, in every field that takes text.
    for kind in ("nul", "surrogate", "control"):
        for content_type in (
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            body = _body(_properties(operation, content_type) or props, kind, 0)
            response = _send(
                client,
                method,
                url,
                {**base, **body} if body else {"note": TEXTS[kind]},
                content_type,
            )
            if body:
                _assert_4xx(response, (kind, content_type, body))
            else:  # an operation without a body ignores one: no 5xx, nothing stored
                assert response.status_code < 500, (kind, content_type, response.content)
            sent += 1
    assert sent
    _still_readable(client, world)


BASED = [
    ("post", "/api/v1/projects"),
    ("post", "/api/v1/houses"),
    ("post", "/api/v1/customers"),
    ("post", "/api/v1/tickets"),
    ("post", "/api/v1/tickets/{ticket_id}/pause"),
    ("post", "/api/v1/tickets/{ticket_id}/extend"),
]


@pytest.mark.parametrize("method, path", BASED)
def test_the_base_bodies_alone_are_accepted(api, admin, world, method, path):
    """So that in the test above the bad field, not a missing one, is what gets refused."""
    response = _send(
        api(admin), method, _url(path, world), _base(method, path, world), "application/json"
    )
    assert response.status_code in (200, 201), response.content.decode()
