"""(d) The main pages fit a phone screen (390×844) without horizontal scrolling of the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import horizontal_overflow, login, watch_assets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_page_fits_a_phone(phone_page, site, admin):
    missing = watch_assets(phone_page)
    phone_page.goto(site.url("login"))
    phone_page.wait_for_load_state("networkidle")
    assert missing == [], "static files did not load"
    button = phone_page.get_by_role("button", name="登录")
    expect(button).to_be_visible()
    # Styled, not the browser's bare form: the button spans the card (Tabler's w-100).
    assert button.bounding_box()["width"] > 200
    assert horizontal_overflow(phone_page) <= 0


def test_pages_fit_a_phone(phone_page, site, admin, house_a, customer_a, house_b):
    page = phone_page
    missing = watch_assets(page)
    login(page, site, "admin")
    pages = [
        site.url("home"),
        site.url("estates:house_list"),
        site.url("estates:house_list") + "?q=3-2",
        site.url("estates:house_detail", house_a.pk),
        site.url("estates:customer_detail", customer_a.pk),
        site.url("estates:import"),
        site.url("core:calendar"),
    ]
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert missing == [], f"static files did not load on {url}"
        expect(page.locator(".page-title, h1, h2").first).to_be_visible()
        overflow = horizontal_overflow(page)
        assert overflow <= 0, f"{url} is {overflow}px wider than the phone screen"

    # The menu is folded away behind the toggler and opens on tap.
    page.goto(site.url("home"))
    toggler = page.get_by_role("button", name="展开菜单")
    expect(toggler).to_be_visible()
    toggler.tap()
    expect(
        page.locator("#sidebar-menu").get_by_role("link", name="房屋", exact=True)
    ).to_be_visible()
    assert horizontal_overflow(page) <= 0
