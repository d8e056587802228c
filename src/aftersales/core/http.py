"""Small HTTP helpers shared by the web UI and the API."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dated_name(stem: str) -> str:
    """``房屋清单`` → ``房屋清单-20261123.xlsx`` (control characters and slashes dropped, since
    the stem may hold a stored name)."""
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in "/\\")
    return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An Excel download; a Chinese file name is sent the RFC 5987 way."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
