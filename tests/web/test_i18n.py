"""The web UI in English: Simplified Chinese by default, English when the user picks it.

The language switch (Django's ``set_language``) stores the choice in the language cookie and
:class:`aftersales.core.middleware.LanguageMiddleware` follows that cookie on web pages. A
browser's own Accept-Language is followed by the API only, never by the web screens.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_default_language():
    """The middleware activates the request's language in this thread; undo it afterwards."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _has_all(page: str, texts: list[str]) -> None:
    missing = [t for t in texts if t not in page]
    assert not missing, f"missing {missing}"


def _has_none(page: str, texts: list[str]) -> None:
    found = [t for t in texts if t in page]
    assert not found, f"unexpected {found}"


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


# --- the switch ---------------------------------------------------------------------------------


def test_switching_to_english_and_back(admin_client):
    response = admin_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}
    )
    assert response.status_code == 302
    page = _page(admin_client.get(reverse("home")))
    assert '<html lang="en">' in page
    _has_all(page, ["Shortcuts", "Working calendar"])

    admin_client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("home")})
    page = _page(admin_client.get(reverse("home")))
    assert '<html lang="zh-hans">' in page
    _has_all(page, ["常用功能", "工作日历"])
    _has_none(page, ["Shortcuts", "Working calendar"])


