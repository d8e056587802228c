"""The web shell: sign-in and sign-out, home page, users, working calendar and audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from aftersales.accounts.models import User
from aftersales.accounts.services import create_user
from aftersales.core.context import calendar_warning
from aftersales.core.models import AuditEntry, WorkCalendarDay

pytestmark = pytest.mark.django_db

PASSWORD = "Shell-Test-2026!"
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)  # 2027's schedule is not published yet


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"


def _user(username: str, roles: list[str], **extra) -> User:
    return create_user(
        None, username=username, password=PASSWORD, roles=roles, check_password=False, **extra
    )


@pytest.fixture
def admin():
    return _user("root", ["admin"], name="系统管理员")


@pytest.fixture
def agent():
    return _user("kefu", ["agent"], name="客服甲")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def _page(response) -> str:
    return response.content.decode()


# --- sign-in and sign-out --------------------------------------------------------------------


def test_login_succeeds_and_follows_a_safe_next(client, admin):
    response = client.post(
        reverse("login"),
        {"username": "root", "password": PASSWORD, "next": reverse("core:calendar")},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:calendar")
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_login_ignores_a_next_on_another_site(client, admin):
    response = client.post(
        reverse("login"),
        {"username": "root", "password": PASSWORD, "next": "https://example.org/steal"},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_says_so_in_chinese(client, admin):
    response = client.post(reverse("login"), {"username": "root", "password": "nope-nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in _page(response)
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_username(client, admin, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "root", "password": "nope-nope"})
    # Even the right password is refused while the lock lasts.
    response = client.post(reverse("login"), {"username": "root", "password": PASSWORD})
    assert response.status_code == 200
    assert "登录失败次数过多" in _page(response)
    assert "_auth_user_id" not in client.session


def test_login_page_has_the_chinese_form(client):
    response = client.get(reverse("login"))
    page = _page(response)
    assert response.status_code == 200
    assert "登录您的账号" in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_logout_needs_post(admin_client):
    assert admin_client.get(reverse("logout")).status_code == 405
    response = admin_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in admin_client.session


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- home and layout -------------------------------------------------------------------------


def test_home_shows_greeting_counts_menu_and_csrf_header(admin_client):
    page = _page(admin_client.get(reverse("home")))
    assert "系统管理员" in page
    assert "数据范围：全部项目" in page
    assert 'id="sidebar-menu"' in page
    assert reverse("accounts:user_list") in page
    assert 'hx-headers=\'{"X-CSRFToken"' in page
    assert "https://" not in page.split("<body", 1)[0]  # no CDN in the head


@time_machine.travel(NOW, tick=False)
def test_home_warns_the_calendar_manager_of_a_missing_year(admin_client):
    page = _page(admin_client.get(reverse("home")))
    assert "2027 年尚未录入官方放假安排" in page


@time_machine.travel(NOW, tick=False)
def test_calendar_warning_only_for_who_can_enter_the_schedule(admin, agent):
    request = RequestFactory().get("/")
    request.user = admin
    assert calendar_warning(request) == {"calendar_missing_years": [2027]}
    request.user = agent
    assert calendar_warning(request) == {}


# --- users -----------------------------------------------------------------------------------


def test_users_list_is_forbidden_to_an_agent(agent_client):
    assert agent_client.get(reverse("accounts:user_list")).status_code == 403
    assert agent_client.get(reverse("accounts:user_create")).status_code == 403


def test_users_list_searches_and_filters_by_role(admin_client, agent):
    _user("gongcheng", ["engineer"], name="工程师乙", phone="13800001111")
    url = reverse("accounts:user_list")
    page = _page(admin_client.get(url, {"q": "1111"}))
    assert "工程师乙" in page and "客服甲" not in page
    page = _page(admin_client.get(url, {"role": "agent"}))
    assert "客服甲" in page and "工程师乙" not in page


def test_user_create_with_an_invalid_phone_shows_the_error(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "wangwu",
            "name": "王五",
            "phone": "12345",
            "roles": ["agent"],
            "password": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "电话号码“12345”无效" in _page(response)
    assert not User.objects.filter(username="wangwu").exists()


def test_user_create_without_a_role_shows_the_service_message(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"), {"username": "wangwu", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "至少选择一个角色" in _page(response)


def test_user_create_and_edit(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "username": "wangwu",
            "name": "王五",
            "phone": "13912345678",
            "department": "service_office",
            "roles": ["agent", "clerk"],
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="wangwu")
    assert user.role_codes() == {"agent", "clerk"}
    assert user.department.code == "service_office"

    edit = reverse("accounts:user_edit", args=[user.pk])
    page = _page(admin_client.get(edit))
    assert "王五" in page and "重置密码" in page
    response = admin_client.post(
        edit,
        {
            "name": "王五一",
            "phone": "13912345678",
            "roles": ["supervisor"],
            "is_active": "on",
            "password": "Another-Pass-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "王五一"
    assert set(user.roles.values_list("code", flat=True)) == {"supervisor"}
    assert user.check_password("Another-Pass-2026")


# --- working calendar ------------------------------------------------------------------------


def test_calendar_shows_national_day_and_make_up_days(agent_client):
    page = _page(agent_client.get(reverse("core:calendar"), {"year": 2026}))
    assert "国庆节" in page
    assert "app-day-makeup" in page and "班" in page
    assert "录入全年放假安排" not in page  # agents only look
    assert "hx-get" not in page


def test_calendar_warns_about_an_unscheduled_year(admin_client):
    page = _page(admin_client.get(reverse("core:calendar"), {"year": 2031}))
    assert "该年度尚未录入官方放假安排，截止时间暂按周一至周五计算" in page
    assert "录入全年放假安排" in page


def test_admin_edits_a_day_in_the_dialog(admin_client):
    url = reverse("core:calendar_day", args=["2026-10-10"])
    form = admin_client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert "2026年10月10日 星期六" in _page(form)
    response = admin_client.post(
        url, {"workday": "0", "name": "公司休息日"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("core:calendar") + "?year=2026"
    day = WorkCalendarDay.objects.get(date=dt.date(2026, 10, 10))
    assert (day.workday, day.name, day.source) == (False, "公司休息日", "admin")


def test_day_edit_error_is_shown_in_the_dialog(admin_client):
    url = reverse("core:calendar_day", args=["2026-10-10"])
    response = admin_client.post(
        url, {"workday": "1", "name": "x" * 41}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "名称不能超过 40 个字" in _page(response)


def test_day_edit_is_forbidden_to_an_agent(agent_client):
    url = reverse("core:calendar_day", args=["2026-10-10"])
    assert agent_client.get(url).status_code == 403
    assert agent_client.post(url, {"workday": "0", "name": "x"}).status_code == 403
    assert WorkCalendarDay.objects.get(date=dt.date(2026, 10, 10)).workday is True


def test_year_schedule_parse_errors_are_listed_per_line(admin_client):
    response = admin_client.post(
        reverse("core:calendar_year"),
        {
            "year": "2031",
            "holidays": "元旦,2031-01-01,2031-01-01\n春节,2031-02-30,2031-02-05\n国庆",
            "makeup_days": "2031/01/26",
        },
    )
    page = _page(response)
    assert response.status_code == 200
    assert "第 2 行：日期“2031-02-30”格式不对" in page
    assert "第 3 行：应为“名称,开始日期,结束日期”三项" in page
    assert "第 1 行：日期“2031/01/26”格式不对" in page
    assert not WorkCalendarDay.objects.filter(date__year=2031).exists()


def test_year_schedule_is_entered(admin_client):
    response = admin_client.post(
        reverse("core:calendar_year"),
        {
            "year": "2031",
            "holidays": "元旦，2031-01-01，2031-01-01\n春节,2031-01-22,2031-01-28",
            "makeup_days": "2031-01-26,春节调休上班",
        },
    )
    assert response.status_code == 302
    days = {d.date: d for d in WorkCalendarDay.objects.filter(date__year=2031)}
    assert len(days) == 365
    assert days[dt.date(2031, 1, 22)].name == "春节" and not days[dt.date(2031, 1, 22)].workday
    assert days[dt.date(2031, 1, 26)].workday  # a Sunday worked


def test_year_schedule_rule_errors_come_from_the_service(admin_client):
    response = admin_client.post(
        reverse("core:calendar_year"),
        {"year": "2031", "holidays": "春节,2031-01-28,2031-01-22", "makeup_days": ""},
    )
    assert response.status_code == 200
    assert "结束日期早于开始日期" in _page(response)


# --- audit trail -----------------------------------------------------------------------------


def test_audit_page_lists_and_filters(admin_client, agent):
    page = _page(admin_client.get(reverse("core:audit")))
    assert "审计日志" in page and "客服甲" in page  # the creation of the agent
    page = _page(admin_client.get(reverse("core:audit"), {"action": AuditEntry.Action.LOGIN}))
    assert "没有符合条件的审计记录" in page


def test_audit_page_is_forbidden_to_an_agent(agent_client):
    assert agent_client.get(reverse("core:audit")).status_code == 403


def test_language_switch_sets_the_language(admin_client):
    response = admin_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("core:audit")}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:audit")
    assert response.cookies["django_language"].value == "en"
