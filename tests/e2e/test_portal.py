"""The owner's portal on a phone (390×844, R-SS-1): sign in with a text code, report a leak
with a photo, staff dispatch and repair it, the owner signs and rates. Every portal page is
captured under a temporary folder (``PORTAL_SHOTS`` or /tmp/portal-shots) and must fit the
screen without horizontal scrolling."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from aftersales.tickets.models import Callback, Ticket
from tests.e2e.conftest import horizontal_overflow, watch_assets
from tests.matrix.world import png
from tests.portal.conftest import SENT, last_code, take_to_signoff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PORTAL_SHOTS", "/tmp/portal-shots"))
PHONE = "13800000001"  # 张伟, owner of 3-2-1201 (tests/conftest.py)


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.NOTIFY_SMS_BACKEND = "tests.portal.conftest.Outbox"
    SENT.clear()
    cache.clear()
    yield
    cache.clear()


def _shot(page, name: str, folder: Path = SHOTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")  # the sticky bar stays at the top of the capture
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{name} is {overflow}px wider than the phone screen"


def test_owner_reports_follows_signs_and_rates(
    phone_page, site, house_a, customer_a, agent_a, technician, tmp_path
):
    page = phone_page
    missing = watch_assets(page)

    # sign in with a text code (the SMS backend's outbox stands for the phone)
    page.goto(site.url("portal:tickets"))
    expect(page.get_by_role("button", name="获取验证码")).to_be_visible()
    _shot(page, "01-login")
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").tap()
    expect(page.get_by_label("验证码")).to_be_visible()
    _shot(page, "02-login-code")
    page.get_by_label("验证码").fill(last_code(PHONE))
    page.get_by_role("button", name="登录").tap()
    page.wait_for_url(site.url("portal:tickets"))
    page.goto(site.url("portal:home"))
    expect(page.get_by_text("张伟，您好")).to_be_visible()
    _shot(page, "03-home")

    # report a leak with a photo
    page.get_by_role("link", name="我要报事").first.tap()
    page.get_by_label("类别").select_option("civil")
    page.get_by_label("现象").select_option(index=1)
    page.get_by_label("房内位置").fill("主卫")
    page.get_by_label("问题描述").fill("卫生间顶棚滴水，墙角发霉")
    photo = tmp_path / "leak.png"
    photo.write_bytes(png())
    page.locator("#id_photos").set_input_files(str(photo))
    _shot(page, "04-report")
    page.get_by_role("button", name="提交").tap()
    page.wait_for_url(re.compile(r"/m/tickets/\d+/$"))
    ticket = Ticket.objects.get()
    expect(page.get_by_text(f"工单编号 {ticket.number}")).to_be_visible()
    assert ticket.channel == "app" and ticket.attachments.count() == 1
    _shot(page, "05-ticket-registered")

    # staff dispatch, survey and repair it (the ticket services, as the workbench does)
    take_to_signoff(agent_a, technician, ticket.pk)

    # the owner follows it, signs with his finger and rates it
    page.goto(site.url("portal:tickets"))
    _shot(page, "06-tickets")
    page.get_by_role("link", name=ticket.number).tap()
    expect(page.get_by_text("维修完成，请您确认")).to_be_visible()
    canvas = page.locator("canvas.pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 25, box["y"] + 60 + (step % 3) * 20)
    page.mouse.up()
    _shot(page, "07-ticket-sign")
    page.get_by_role("button", name="确认完工").last.tap()
    expect(page.get_by_text("感谢您的确认")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.status == "awaiting_callback" and ticket.signature
    page.locator("label[for=star5]").tap()
    page.get_by_label("评价", exact=True).fill("师傅很认真，谢谢")
    _shot(page, "08-ticket-rate")
    page.get_by_role("button", name="提交评价").tap()
    expect(page.get_by_text("感谢您的评价")).to_be_visible()
    rating = Callback.objects.get(ticket=ticket)
    assert rating.scores["overall"] == 5 and rating.method == "app"
    _shot(page, "09-ticket-rated")

    # the other pages
    page.goto(site.url("portal:houses"))
    _shot(page, "10-houses")
    page.get_by_role("link", name="保修状态").tap()
    expect(page.get_by_text("保修期内").or_(page.get_by_text("已过保")).first).to_be_visible()
    _shot(page, "11-warranty")
    page.goto(site.url("portal:notifications"))
    expect(page.get_by_text("报事已受理").first).to_be_visible()
    _shot(page, "12-notifications")

    # a desktop browser gets the same pages, in a column of phone width
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url("portal:ticket", ticket.pk))
    _shot(page, "13-ticket-desktop")
    page.goto(site.url("portal:home"))
    _shot(page, "14-home-desktop")
    assert missing == [], f"static files did not load: {missing}"
