"""Background Excel exports end to end: the workbook holds the API's numbers."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.reports.conftest import MARCH
from tests.tickets.helpers import client_for


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _start(client, captured, kind, params):
    with captured(execute=True):
        response = client.post("exports", {"kind": kind, "params": params})
    assert response.status_code == 202, response.content
    return response.json()


def test_kpi_export_matches_the_api(
    history, manager, project_a, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    params = {"project": project_a.pk, **MARCH}
    job = _start(client, django_capture_on_commit_callbacks, "kpis", params)
    status = client.get(f"exports/{job['id']}").json()
    assert status["status"] == "done", status
    assert status["progress"] == 100
    assert status["download_url"] == f"/api/v1/exports/{job['id']}/download"
    download = client.get(f"exports/{job['id']}/download")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(_body(download)))
    sheet = book["KPI指标"]
    rows = {r[6]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r and r[6]}
    api = client.get("reports/kpis", params).json()
    for code in ("satisfaction_rate", "response_rate_24h", "callback_rate", "tickets"):
        assert rows[code][1] == api[code], code
    for code, counts in api["counts"].items():
        assert (rows[code][3], rows[code][4]) == (counts["numerator"], counts["denominator"])
    assert "回访" in rows["satisfaction_rate"][5]  # the definition travels with the number
    assert "按月趋势" in book.sheetnames


def test_ticket_export_lists_the_drill_down(
    history, manager, project_a, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    params = {"project": project_a.pk, "metric": "response_rate_24h", "part": "miss", **MARCH}
    job = _start(client, django_capture_on_commit_callbacks, "tickets", params)
    assert client.get(f"exports/{job['id']}").json()["status"] == "done"
    book = openpyxl.load_workbook(io.BytesIO(_body(client.get(f"exports/{job['id']}/download"))))
    numbers = [r[0] for r in book["工单清单"].iter_rows(min_row=4, values_only=True)]
    assert sorted(numbers) == sorted([history.t2.number, history.t5.number])


def test_jobs_belong_to_their_owner(
    history, manager, admin, agent_a, django_capture_on_commit_callbacks
):
    job = _start(client_for(manager), django_capture_on_commit_callbacks, "kpis", MARCH)
    other = client_for(admin)
    assert other.get(f"exports/{job['id']}").status_code == 404
    assert other.get(f"exports/{job['id']}/download").status_code == 404
    assert client_for(agent_a).get(f"exports/{job['id']}").status_code == 403
    assert client_for(agent_a).post("exports", {"kind": "kpis"}).status_code == 403
    assert [j["id"] for j in client_for(manager).get("exports").json()] == [job["id"]]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "nonsense"}, 422),
        ({"kind": "kpis", "params": {"start": "2026-02-30"}}, 422),
        ({"kind": "tickets", "params": {"metric": "bogus"}}, 422),
        ({"kind": "kpis", "params": {"project": 99999}}, 404),
    ],
)
def test_bad_exports_are_refused_at_once(frozen, manager, body, status):
    assert client_for(manager).post("exports", body).status_code == status


def test_registry_is_pluggable(frozen, manager, django_capture_on_commit_callbacks):
    from aftersales.reports import exports

    def writer(actor, params, workbook, progress):
        sheet = workbook.create_sheet("周报")
        sheet.append(["你好", params.get("week")])
        progress(1, 1)
        return "周报"

    exports.register("test_weekly", "测试周报", writer)
    try:
        job = _start(
            client_for(manager), django_capture_on_commit_callbacks, "test_weekly", {"week": 12}
        )
        done = client_for(manager).get(f"exports/{job['id']}").json()
        assert done["status"] == "done"
        assert done["filename"].startswith("周报-")
    finally:
        exports._REGISTRY.pop("test_weekly", None)


def test_a_failing_writer_marks_the_job_failed(frozen, manager, django_capture_on_commit_callbacks):
    from aftersales.reports import exports

    def writer(actor, params, workbook, progress):
        raise RuntimeError("boom")

    exports.register("test_broken", "坏的导出", writer)
    try:
        job = _start(client_for(manager), django_capture_on_commit_callbacks, "test_broken", {})
        body = client_for(manager).get(f"exports/{job['id']}").json()
        assert body["status"] == "failed"
        assert "RuntimeError" in body["error"]
        assert client_for(manager).get(f"exports/{job['id']}/download").status_code == 404
    finally:
        exports._REGISTRY.pop("test_broken", None)
