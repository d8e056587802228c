"""Small HTTP helpers shared by the web UI and the API."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    """An Excel download named ``<stem>-YYYYMMDD.xlsx`` (Chinese names per RFC 5987)."""
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export-{timezone.localdate():%Y%m%d}.xlsx\"; "
        f"filename*=UTF-8''{quote(name)}"
    )
    return response
