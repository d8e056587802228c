"""投诉处理周报 (R-RPT-2): the four figures by level, pending items with notes, roll-ups.

The expected numbers are worked out by hand in tests/analysis/conftest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.analysis.selectors import weekly
from aftersales.core.errors import Forbidden, Invalid, NotFound
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 11, 11)  # any day of the week 11-09 – 11-15


def by_level(rows) -> dict:
    return {r["level"]: (r["new"], r["resolved"], r["pending"], r["overdue"]) for r in rows}


def test_past_week_figures_by_level(history, manager, project_a):
    report = weekly.weekly_report(manager, project_a.pk, WEEK)
    assert report.period.first_day == dt.date(2026, 11, 9)
    assert report.period.last_day == dt.date(2026, 11, 15)
    assert report.as_of.isoformat() == "2026-11-16T00:00:00+08:00"
    assert by_level(report.levels) == {
        "major": (1, 0, 1, 1),
        "important": (1, 1, 0, 0),
        "minor": (1, 2, 2, 1),
    }
    total = report.total
    assert (total["new"], total["resolved"], total["pending"], total["overdue"]) == (3, 3, 3, 2)


def test_pending_items_carry_the_latest_notes_from_the_trail(history, manager, project_a):
    report = weekly.weekly_report(manager, project_a.pk, WEEK)
    items = {i.ticket.number: i for i in report.pending_items}
    assert set(items) == {history[k].number for k in ("c2", "c4", "c9")}
    c2 = items[history["c2"].number]
    assert c2.overdue is True and c2.status == "routed" and c2.days_open == 6
    # Newest first: the routing, then the escalation and the registration.
    assert [n["action"] for n in c2.notes] == ["转责任部门", "上报重大投诉", "登记"]
    assert "工程材料部" in c2.notes[0]["text"]
    c4 = items[history["c4"].number]
    # As it stood at the end of the week: replied, not yet resolved (that was 11-17).
    assert c4.status == "replied" and c4.overdue is False
    assert c4.notes[0]["action"] == "答复客户" and "已通知物业检修" in c4.notes[0]["text"]
    assert items[history["c9"].number].overdue is True


def test_current_week_uses_the_tickets_own_state(history, manager, project_a):
    report = weekly.weekly_report(manager, project_a.pk)
    assert report.period.first_day == dt.date(2026, 11, 16)
    assert report.as_of.isoformat() == "2026-11-20T12:00:00+08:00"
    t = report.total
    assert (t["new"], t["resolved"], t["pending"], t["overdue"]) == (1, 1, 4, 3)
    numbers = {i.ticket.number for i in report.pending_items}
    assert numbers == {history[k].number for k in ("c2", "c3", "c8", "c9")}


def test_reopened_complaint_resolved_again_counts_again(history, agent_a, manager, project_a):
    from tests.analysis.conftest import act, at

    act(manager, history["c3"], "approve_resolution", at(11, 18, 9), comment="同意")
    act(agent_a, history["c3"], "resolve", at(11, 18, 10), content="更换维修班组")
    report = weekly.weekly_report(manager, project_a.pk)
    assert report.total["resolved"] == 2  # c4 and c3 again
    assert report.total["pending"] == 3


def test_scope_and_permissions(history, agent_a, technician, project_a, project_b):
    sup_b = make_user("sup_b", ["supervisor"], [project_b])
    with pytest.raises(NotFound):
        weekly.weekly_report(sup_b, project_a.pk, WEEK)
    assert weekly.weekly_report(sup_b, project_b.pk, WEEK).total["new"] == 1
    with pytest.raises(Forbidden):
        weekly.weekly_report(agent_a, project_a.pk, WEEK)  # agents have no reports.view
    with pytest.raises(Forbidden):
        weekly.weekly_report(technician, project_a.pk, WEEK)


def test_bad_input_is_422(history, manager, project_a):
    with pytest.raises(Invalid) as missing:
        weekly.weekly_report(manager, None, WEEK)
    assert "project" in missing.value.fields
    with pytest.raises(Invalid) as future:
        weekly.weekly_report(manager, project_a.pk, dt.date(2026, 11, 30))
    assert "week" in future.value.fields


def test_quarter_and_year_rollups(history, manager, project_a, project_b):
    quarter = weekly.rollup(manager, "quarter", 2026, 4)
    assert quarter.period.first_day == dt.date(2026, 10, 1)
    assert quarter.as_of.isoformat() == "2026-11-20T12:00:00+08:00"
    offices = {r["project"].code: r for r in quarter.offices}
    a = offices["PA"]
    # New: c1 c2 c3 c4 c5 c8 c9; resolved: c1 c3 c4 c5 (c3 once, its callback reopened it);
    # pending now: c2 c3 c8 c9; overdue now: c2 c8 c9.
    assert (a["new"], a["new_major"], a["resolved"], a["pending"], a["overdue"]) == (
        7,
        1,
        4,
        4,
        3,
    )
    assert a["resolution_rate"] == 0.5
    b = offices["PB"]
    assert (b["new"], b["resolved"], b["pending"], b["overdue"]) == (1, 0, 1, 1)
    assert quarter.total["new"] == 8 and quarter.total["pending"] == 5
    year = weekly.rollup(manager, "year", 2026)
    assert year.total["new"] == 8
    empty = weekly.rollup(manager, "quarter", 2026, 3)
    assert empty.offices == [] and empty.total["new"] == 0
    with pytest.raises(Invalid):
        weekly.rollup(manager, "quarter", 2027, 1)


def test_rollup_is_scoped(history, project_b):
    sup_b = make_user("sup_b", ["supervisor"], [project_b])
    data = weekly.rollup(sup_b, "year", 2026)
    assert [r["project"].code for r in data.offices] == ["PB"]


# --- API ----------------------------------------------------------------------------------------


def test_api_weekly_report(history, manager, project_a):
    boss = client_for(manager)
    response = boss.get(
        "reports/weekly-complaints", {"project": project_a.pk, "week": "2026-11-12"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == {
        "kind": "week",
        "start": "2026-11-09",
        "end": "2026-11-15",
        "label": "2026 年第 46 周（11-09 至 11-15）",
    }
    assert body["total"] == {
        "level": "total",
        "label": "合计",
        "new": 3,
        "resolved": 3,
        "pending": 3,
        "overdue": 2,
    }
    assert [i["number"] for i in body["pending_items"]] == [
        history["c9"].number,
        history["c2"].number,
        history["c4"].number,
    ]
    assert body["pending_items"][1]["notes"][0]["at"] == "2026-11-11T09:00:00+08:00"


def test_api_weekly_errors(history, manager, agent_b, technician, project_a, api):
    boss = client_for(manager)
    assert_error(
        boss.get("reports/weekly-complaints", {"week": "2026-11-12"}), 422, field="project"
    )
    assert_error(
        boss.get("reports/weekly-complaints", {"project": project_a.pk, "week": "11/12"}),
        422,
        field="week",
    )
    assert_error(
        boss.get("reports/weekly-complaints", {"project": 999999, "week": "2026-11-12"}), 404
    )
    assert_error(
        client_for(agent_b).get("reports/weekly-complaints", {"project": project_a.pk}), 403
    )
    assert_error(
        client_for(technician).get("reports/weekly-complaints", {"project": project_a.pk}), 403
    )
    assert api().get("reports/weekly-complaints", {"project": project_a.pk}).status_code == 401


def test_api_rollup(history, manager):
    boss = client_for(manager)
    body = boss.get("reports/complaints-rollup", {"period": "year", "year": 2026}).json()
    assert body["period"]["label"] == "2026 年"
    assert [o["project_code"] for o in body["offices"]] == ["PA", "PB"]
    assert body["total"]["resolution_rate"] == pytest.approx(4 / 9, abs=1e-4)
    assert_error(boss.get("reports/complaints-rollup", {"period": "month"}), 422, field="period")
    assert_error(
        boss.get("reports/complaints-rollup", {"period": "quarter", "quarter": 5}),
        422,
        field="quarter",
    )


# --- screens ------------------------------------------------------------------------------------


def web(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_weekly_screen_print_and_excel(history, manager, project_a):
    client = web(manager)
    query = {"project": project_a.pk, "week": "2026-11-12"}
    page = client.get(reverse("analysis:weekly"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert history["c2"].number in html and 'data-figure="overdue">2<' in html
    printed = client.get(reverse("analysis:weekly_print"), query)
    assert printed.status_code == 200
    assert "客户服务部投诉处理周报" in printed.content.decode()
    assert "@page" in printed.content.decode()
    excel = client.get(reverse("analysis:weekly_export"), query)
    assert excel.status_code == 200
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(excel.content))
    assert book.sheetnames == ["汇总", "未结投诉明细"]
    rows = list(book["未结投诉明细"].iter_rows(values_only=True))
    assert sum(1 for r in rows if r and str(r[0]).startswith("TS-")) == 3


def test_weekly_screen_refuses_outsiders(history, technician, project_a, project_b, supervisor_a):
    assert web(technician).get(reverse("analysis:weekly")).status_code == 403
    sup_b = make_user("sup_b2", ["supervisor"], [project_b])
    assert web(sup_b).get(reverse("analysis:weekly"), {"project": project_a.pk}).status_code == 404
    assert (
        web(supervisor_a)
        .get(reverse("analysis:weekly_export"), {"project": project_a.pk})
        .status_code
        == 200
    )
    bad = web(supervisor_a).get(
        reverse("analysis:weekly"), {"project": project_a.pk, "week": "2030-01-01"}
    )
    assert bad.status_code == 422
    assert "不能查询尚未开始的周" in bad.content.decode()


def test_rollup_screen(history, manager):
    client = web(manager)
    page = client.get(reverse("analysis:rollup"), {"period": "quarter", "year": 2026, "quarter": 4})
    assert page.status_code == 200
    assert "翠湖花园" in page.content.decode()
    assert client.get(reverse("analysis:rollup_print"), {"period": "year"}).status_code == 200
    excel = client.get(reverse("analysis:rollup_export"), {"period": "year", "year": 2026})
    assert excel.status_code == 200
