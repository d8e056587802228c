"""GET /reports/kpis and /reports/breakdown: numbers, 401/403/422/404 and the data scope."""

from __future__ import annotations

import pytest

from tests.reports.conftest import MARCH
from tests.tickets.helpers import client_for


def test_kpis_answer_the_contract(history, manager, project_a):
    response = client_for(manager).get("reports/kpis", {"project": project_a.pk, **MARCH})
    assert response.status_code == 200, response.content
    body = response.json()
    for key in (
        "tickets",
        "satisfaction_rate",
        "response_rate_24h",
        "on_time_completion_rate",
        "first_time_fix_rate",
        "callback_rate",
        "complaints_per_1000_households",
        "resolution_rate",
        "quality_pass_rate",
        "handling_hours_mean",
        "handling_hours_p90",
        "counts",
    ):
        assert key in body, key
    assert body["tickets"] == 5
    assert body["satisfaction_rate"] == 0.75
    assert body["counts"]["satisfaction_rate"] == {"numerator": 3, "denominator": 4}
    assert isinstance(body["response_rate_24h"], float)


def test_empty_period_answers_null(history, manager):
    body = client_for(manager).get("reports/kpis", {"start": "2020-01-01", "end": "2020-01-31"})
    assert body.status_code == 200
    assert body.json()["satisfaction_rate"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-13-01", "end": "2026-12-31"},
        {"start": "2026-03-31", "end": "2026-03-01"},
        {"start": "yesterday"},
        {"project": "abc"},
        {"category": "nonsense"},
    ],
)
def test_bad_input_is_422(frozen, manager, params):
    response = client_for(manager).get("reports/kpis", params)
    assert response.status_code == 422, response.content
    assert response.json()["error"]


def test_capability_and_authentication(frozen, agent_a, technician, outsider, api):
    assert api().get("reports/kpis").status_code == 401
    for user in (agent_a, technician, outsider):
        response = client_for(user).get("reports/kpis")
        assert response.status_code == 403, user
        assert response.json()["error"] == "forbidden"
        assert client_for(user).get("reports/breakdown", {"by": "month"}).status_code == 403


def test_out_of_scope_project_is_404(history, make_scoped_supervisor, project_a, project_b):
    supervisor = make_scoped_supervisor(project_a)
    client = client_for(supervisor)
    assert client.get("reports/kpis", {"project": project_b.pk}).status_code == 404
    assert client.get("reports/kpis", {"project": 999999}).status_code == 404
    mine = client.get("reports/kpis", MARCH).json()
    assert mine["tickets"] == 5  # project B's T6 is not counted


def test_breakdown(history, manager):
    client = client_for(manager)
    body = client.get("reports/breakdown", {"by": "month", **MARCH}).json()
    assert body["by"] == "month"
    assert [r["key"] for r in body["results"]] == ["2026-03"]
    assert body["results"][0]["tickets"] == 6
    cats = client.get("reports/breakdown", {"by": "category", **MARCH}).json()["results"]
    assert {r["label"] for r in cats} >= {"土建"}
    assert client.get("reports/breakdown", {"by": "colour"}).status_code == 422


def test_definitions(frozen, manager):
    rows = client_for(manager).get("reports/definitions").json()
    codes = [r["code"] for r in rows]
    assert "satisfaction_rate" in codes
    assert all(r["definition"] for r in rows)
