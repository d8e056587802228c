"""New customer with a phone number already on file: the form warns and links to the customer
on file, and creates a second one only when the shared number is confirmed (issue 10)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from aftersales.estates.models import Customer
from tests.e2e.conftest import horizontal_overflow, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_known_phone_warns_and_links(page, site, admin, customer_a, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site, "admin")
    page.goto(site.url("estates:customer_create"))
    page.get_by_label("姓名").fill("张伟")
    page.get_by_label("手机号").fill(customer_a.phone)
    page.get_by_role("button", name="保存").click()
    warning = page.get_by_test_id("known-phone")
    expect(warning).to_contain_text("张伟")
    assert horizontal_overflow(page) <= 1
    folder = os.environ.get("AFTERSALES_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/customer-known-phone-{width}.png", full_page=True)
    assert Customer.objects.filter(phone=customer_a.phone).count() == 1
    warning.get_by_role("link", name="张伟").click()
    page.wait_for_url(f"**/estates/customers/{customer_a.pk}/")
