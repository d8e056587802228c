"""KPI values on the hand-built history of conftest.py, worked out by hand."""

from __future__ import annotations

import pytest

from tests.reports.conftest import MARCH


def _kpis(user, **params):
    from aftersales.reports import kpis

    return kpis.compute(user, kpis.parse_filters(user, params))


def test_march_of_project_a(history, manager, project_a):
    r = _kpis(manager, project=project_a.pk, **MARCH)
    c = r["counts"]
    # T1..T5 registered in March (T6 is project B, T7 is April).
    assert r["tickets"] == 5
    # First response within 24 h: T1 (1 h), T3 (2 h), T4 (6 h); not T2 (25 h), T5 (48 h).
    assert c["response_rate_24h"] == {"numerator": 3, "denominator": 5}
    assert r["response_rate_24h"] == 0.6
    # Closed by 03-31 24:00: T1, T2, T4, T5 — T3 is still open.
    assert c["resolution_rate"] == {"numerator": 4, "denominator": 5}
    assert r["resolution_rate"] == 0.8
    # Repairs signed off in March: T1 (exactly at its due moment: met), T2 (last sign-off within
    # the restarted completion deadline: met), T3 (late).
    assert c["on_time_completion_rate"] == {"numerator": 2, "denominator": 3}
    assert r["on_time_completion_rate"] == 0.6667
    # Called back after the (last) sign-off: T1, T2 — not T3.
    assert c["callback_rate"] == {"numerator": 2, "denominator": 3}
    assert r["callback_rate"] == 0.6667
    # Repairs closed in March: T1 (never reopened), T2 (reopened once).
    assert c["first_time_fix_rate"] == {"numerator": 1, "denominator": 2}
    assert r["first_time_fix_rate"] == 0.5
    # Callbacks in March: T1 yes, T2 no, T2 yes (reopened, then satisfied), T4 yes.
    assert c["satisfaction_rate"] == {"numerator": 3, "denominator": 4}
    assert r["satisfaction_rate"] == 0.75
    # Completion checks: T1 passed first time, T2 failed first; T3 had none.
    assert c["quality_pass_rate"] == {"numerator": 1, "denominator": 2}
    assert r["quality_pass_rate"] == 0.5
    # One complaint; project A has three houses delivered in 2021.
    assert c["complaints_per_1000_households"] == {"numerator": 1, "denominator": 3}
    assert r["complaints_per_1000_households"] == 333.33
    # Handling (closed by the end): 97 h, 265 h, 49 h, 48 h → mean 114.75 h, p90 (rank 4) 265 h.
    assert c["handling_hours_mean"]["denominator"] == 4
    assert r["handling_hours_mean"] == 114.75
    assert r["handling_hours_p90"] == 265.0


def test_nothing_to_count_is_null(history, manager, project_a):
    r = _kpis(manager, project=project_a.pk, start="2025-01-01", end="2025-01-31")
    assert r["tickets"] == 0
    for code in (
        "satisfaction_rate",
        "resolution_rate",
        "response_rate_24h",
        "callback_rate",
        "on_time_completion_rate",
        "first_time_fix_rate",
        "quality_pass_rate",
        "handling_hours_mean",
        "handling_hours_p90",
    ):
        assert r[code] is None, code
    assert r["counts"]["satisfaction_rate"] == {"numerator": 0, "denominator": 0}
    # Households exist, no complaint: a real zero, not "nothing to count".
    assert r["complaints_per_1000_households"] == 0.0


def test_whole_scope_and_cuts(history, manager, project_a, project_b, technician):
    everything = _kpis(manager, **MARCH)
    assert everything["tickets"] == 6  # T6 of project B joins
    only_b = _kpis(manager, project=project_b.pk, **MARCH)
    assert only_b["tickets"] == 1
    assert only_b["response_rate_24h"] == 0.0  # never answered
    inquiries = _kpis(manager, project=project_a.pk, category="civil", **MARCH)
    assert inquiries["tickets"] == 4  # T1, T2, T3 and the complaint T4
    mine = _kpis(manager, technician=technician.pk, **MARCH)
    assert mine["tickets"] == 3
    assert mine["counts"]["on_time_completion_rate"] == {"numerator": 2, "denominator": 3}
    april = _kpis(manager, start="2026-04-01", end="2026-04-30")
    assert april["tickets"] == 1


def test_scope_of_an_office(history, make_scoped_supervisor, project_a, project_b):
    supervisor = make_scoped_supervisor(project_a)
    assert _kpis(supervisor, **MARCH)["tickets"] == 5
    from aftersales.core.errors import NotFound

    with pytest.raises(NotFound):
        _kpis(supervisor, project=project_b.pk, **MARCH)


def test_contractor_cut(history, manager, admin):
    from aftersales.costs.models import Contractor, Transfer

    company = Contractor.objects.create(name="恒固防水")
    Transfer.objects.create(ticket=history.t2, contractor=company, created_by=admin)
    r = _kpis(manager, contractor=company.pk, **MARCH)
    assert r["tickets"] == 1
    assert r["counts"]["first_time_fix_rate"] == {"numerator": 0, "denominator": 1}


def test_breakdowns(history, manager, project_a):
    from aftersales.reports import kpis

    f = kpis.parse_filters(manager, {"start": "2026-02-01", "end": "2026-04-30"})
    months = kpis.breakdown(manager, f, "month")
    assert [m["key"] for m in months] == ["2026-02", "2026-03", "2026-04"]
    assert [m["tickets"] for m in months] == [0, 6, 1]
    assert months[1]["satisfaction_rate"] == 0.75
    assert months[0]["satisfaction_rate"] is None
    # Houses delivered by each month's end: A's three (2021) and B's one (2023).
    assert [m["counts"]["complaints_per_1000_households"]["denominator"] for m in months] == [
        4,
        4,
        4,
    ]
    projects = kpis.breakdown(manager, f, "project")
    by_key = {p["key"]: p for p in projects}
    assert by_key[project_a.pk]["tickets"] == 6
    assert by_key[project_a.pk]["label"] == "翠湖花园"
    assert by_key[project_a.pk]["complaints_per_1000_households"] == 333.33


def test_drill_down_lists_the_tickets_behind_a_number(history, manager, project_a):
    from aftersales.reports import kpis

    f = kpis.parse_filters(manager, {"project": project_a.pk, **MARCH})
    missed = set(kpis.drill(manager, f, "response_rate_24h", "miss"))
    assert missed == {history.t2, history.t5}
    assert set(kpis.drill(manager, f, "callback_rate", "all")) == {
        history.t1,
        history.t2,
        history.t3,
    }
    assert set(kpis.drill(manager, f, "satisfaction_rate", "miss")) == {history.t2}
    open_now = set(kpis.drill(manager, f, "open"))
    assert open_now == {history.t3, history.t7}
    # T3's callback was due 04-01: overdue at the frozen "now" (T7 has no clock yet).
    assert history.t3 in set(kpis.drill(manager, f, "overdue"))


def test_facts_follow_every_event(history, manager):
    from aftersales.reports.models import TicketFact

    fact = TicketFact.objects.get(ticket=history.t2)
    assert fact.reopen_count == 1
    assert fact.first_check_passed is False
    assert fact.response_seconds == 25 * 3600
    assert fact.closed_at is not None
    assert fact.called_back is True
    from aftersales.reports import facts

    TicketFact.objects.all().delete()
    assert facts.rebuild() == 7
    again = TicketFact.objects.get(ticket=history.t2)
    assert (again.reopen_count, again.response_seconds) == (1, 25 * 3600)