def test_unknown_language_in_the_cookie_falls_back_to_chinese(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = _page(admin_client.get(reverse("home")))
    _has_all(page, ["常用功能", "工作日历"])


# --- screens in English -------------------------------------------------------------------------


def test_login_page_in_english(client):
    _english(client)
    page = _page(client.get(reverse("login")))
    _has_all(
        page,
        ["Sign in to your account", "Username", "Password", "After-Sales Service Management"],
    )
    _has_none(page, ["登录您的账号", "用户名", "密码", "售后服务管理系统"])


def test_wrong_password_message_in_english(client, admin):
    _english(client)
    page = _page(client.post(reverse("login"), {"username": "admin", "password": "wrong"}))
    assert "Incorrect username or password" in page
    assert "用户名或密码错误" not in page


def test_home_in_english(admin_client, project_a):
    _english(admin_client)
    page = _page(admin_client.get(reverse("home")))
    _has_all(
        page,
        [
            "Workspace",
            "Estates &amp; customers",
            "Projects",
            "Houses",
            "Customers",
            "Working calendar",
            "Audit log",
            "Data scope: All projects",
            "System administrator",  # the role, translated; the user's own name stays as stored
            "Today is",
        ],
    )
    _has_none(
        page, ["工作台", "房产与客户", "常用功能", "工作日历", "审计日志", "数据范围", "今天是"]
    )


def test_house_list_in_english(admin_client, house_a):
    _english(admin_client)
    page = _page(admin_client.get(reverse("estates:house_list")))
    _has_all(
        page,
        ["Houses", "House no.", "Delivery date", "Export", "All projects", "Delivered"],
    )
    _has_none(page, ["房屋编号", "交付日期", "导出 Excel", "全部项目", "已交付", "房产与客户"])
    # Data is not translated: project, house and customer names stay as entered.
    _has_all(page, ["翠湖花园", "3-2-1201", "张伟"])


def test_empty_house_search_in_english(admin_client, house_a):
    _english(admin_client)
    page = _page(admin_client.get(reverse("estates:house_list"), {"q": "9-9-9999"}))
    _has_all(page, ["No matching houses", "Clear filters"])
    _has_none(page, ["没有符合条件的房屋", "清除条件"])


def test_customer_page_in_english(admin_client, customer_a):
    _english(admin_client)
    page = _page(admin_client.get(reverse("estates:customer_detail", args=[customer_a.pk])))
    _has_all(
        page,
        [
            "Customer profile",
            "Preferred contact: Phone",
            "Household and co-residents",
            "Work orders",
            "Link a house",
            "Owner",
            "In warranty",
        ],
    )
    # (The activity list may quote a service's Chinese note such as 查阅客户档案, so the
    # heading is checked as an element.)
    _has_none(
        page, [">客户档案<", "首选联系方式", "家庭成员与同住人", "工单记录", "关联房屋", "在保"]
    )
    _has_all(page, ["张伟", "翠湖花园 3-2-1201"])


def test_calendar_in_english(admin_client):
    _english(admin_client)
    page = _page(admin_client.get(reverse("core:calendar"), {"year": 2026}))
    _has_all(
        page,
        [
            "Working calendar",
            "Enter the year's holiday schedule",
            "January",
            "December",
            '<th scope="col">Mo</th>',
            "Public holiday",
        ],
    )
    _has_none(page, ["工作日历", "录入全年放假安排", "1 月", "法定节假日"])
    assert "国庆节" in page  # a holiday's name is data (the official 2026 schedule is built in)


def test_calendar_day_dialog_in_english(admin_client):
    _english(admin_client)
    url = reverse("core:calendar_day", args=["2026-10-10"])
    page = _page(admin_client.get(url, headers={"HX-Request": "true"}))
    _has_all(page, ["Saturday, Oct. 10, 2026", "Work (working day)", "Cancel", "Save"])
    _has_none(page, ["星期六", "上班（工作日）", "取消", "保存"])


def test_users_page_in_english(admin_client, agent_a):
    _english(admin_client)
    page = _page(admin_client.get(reverse("accounts:user_list")))
    _has_all(
        page,
        ["Users", "New user", "Username", "Data scope", "Active", "Service agent", "All projects"],
    )
    _has_none(page, ["新建用户", "用户名", "数据范围", "启用", "客服专员", "全部项目"])


def test_form_labels_and_messages_in_english(admin_client, project_a):
    _english(admin_client)
    page = _page(admin_client.get(reverse("estates:project_create")))
    _has_all(page, ["New project", "Project code", "Project name", "First delivery date"])
    _has_none(page, ["新增项目", "项目编码", "项目名称"])
    response = admin_client.post(
        reverse("estates:project_create"), {"code": "PC", "name": "Lakeside", "city": "杭州"}
    )
    assert response.status_code == 302
    page = _page(admin_client.get(response.url))
    _has_all(page, ["Project “Lakeside” created", "Project details", "Public areas"])


def test_ticket_screens_in_english_and_chinese(agent_a, customer_a, house_a):
    from aftersales.tickets import services

    ticket = services.register_ticket(
        agent_a,
        kind="repair",
        channel="hotline",
        description="卫生间渗漏到楼下",
        customer=customer_a.pk,
        house=house_a.pk,
    )
    client = Client()
    client.force_login(agent_a)
    workbench = reverse("tickets:workbench")
    detail = reverse("tickets:detail", args=[ticket.pk])

    english = {"Service desk", "Register a service request", "Next deadline", "Not dispatched"}
    chinese = {"客服工作台", "登记报事", "下一时限", "未派工"}
    english_ticket = {"Actions", "Request details", "History", "Print", "Deadlines"}
    chinese_ticket = {">办理<", ">报事内容<", ">处理记录<", ">打印<"}

    page = _page(client.get(workbench))
    _has_all(page, sorted(chinese))
    _has_none(page, sorted(english))
    page = _page(client.get(detail))
    _has_all(page, sorted(chinese_ticket))
    _has_none(page, ["Request details", "Service desk"])

    _english(client)
    page = _page(client.get(workbench))
    _has_all(page, sorted(english))
    _has_none(page, sorted(chinese))
    page = _page(client.get(detail))
    _has_all(page, sorted(english_ticket))
    _has_none(page, sorted(chinese_ticket))
    # The ticket's own content is data and stays as entered.
    _has_all(page, [ticket.number, "卫生间渗漏到楼下"])


def _sheet_values(response) -> list:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_excel_exports_stay_chinese_for_an_english_user(admin_client, customer_a):
    """The house export is a roster that imports back, so its labels stay the Chinese ones."""
    _english(admin_client)
    houses = _sheet_values(admin_client.get(reverse("estates:export_houses")))
    assert "已交付" in houses and "业主" in houses and "毛坯" in houses
    assert not {"Delivered", "Owner", "Shell"} & set(houses)
    customers = _sheet_values(admin_client.get(reverse("estates:export_customers")))
    assert "业主" in customers and "Owner" not in customers


# --- Chinese by default -------------------------------------------------------------------------


def test_screens_are_chinese_without_the_cookie(admin_client, customer_a, house_a):
    pages = {
        "home": _page(admin_client.get(reverse("home"))),
        "houses": _page(admin_client.get(reverse("estates:house_list"))),
        "customer": _page(
            admin_client.get(reverse("estates:customer_detail", args=[customer_a.pk]))
        ),
        "calendar": _page(admin_client.get(reverse("core:calendar"), {"year": 2026})),
        "users": _page(admin_client.get(reverse("accounts:user_list"))),
    }
    _has_all(pages["home"], ["常用功能", "数据范围：全部项目", '<html lang="zh-hans">'])
    _has_all(pages["houses"], ["房屋编号", "交付日期", "已交付"])
    _has_all(pages["customer"], ["客户档案", "首选联系方式：电话", "家庭成员与同住人"])
    _has_all(pages["calendar"], ["录入全年放假安排", "1 月", '<th scope="col">一</th>'])
    _has_all(pages["users"], ["新建用户", "数据范围", "全部项目"])
    for page in pages.values():
        _has_none(page, ["Working calendar", "Shortcuts", "House no.", "Customer profile"])


def test_login_page_is_chinese_without_the_cookie(client):
    page = _page(client.get(reverse("login")))
    _has_all(page, ["登录您的账号", "用户名", "密码"])
    _has_none(page, ["Sign in to your account", "Username"])


def test_an_english_browser_alone_does_not_switch_the_web_ui(admin_client, house_a):
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    page = _page(admin_client.get(reverse("estates:house_list"), headers=english_browser))
    _has_all(page, ["房屋编号", "交付日期", '<html lang="zh-hans">'])
    _has_none(page, ["House no.", "Delivery date"])
    page = _page(Client().get(reverse("login"), headers=english_browser))
    assert "登录您的账号" in page


def test_the_api_follows_accept_language(client):
    url = "/api/v1/projects"
    english = client.get(url, headers={"Accept-Language": "en"}).json()
    chinese = client.get(url).json()
    assert english["detail"].isascii(), english
    assert not chinese["detail"].isascii(), chinese
