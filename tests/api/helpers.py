"""Assertions shared by the API tests (spec/api.md conventions)."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_error(
    response, status: int | tuple[int, ...], code: str | None = None, field: str | None = None
):
    """The api.md error body ``{"error", "detail", "fields"}`` with the expected status."""
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}, body
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["fields"], dict)
    for name, messages in body["fields"].items():
        assert isinstance(name, str)
        assert isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages)
    if code is not None:
        assert body["error"] == code, body
    if field is not None:
        assert field in body["fields"], body
    return body


def assert_chinese(body: dict):
    assert CJK.search(body["detail"]), body["detail"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "results"}, body
    return [item["id"] for item in body["results"]]
