"""(a) Signing in on the Chinese login page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_signs_in_and_sees_the_home_page(page, site, admin):
    page.goto(site.url("home"))
    page.wait_for_url(re.compile(r"/login/"))  # anonymous visitors are sent to the login page
    expect(page).to_have_title(re.compile("登录"))
    expect(page.get_by_role("heading", name="登录您的账号")).to_be_visible()
    expect(page.get_by_text("用户名", exact=True)).to_be_visible()

    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(site.url("home"))
    expect(page).to_have_title(re.compile("首页"))
    expect(page.locator(".page-title")).to_contain_text("系统管理员")
    expect(page.get_by_text("数据范围：全部项目")).to_be_visible()
    menu = page.locator("#sidebar-menu")
    for item in ("房屋", "客户", "花名册导入", "工作日历", "用户"):
        expect(menu.get_by_role("link", name=item, exact=True)).to_be_visible()


def test_wrong_password_shows_an_error(page, site, admin):
    page.goto(site.url("login"))
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_label("用户名")).to_have_value("admin")
    # The right password still works afterwards.
    login(page, site, "admin")
    expect(page.locator(".page-title")).to_contain_text("系统管理员")
