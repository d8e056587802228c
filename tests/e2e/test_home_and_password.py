"""The agent's home page in the browser: to-do counts that open their lists; and a user changes
his own password from the user menu, then signs in with it (issue 10, item 5). Screenshots of
the home, password and audit pages at desktop and phone width go to $AFTERSALES_SHOTS when set."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.core import audit
from aftersales.tickets import services
from aftersales.tickets.models import Deadline
from tests.e2e.conftest import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW = "Quiet-Harbour-2027"


def _shot(page, name: str) -> None:
    folder = os.environ.get("AFTERSALES_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _card(page, label: str):
    return page.locator(".card", has_text=label).filter(has=page.locator(".app-count"))


@pytest.fixture
def todo(agent_a, customer_a):
    made = [
        services.register_ticket(
            agent_a,
            kind="inquiry",
            channel="hotline",
            description=f"咨询{i}",
            customer=customer_a.pk,
        )
        for i in range(3)
    ]
    Deadline.objects.filter(ticket=made[0]).update(due=timezone.now() - dt.timedelta(hours=1))
    return made


@pytest.mark.parametrize("width", [1366, 390])
def test_home_counts_open_their_lists(page, site, todo, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site, "agent_a")
    expect(_card(page, "我的工单").locator(".app-count")).to_have_text("3")
    expect(_card(page, "已超时").locator(".app-count")).to_have_text("1")
    _shot(page, f"home-{width}")
    assert horizontal_overflow(page) <= 1
    _card(page, "已超时").get_by_role("link", name="查看").click()
    page.wait_for_url("**/tickets/?queue=overdue")
    expect(page.locator("body")).to_contain_text(todo[0].number)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_user_changes_his_password_from_the_user_menu(page, site, agent_a, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site, "agent_a")
    page.get_by_label("用户菜单").locator("visible=true").first.click()
    page.get_by_role("link", name="修改密码").locator("visible=true").first.click()
    expect(page.locator(".page-title")).to_contain_text("修改密码")
    page.get_by_label("当前密码").fill("wrong-one")
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("确认新密码").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    expect(page.locator("body")).to_contain_text("当前密码不正确")
    _shot(page, f"password-{width}")
    from tests.conftest import PASSWORD

    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("确认新密码").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_url(site.url("home"))
    expect(page.locator(".app-messages")).to_contain_text("密码已修改")
    page.context.clear_cookies()
    login(page, site, "agent_a", NEW)


@pytest.mark.parametrize("width", [1366, 390])
def test_audit_trail_reads_in_words(page, site, admin, width):
    audit.record(admin, "pay", model="costs.settlement", object_id=7, after={"status": "paid"})
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site, "admin")
    page.goto(site.url("core:audit"))
    expect(page.locator("tbody")).to_contain_text("财务付款")
    expect(page.locator("tbody")).to_contain_text("已付款")
    _shot(page, f"audit-{width}")
