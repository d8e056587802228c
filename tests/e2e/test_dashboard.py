"""The KPI dashboard in the browser: a manager opens it, drills into the overdue tickets,
exports the KPI table to Excel, downloads it, and the workbook holds the numbers on the screen.

The history is made with the ticket services, back-entered relative to the real clock (the live
server runs in another thread, so the clock is not frozen): in project A one repair dispatched
eight days ago and never surveyed (its survey clock ran out), one repair closed after a
satisfied callback, one inquiry answered in two hours.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.tickets import services
from tests.e2e.conftest import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _ago(days: float, hours: float = 0) -> dt.datetime:
    moment = timezone.now() - dt.timedelta(days=days, hours=hours)
    return moment.replace(microsecond=0)


@pytest.fixture
def history(manager, technician, house_a):
    def register(kind, when):
        return services.register_ticket(
            manager,
            kind=kind,
            channel="hotline",
            description="看板测试",
            house=house_a.pk,
            phone="13800000001",
            category="civil" if kind == "repair" else "",
            occurred_at=when,
        )

    def do(actor, ticket, action, when, **payload):
        return services.perform(actor, ticket, action, occurred_at=when, **payload)

    stuck = register("repair", _ago(9))
    do(manager, stuck, "dispatch", _ago(8), assignee=technician.pk)
    done = register("repair", _ago(7))
    do(manager, done, "dispatch", _ago(7, -1), assignee=technician.pk)
    do(
        technician,
        done,
        "survey",
        _ago(6),
        responsible_party="contractor",
        trades=1,
        estimate="200",
        work_class="A",
    )
    do(technician, done, "start", _ago(5))
    do(technician, done, "complete", _ago(4))
    do(manager, done, "sign_off", _ago(3), opinion="satisfied")
    do(manager, done, "callback", _ago(2), satisfied=True)
    inquiry = register("inquiry", _ago(1, 3))
    do(manager, inquiry, "reply", _ago(1, 1), content="已答复")
    return {"stuck": stuck, "done": done, "inquiry": inquiry}


def test_dashboard_drill_export_download(page, site, history, manager):
    today = timezone.localdate()
    period = f"?start={today - dt.timedelta(days=30)}&end={today}"
    login(page, site, "manager")
    page.goto(site.url("reports:dashboard") + period)
    expect(page.locator(".page-title")).to_contain_text("数据看板")
    tickets = page.get_by_test_id("value-tickets")
    expect(tickets).to_have_text("3")
    expect(page.get_by_test_id("value-satisfaction_rate")).to_have_text("100.0%")
    response_num = page.get_by_test_id("num-response_rate_24h").inner_text()
    response_den = page.get_by_test_id("den-response_rate_24h").inner_text()
    assert (response_num, response_den) == ("3", "3")
    # Every card carries its definition.
    card = page.locator('[data-kpi="satisfaction_rate"] [data-bs-toggle="popover"]')
    assert "回访" in card.get_attribute("data-bs-content")
    # The charts were drawn (ECharts puts a canvas in each box).
    expect(page.locator("#chart-trend canvas")).to_have_count(1)

    # Drill into the overdue work: the stuck repair is listed, the closed one is not.
    page.get_by_test_id("drill-overdue").click()
    expect(page.locator(".page-title")).to_contain_text("已超时")
    listing = page.get_by_test_id("drill-list")
    expect(listing).to_contain_text(history["stuck"].number)
    expect(listing).not_to_contain_text(history["done"].number)
    page.goto(site.url("reports:dashboard") + period)

    # Export the KPI table; the job runs in the background and the list shows it done.
    page.get_by_test_id("export-kpis").click()
    page.wait_for_url(site.url("reports:exports"))
    jobs = page.get_by_test_id("export-jobs")
    expect(jobs.locator('[data-status="done"]')).to_have_count(1, timeout=20_000)
    with page.expect_download() as info:
        jobs.get_by_role("link", name="下载").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    rows = {r[6]: r for r in book["KPI指标"].iter_rows(min_row=5, values_only=True) if r[6]}
    assert rows["tickets"][1] == 3
    assert rows["satisfaction_rate"][1] == 1.0
    assert (rows["response_rate_24h"][3], rows["response_rate_24h"][4]) == (3, 3)


def test_dashboard_on_a_phone(phone_page, site, history):
    login(phone_page, site, "manager")
    phone_page.goto(site.url("reports:dashboard"))
    expect(phone_page.get_by_test_id("value-tickets")).to_have_text("3")
    assert horizontal_overflow(phone_page) <= 1
