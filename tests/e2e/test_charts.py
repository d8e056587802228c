"""Charts that count tickets (issue 10, smaller defects): an empty chart says 暂无数据 instead of
showing bare axes, and a count axis never shows fractional ticks (0.5 tickets)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from aftersales.tickets import services
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_empty_dashboard_charts_say_no_data(page, site, manager, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site, "manager")
    page.goto(site.url("reports:dashboard"))
    for chart in ("#chart-trend", "#chart-category", "#chart-component"):
        expect(page.locator(chart)).to_contain_text("暂无数据")
        expect(page.locator(f"{chart} canvas")).to_have_count(0)
    folder = os.environ.get("AFTERSALES_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/dashboard-empty-{width}.png", full_page=True)


def test_count_axes_step_by_whole_tickets(page, site, manager, house_a):
    services.register_ticket(
        manager,
        kind="repair",
        channel="hotline",
        description="看板测试",
        house=house_a.pk,
        phone="13800000001",
        category="civil",
    )
    login(page, site, "manager")
    page.goto(site.url("reports:dashboard"))
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    intervals = page.evaluate(
        """() => {
          const opt = (id) => echarts.getInstanceByDom(document.getElementById(id)).getOption();
          return [
            opt("chart-trend").yAxis[1].minInterval,
            opt("chart-category").xAxis[0].minInterval,
          ];
        }"""
    )
    assert intervals == [1, 1]
