"""Recurring-problem analysis (R-RPT-3): rankings by dimension, repeat rate, trend, drill-down.

Repairs of project A between 2026-09-01 and 2026-11-20 (built at 2026-11-20 12:00):

====  =========  ==============  ==========  ========  ==========
 id   house      category        component   location  accepted
====  =========  ==============  ==========  ========  ==========
 r1   3-2-1201   civil           leakage     卫生间    09-10
 r2   3-2-1201   civil           leakage     卫生间    10-05
 r3   3-2-1201   water_electric  electrical  厨房      10-06
 r4   3-2-1202   civil           leakage     卫生间    10-20
 r5   5-1-301    doors_windows               客厅      11-02
 r6   5-1-301    doors_windows               客厅      11-03
====  =========  ==============  ==========  ========  ==========

plus r7 (3-2-1202, civil, 08-15 — before the window), rb (project B, civil, 10-01) and a
complaint (not a repair). 3-2-1201 is 三室两厅; the other two houses have no unit type.
Contractors: 宏达建设 took r1 (accepted) and r4 (pending) and declined r2; 安居防水 took r2.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from aftersales.analysis.selectors import recurring
from aftersales.core.errors import Forbidden, Invalid, NotFound
from aftersales.costs.models import Contractor, Transfer
from aftersales.tickets import services
from tests.analysis.conftest import at, complaint
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD, make_user
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 20)
WINDOW = {"start": "2026-09-01", "end": "2026-11-20"}


def repair(actor, house, when, category, component="", location=""):
    return services.register_ticket(
        actor,
        kind="repair",
        channel="hotline",
        description="报修",
        phone="13800000001",
        house=house.pk,
        category=category,
        component=component,
        location=location,
        occurred_at=when,
    )


@pytest.fixture
def repairs(clock, agent_a, agent_b, admin, project_a, house_a, house_b):
    h2 = project_a.houses.get(label="3-2-1202")
    h3 = project_a.houses.get(label="5-1-301")
    r = {
        "r1": repair(agent_a, house_a, at(9, 10, 10), "civil", "leakage", "卫生间"),
        "r2": repair(agent_a, house_a, at(10, 5, 10), "civil", "leakage", "卫生间"),
        "r3": repair(agent_a, house_a, at(10, 6, 10), "water_electric", "electrical", "厨房"),
        "r4": repair(agent_a, h2, at(10, 20, 10), "civil", "leakage", "卫生间"),
        "r5": repair(agent_a, h3, at(11, 2, 10), "doors_windows", "", "客厅"),
        "r6": repair(agent_a, h3, at(11, 3, 10), "doors_windows", "", "客厅"),
        "r7": repair(agent_a, h2, at(8, 15, 10), "civil"),
        "rb": repair(agent_b, house_b, at(10, 1, 10), "civil"),
    }
    complaint(agent_a, house_a, at(10, 7, 10))
    hongda = Contractor.objects.create(name="宏达建设")
    anju = Contractor.objects.create(name="安居防水")
    Transfer.objects.create(ticket=r["r1"], contractor=hongda, created_by=admin, status="accepted")
    Transfer.objects.create(ticket=r["r4"], contractor=hongda, created_by=admin)
    Transfer.objects.create(ticket=r["r2"], contractor=hongda, created_by=admin, status="declined")
    Transfer.objects.create(ticket=r["r2"], contractor=anju, created_by=admin, status="accepted")
    r["hongda"], r["anju"] = hongda, anju
    return r


def table(data) -> dict:
    return {row["label"]: (row["count"], row["houses"], row["repeat_houses"]) for row in data.rows}


def test_by_category_with_repeat_rate_and_trend(repairs, manager, project_a):
    data = recurring.analyse(manager, "category", project_a.pk, START, END)
    assert data.total == 6
    assert table(data) == {"土建": (3, 2, 1), "门窗": (2, 1, 1), "水电": (1, 1, 0)}
    assert [r["key"] for r in data.rows] == ["civil", "doors_windows", "water_electric"]
    assert data.rows[0]["share"] == 0.5
    # Houses with a repair: 3; with two of the same category: 3-2-1201 (土建) and 5-1-301 (门窗).
    assert (data.houses_any, data.houses_repeat, data.repeat_rate) == (3, 2, 0.6667)
    assert data.months == ["2026-09", "2026-10", "2026-11"]
    assert data.month_totals == [1, 3, 2]
    trend = {s["label"]: s["counts"] for s in data.trend}
    assert trend["土建"] == [1, 2, 0] and trend["门窗"] == [0, 0, 2]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("component", {"渗漏": (3, 2, 1), "（未填写）": (2, 1, 1), "电气管线": (1, 1, 0)}),
        ("location", {"卫生间": (3, 2, 1), "客厅": (2, 1, 1), "厨房": (1, 1, 0)}),
        ("unit_type", {"三室两厅": (3, 1, 1), "（未填写）": (3, 2, 1)}),
        ("building", {"翠湖花园 3栋": (4, 2, 1), "翠湖花园 5栋": (2, 1, 1)}),
        ("contractor", {"宏达建设": (2, 2, 0), "安居防水": (1, 1, 0)}),
    ],
)
def test_other_dimensions(repairs, manager, project_a, by, expected):
    from aftersales.estates.models import WarrantyComponent

    names = dict(WarrantyComponent.objects.values_list("code", "name"))
    expected = {
        {"渗漏": names["leakage"], "电气管线": names["electrical"]}.get(k, k): v
        for k, v in expected.items()
    }
    assert table(recurring.analyse(manager, by, project_a.pk, START, END)) == expected


def test_all_projects_and_scope(repairs, manager, project_b):
    everywhere = recurring.analyse(manager, "category", None, START, END)
    assert table(everywhere)["土建"] == (4, 3, 1)
    sup_b = make_user("sup_b", ["supervisor"], [project_b])
    mine = recurring.analyse(sup_b, "category", None, START, END)
    assert table(mine) == {"土建": (1, 1, 0)}
    with pytest.raises(NotFound):
        recurring.analyse(sup_b, "category", repairs["r1"].project_id, START, END)


def test_refusals(repairs, agent_a, manager):
    with pytest.raises(Forbidden):
        recurring.analyse(agent_a, "category")
    with pytest.raises(Invalid) as bad_by:
        recurring.analyse(manager, "colour")
    assert "by" in bad_by.value.fields
    with pytest.raises(Invalid):
        recurring.analyse(manager, "category", None, END, START)
    with pytest.raises(Invalid):
        recurring.analyse(manager, "category", None, dt.date(2020, 1, 1), END)
    with pytest.raises(Invalid) as future:
        recurring.analyse(manager, "category", None, START, dt.date(9999, 12, 31))
    assert "end" in future.value.fields


def test_drill_down_lists_the_repairs_behind_a_row(repairs, manager, project_a):
    civil = recurring.tickets_of(manager, "category", "civil", project_a.pk, START, END)
    assert {t.pk for t in civil} == {repairs[k].pk for k in ("r1", "r2", "r4")}
    untyped = recurring.tickets_of(manager, "unit_type", "none", project_a.pk, START, END)
    assert {t.pk for t in untyped} == {repairs[k].pk for k in ("r4", "r5", "r6")}
    hongda = recurring.tickets_of(
        manager, "contractor", str(repairs["hongda"].pk), project_a.pk, START, END
    )
    assert {t.pk for t in hongda} == {repairs["r1"].pk, repairs["r4"].pk}


def test_api(repairs, manager, project_a):
    boss = client_for(manager)
    body = boss.get(
        "reports/recurring", {"by": "location", "project": project_a.pk, **WINDOW}
    ).json()
    assert [(r["label"], r["count"]) for r in body["rows"]] == [
        ("卫生间", 3),
        ("客厅", 2),
        ("厨房", 1),
    ]
    assert body["repeat_rate"] == 0.6667 and body["total"] == 6
    assert_error(boss.get("reports/recurring", {"by": "colour"}), 422, field="by")
    assert_error(boss.get("reports/recurring", {"start": "2026-13-01"}), 422, field="start")
    assert_error(boss.get("reports/recurring", {"start": "2026-11-01", "end": "2026-10-01"}), 422)
    assert_error(boss.get("reports/recurring", {"project": 987654}), 404)


def test_screen_chart_data_drilldown_and_excel(repairs, manager, project_a):
    client = Client()
    client.login(username=manager.username, password=PASSWORD)
    query = {"by": "category", "project": project_a.pk, **WINDOW}
    page = client.get(reverse("analysis:recurring"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="recurring-chart-data"' in html and "echarts.min.js" in html
    assert 'data-figure="repeat-rate">67%<' in html
    drill = client.get(reverse("analysis:recurring_tickets"), {**query, "key": "civil"})
    assert drill.status_code == 200
    assert repairs["r4"].number in drill.content.decode()
    assert repairs["r3"].number not in drill.content.decode()
    excel = client.get(reverse("analysis:recurring_export"), query)
    assert excel.status_code == 200
    bad = client.get(reverse("analysis:recurring"), {"start": "2026-11-01", "end": "2026-10-01"})
    assert bad.status_code == 422
