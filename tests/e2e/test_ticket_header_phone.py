"""On a phone the ticket's status badge stays visible beside, not under, the print button
(issue 10, smaller defects). Also saves screenshots of the header at phone and desktop width."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from aftersales.tickets import services
from tests.e2e.conftest import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_status_badge_is_not_covered_by_the_print_button(page, site, manager, house_a, width):
    ticket = services.register_ticket(
        manager,
        kind="complaint",
        severity="major",
        urgency="urgent",
        channel="hotline",
        description="外墙渗水多次未修好",
        house=house_a.pk,
        phone="13800000001",
    )
    page.set_viewport_size({"width": width, "height": 844})
    login(page, site, "manager")
    page.goto(site.url("tickets:detail", ticket.pk))
    badge = page.locator(".page-title .badge", has_text=ticket.get_status_display())
    expect(badge).to_be_visible()
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    number = page.locator(".page-title", has_text=ticket.number).locator("span").first
    titled = [number, *page.locator(".page-title .badge").all()]
    actions = page.locator(".page-header .btn-list .btn").all()
    assert len(actions) >= 2  # 召开专题会议 and 打印
    for shown in titled:
        for action in actions:
            assert not _overlap(shown.bounding_box(), action.bounding_box()), shown.inner_text()
    view = page.viewport_size
    box = number.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"]
    assert horizontal_overflow(page) <= 1
    folder = os.environ.get("AFTERSALES_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/ticket-detail-{width}.png")
