"""Plain helpers of the web tests of the money side."""

from __future__ import annotations

import io

from openpyxl import load_workbook

HX = {"HX-Request": "true"}


def workbook(response):
    """The Excel workbook a download answered with (checked to be one)."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def text(response) -> str:
    return response.content.decode()
