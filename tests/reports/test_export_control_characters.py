"""Text that Excel cannot hold never breaks an export (issue 16, defect 6): stored control
characters are dropped at the one gate of every workbook writer (``core.excel``)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from aftersales.estates.models import Customer
from aftersales.tickets.models import Ticket
from tests.reports.conftest import MARCH
from tests.reports.test_exports import _body, _start
from tests.tickets.helpers import client_for


def test_background_ticket_export_survives_an_escape_character(
    history, manager, project_a, django_capture_on_commit_callbacks
):
    Ticket.objects.update(description="渗水\u001b[31m严重\u0001")
    client = client_for(manager)
    job = _start(
        client, django_capture_on_commit_callbacks, "tickets", {"project": project_a.pk, **MARCH}
    )
    status = client.get(f"exports/{job['id']}").json()
    assert status["status"] == "done", status
    book = openpyxl.load_workbook(io.BytesIO(_body(client.get(f"exports/{job['id']}/download"))))
    descriptions = [r[-1] for r in book["工单清单"].iter_rows(min_row=4, values_only=True)]
    assert descriptions and all(d == "渗水[31m严重" for d in descriptions)


@pytest.mark.parametrize("path", ["customers/export", "houses/export"])
def test_estate_exports_survive_a_control_character_in_a_name(api, admin, project_a, path):
    Customer.objects.filter(name="张伟").update(name="张\u0001伟", tags="a\u000bb")
    response = api(admin).get(path)
    assert response.status_code == 200, response.content[:300]
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    values = {v for row in book.active.iter_rows(values_only=True) for v in row}
    assert "张伟" in values


def test_the_gate_cleans_text_and_keeps_other_values():
    import datetime as dt

    from aftersales.core import excel

    assert excel.clean("a\x00b\x01c\x1bd\te\nf") == "abcd\te\nf"
    assert excel.clean("孤\ud800立") == "孤立"
    assert excel.clean(3) == 3 and excel.clean(None) is None
    assert excel.clean(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
