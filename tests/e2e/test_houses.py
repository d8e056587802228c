"""(b) A scoped agent finds a house by room label and by pinyin initials, then its owner."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def search(page, site, text: str):
    page.goto(site.url("estates:house_list"))
    page.locator("#q").fill(text)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    return page.locator("table tbody tr")


def test_agent_finds_house_and_owner_within_his_project(page, site, agent_a, house_a, house_b):
    login(page, site, "agent_a")

    rows = search(page, site, "3-2-1201")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("3-2-1201")
    expect(rows.first).to_contain_text("翠湖花园")

    rows = search(page, site, "zw")  # 张伟's pinyin initials
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("张伟")

    # A house of the other project is not found by its label either.
    search(page, site, "1-1-101")
    expect(page.get_by_text("没有符合条件的房屋")).to_be_visible()

    search(page, site, "3-2-1201")
    page.get_by_role("link", name="3-2-1201").click()
    page.wait_for_url(site.url("estates:house_detail", house_a.pk))
    expect(page.locator(".page-title")).to_contain_text("3-2-1201")

    page.get_by_role("link", name=re.compile("张伟")).first.click()
    page.wait_for_url(re.compile(r"/estates/customers/\d+/$"))
    expect(page).to_have_title(re.compile("张伟"))
    expect(page.get_by_role("heading", name="张伟")).to_be_visible()
    expect(page.get_by_text("13800000001")).to_be_visible()
    expect(page.get_by_text("3-2-1201").first).to_be_visible()


def test_house_of_another_project_answers_404(page, site, agent_a, house_b):
    login(page, site, "agent_a")
    response = page.goto(site.url("estates:house_detail", house_b.pk))
    assert response is not None and response.status == 404
    expect(page.get_by_text("王芳")).to_have_count(0)
