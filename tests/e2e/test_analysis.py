"""Analysis screens in the browser: the service manager opens the weekly complaint report,
prints it, and records a special meeting on a major complaint with an action item linked to
that complaint; the minutes print. The phone layout of the weekly report fits the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from aftersales.analysis.models import ActionItem, Meeting
from aftersales.tickets import services
from tests.e2e.conftest import horizontal_overflow, login, watch_assets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def major(agent_a, house_a):
    """A major complaint of project A registered now (pending, its reply not yet due)."""
    return services.register_ticket(
        agent_a,
        kind="complaint",
        channel="letter",
        description="地下车库大面积渗水，业主联名投诉",
        phone="13800000001",
        house=house_a.pk,
        severity="major",
    )


def test_weekly_report_print_and_a_special_meeting(page, site, manager, technician, major):
    failures = watch_assets(page)
    login(page, site, manager.username)
    page.goto(site.url("analysis:weekly"))
    expect(page.locator(".page-title")).to_contain_text("投诉处理周报")
    expect(page.locator('[data-figure="new"]')).to_have_text("1")
    expect(page.locator('[data-figure="pending"]')).to_have_text("1")
    expect(page.get_by_role("link", name=major.number)).to_be_visible()

    with page.context.expect_page() as printed:
        page.get_by_role("link", name="打印").click()
    sheet = printed.value
    sheet.wait_for_load_state()
    expect(sheet.locator("h1")).to_have_text("客户服务部投诉处理周报")
    expect(sheet.locator("main.sheet")).to_contain_text(major.number)
    expect(sheet.locator(".toolbar")).to_be_visible()
    sheet.close()

    # A special meeting started from the complaint (the ticket page links here).
    page.goto(site.url("analysis:meeting_new") + f"?ticket={major.pk}")
    expect(page.locator("#id_kind")).to_have_value("special")
    expect(page.locator("#id_ticket")).to_have_value(major.number)
    page.locator("#id_place").fill("客服中心会议室")
    page.locator("#id_chair").fill("售后经理")
    page.locator("#id_attendees").fill("客服部、工程部、物业")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/analysis/meetings/\d+/$"))
    expect(page.locator(".page-title")).to_contain_text(major.number)

    page.locator("#id_text").fill("工程部三日内出具车库防水整改方案")
    page.locator("#id_owner").select_option(str(technician.pk))
    page.locator("#id_due_on").fill("2026-12-31")
    page.locator("#id_tickets").fill(major.number)
    page.get_by_role("button", name="添加").click()
    expect(page.locator(".app-messages")).to_contain_text("待办事项已添加")
    action = page.locator("#actions [data-action]")
    expect(action).to_have_count(1)
    expect(action).to_contain_text("车库防水整改方案")
    expect(action.get_by_role("link", name=major.number)).to_be_visible()

    meeting = Meeting.objects.get()
    assert meeting.kind == "special" and meeting.ticket_id == major.pk
    assert list(ActionItem.objects.get().tickets.values_list("pk", flat=True)) == [major.pk]

    page.locator("#actions").get_by_role("button", name="标记为已完成").click()
    expect(page.locator("#actions").get_by_role("button", name="标记为未完成")).to_be_visible()
    page.goto(site.url("analysis:meeting_print", meeting.pk))
    expect(page.locator("h1")).to_have_text("会议纪要")
    expect(page.locator("main.sheet")).to_contain_text("车库防水整改方案")
    assert failures == []


def test_weekly_report_fits_a_phone(phone_page, site, manager, major):
    login(phone_page, site, manager.username)
    phone_page.goto(site.url("analysis:weekly"))
    expect(phone_page.locator('[data-figure="pending"]')).to_have_text("1")
    assert horizontal_overflow(phone_page) == 0
