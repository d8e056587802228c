"""Plain helpers of the ticket tests: moments in Asia/Shanghai, intake and actions over the API."""

from __future__ import annotations

import base64
import datetime as dt
import struct
import zlib
from zoneinfo import ZoneInfo

from aftersales.accounts.services import issue_token
from tests.conftest import ApiClient

SH = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in Asia/Shanghai."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SH)


def end_of(day: str) -> str:
    """How the API writes 24:00 of ``day`` (R-CAL-4): ``2026-10-08T23:59:59+08:00``."""
    return f"{day}T23:59:59+08:00"


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(SH).isoformat(timespec="seconds")


def client_for(user) -> ApiClient:
    """An API client with a token issued at the current (possibly frozen) time."""
    return ApiClient(issue_token(user))


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()
PNG_B64 = base64.b64encode(PNG).decode()


def new_ticket(client: ApiClient, *, expect: int = 201, headers=None, **fields) -> dict:
    """``POST /tickets`` with a repair from the hotline by default; returns the answer."""
    body = {"kind": "repair", "channel": "hotline", "description": "卫生间顶棚渗水"}
    body.update(fields)
    response = client.post("tickets", body, headers=headers)
    assert response.status_code == expect, response.content.decode()
    return response.json()


def act(client: ApiClient, ticket_id: int, action: str, body=None, expect: int | None = 200):
    """``POST /tickets/{id}/{action}``; checks the status when ``expect`` is given."""
    response = client.post(f"tickets/{ticket_id}/{action}", body or {})
    if expect is not None:
        assert response.status_code == expect, (action, response.content.decode())
    return response


def ok(client: ApiClient, ticket_id: int, action: str, body=None) -> dict:
    return act(client, ticket_id, action, body).json()


def events(client: ApiClient, ticket_id: int) -> list[dict]:
    response = client.get(f"tickets/{ticket_id}/events")
    assert response.status_code == 200, response.content.decode()
    return response.json()


SURVEY_SIMPLE = {
    "responsible_party": "contractor",
    "trades": 1,
    "estimate": "300",
    "work_class": "A",
    "cause": "防水层破损",
}
