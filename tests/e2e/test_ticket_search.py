"""An agent searches tickets by a keyword, saves the search as a view, and opens it again."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from aftersales.tickets import services
from tests.e2e.conftest import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("AFTERSALES_SCREENSHOTS", "/tmp/aftersales-shots"))


@pytest.fixture
def tickets(agent_a, house_a, customer_a):
    made = {}
    for key, text in (
        ("leak", "卫生间下水管道漏水，楼下天花板有水渍"),
        ("lock", "房门锁坏了，钥匙打不开"),
        ("window", "客厅窗户关不严，漏风"),
    ):
        made[key] = services.register_ticket(
            agent_a,
            kind="repair",
            channel="hotline",
            house=house_a.pk,
            customer=customer_a.pk,
            description=text,
        )
    return made


def test_search_save_and_open_a_view(page, phone_page, site, agent_a, tickets):
    login(page, site, "agent_a")
    page.goto(site.url("tickets:list"))
    page.locator("#f-q").fill("门锁")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(tickets["lock"].number)

    page.locator("#f-view-name").fill("门锁报修")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存查询“门锁报修”。")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ticket-search-desktop.png"), full_page=True)

    page.goto(site.url("tickets:list"))
    expect(page.locator("table tbody tr")).to_have_count(3)
    page.locator("#saved-views").get_by_role("link", name="门锁报修").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(page.locator("#f-q")).to_have_value("门锁")
    expect(page.locator("table tbody tr")).to_have_count(1)

    login(phone_page, site, "agent_a")
    phone_page.goto(site.url("tickets:list") + "?q=%E6%BC%8F")  # 漏: leak and draught
    expect(phone_page.locator("table tbody tr")).to_have_count(2)
    assert horizontal_overflow(phone_page) == 0
    phone_page.screenshot(path=str(SHOTS / "ticket-search-phone.png"), full_page=True)


def test_house_page_lists_its_tickets(page, phone_page, site, agent_a, house_a, tickets):
    login(page, site, "agent_a")
    page.goto(site.url("estates:house_detail", house_a.pk))
    history = page.locator("#tickets")
    expect(history).to_contain_text(tickets["window"].number)
    expect(history).to_contain_text("房门锁坏了")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "house-history-desktop.png"), full_page=True)
    login(phone_page, site, "agent_a")
    phone_page.goto(site.url("estates:house_detail", house_a.pk))
    expect(phone_page.locator("#tickets")).to_contain_text(tickets["leak"].number)
    assert horizontal_overflow(phone_page) == 0
    phone_page.screenshot(path=str(SHOTS / "house-history-phone.png"), full_page=True)
