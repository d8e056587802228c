"""The evaluation screen (R-CST-5): period picker, role tabs, ranked scores with the repairs
behind them, bad periods on the page, and the Excel workbook."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.costs.web.helpers import text, workbook
from tests.tickets.helpers import at, client_for, ok

pytestmark = pytest.mark.django_db

URL = reverse("costs:evaluation")


@pytest.fixture
def signed(people, repair):
    """Two repairs of the technician signed off in 2026-Q4: satisfied and dissatisfied.

    opinion (100 + 0) / 2 = 50.0, no callbacks, both on time: (0.4·50 + 0.3·100) / 0.7 = 71.4.
    """
    with time_machine.travel(at(2026, 11, 23, 9), tick=False):
        tickets = [repair("done"), repair("done")]
        desk = client_for(people["agent"])
        ok(desk, tickets[0]["id"], "sign_off", {"opinion": "satisfied"})
        ok(desk, tickets[1]["id"], "sign_off", {"opinion": "dissatisfied"})
    return tickets


def test_ranked_scores_with_the_repairs_behind_them(web, people, signed):
    page = text(web(people["manager"]).get(URL, {"period": "2026-Q4", "role": "technician"}))
    assert "2026年第4季度" in page and people["technician"].display_name in page
    assert 'data-testid="score">71.4<' in page
    assert page.count('data-testid="score-row"') == 1  # the one technician
    for t in signed:
        assert reverse("tickets:detail", args=[t["id"]]) in page and t["number"] in page
    assert "不满意" in page and 'id="lines-' in page


def test_role_tabs_and_period_picker(web, people, signed):
    page = text(web(people["manager"]).get(URL, {"period": "2026", "role": "team_lead"}))
    assert "2026年度" in page and people["lead"].display_name in page
    assert 'data-testid="score">71.4<' in page  # the lead sees every project
    assert '<option value="2026-Q3"' in page and '<option value="2026" selected' in page
    assert "?period=2026&amp;role=technician" in page


def test_an_old_period_is_added_to_the_picker(web, people):
    page = text(web(people["manager"]).get(URL, {"period": "2019-Q2"}))
    assert '<option value="2019-Q2" selected>2019年第2季度</option>' in page


@pytest.mark.parametrize("period", ["2026-Q7", "abc", "1999"])
def test_bad_period_is_shown_on_the_page(web, people, period):
    r = web(people["manager"]).get(URL, {"period": period})
    assert r.status_code == 422 and "考核期应为年份（2026）或季度（2026-Q3）" in text(r)
    r = web(people["manager"]).get(reverse("costs:evaluation_export"), {"period": period})
    assert r.status_code == 422 and "考核期应为" in text(r)


def test_bad_role_is_shown_on_the_page(web, people):
    r = web(people["manager"]).get(URL, {"period": "2026", "role": "gm"})
    assert r.status_code == 422 and "考核对象应为" in text(r)


def test_roles(web, people, contractor_user, owner):
    for who in ("manager", "lead", "dgm", "gm", "admin"):
        assert web(people[who]).get(URL).status_code == 200, who
    for user in (people["technician"], people["agent"], people["finance"], contractor_user, owner):
        assert web(user).get(URL).status_code == 403
        assert web(user).get(reverse("costs:evaluation_export")).status_code == 403
    assert web().get(URL).status_code == 302


def test_export_holds_the_same_scores(web, people, signed):
    r = web(people["manager"]).get(
        reverse("costs:evaluation_export"), {"period": "2026-Q4", "role": "technician"}
    )
    wb = workbook(r)
    head, row = list(wb["考核结果"].iter_rows(min_row=1, max_row=2, values_only=True))
    assert head[0] == "排名" and head[-1] == "得分"
    assert row[1] == people["technician"].display_name
    assert (row[3], float(row[4]), float(row[8])) == (2, 50.0, 71.4)
    lines = list(wb["维修明细"].iter_rows(min_row=2, values_only=True))
    assert sorted(ln[1] for ln in lines) == sorted(t["number"] for t in signed)
    assert {ln[3] for ln in lines} == {"满意", "不满意"}


def test_the_screen_lists_the_newest_repairs_and_says_how_many_more(
    web, people, signed, monkeypatch
):
    from aftersales.costs.views.companies import evaluation as screen

    monkeypatch.setattr(screen, "SHOWN_LINES", 1)
    page = text(web(people["manager"]).get(URL, {"period": "2026-Q4", "role": "technician"}))
    newest, older = signed[1], signed[0]  # signed off one after the other
    assert newest["number"] in page and older["number"] not in page
    assert 'data-testid="lines-more">另有 1 单未列出' in page
