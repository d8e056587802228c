"""Web screens of estates and customers: search, data scope, errors on the page, ID reveal,
warranty terms and the roster import pages (R-EST-1..5, R-WAR-1, R-ORG-3)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from aftersales.accounts.services import create_user
from aftersales.core.models import AuditEntry
from aftersales.estates import exporter, importer, services
from aftersales.estates.models import Customer, House, ImportJob, ProjectWarrantyTerm

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
DELIVERED = dt.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded rosters go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _user(username: str, roles: list[str], projects=None):
    return create_user(
        None,
        username=username,
        password="pw-not-checked",
        roles=roles,
        projects=[p.pk for p in projects or []],
        check_password=False,
    )


@pytest.fixture
def admin():
    return _user("admin1", ["admin"])


@pytest.fixture
def estate(admin):
    """Two projects, one house and one owner in each."""
    hy = services.create_project(admin, code="HY01", name="和悦府", city="杭州")
    ly = services.create_project(admin, code="LY02", name="澜园", city="宁波")
    house_a = services.create_house(
        admin, project=hy, building="3", unit="2", room="1201", delivered_on=DELIVERED, area="89.5"
    )
    house_b = services.create_house(
        admin, project=ly, building="1", unit="1", room="101", delivered_on=DELIVERED
    )
    zhang = services.create_customer(
        admin,
        name="张伟",
        phone="13812345678",
        id_type="id_card",
        id_number=ID_NUMBER,
        houses=[services.HouseLink(house_a, "owner")],
    )
    li = services.create_customer(
        admin, name="李娜", phone="13900001111", houses=[services.HouseLink(house_b, "owner")]
    )
    return {"hy": hy, "ly": ly, "house_a": house_a, "house_b": house_b, "zhang": zhang, "li": li}


@pytest.fixture
def clerk_hy(estate):
    """A records clerk of 和悦府 only (may manage, import, export and reveal ID numbers)."""
    return _user("clerk_hy", ["clerk"], [estate["hy"]])


@pytest.fixture
def agent_hy(estate):
    return _user("agent_hy", ["agent"], [estate["hy"]])


def _get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(f"estates:{name}", args=args), params)


# --- lists and search ------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["3-2-1201", "1201", "张伟", "张", "zw", "13812345678"])
def test_house_list_finds_by_label_name_initials_and_phone(client, admin, estate, q):
    response = _get(client, admin, "house_list", q=q)
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("estates:house_detail", args=[estate["house_a"].pk]) in content
    assert reverse("estates:house_detail", args=[estate["house_b"].pk]) not in content


@pytest.mark.parametrize("q", ["zw", "张伟", "3-2-1201"])
def test_customer_list_finds_by_initials_name_and_room(client, admin, estate, q):
    response = _get(client, admin, "customer_list", q=q)
    content = response.content.decode()
    assert reverse("estates:customer_detail", args=[estate["zhang"].pk]) in content
    assert reverse("estates:customer_detail", args=[estate["li"].pk]) not in content


def test_house_list_filters_by_project_building_and_status(client, admin, estate):
    response = _get(client, admin, "house_list", project=estate["ly"].pk, building="1")
    assert list(response.context["page_obj"]) == [estate["house_b"]]
    response = _get(client, admin, "house_list", project=estate["hy"].pk, building="1")
    assert list(response.context["page_obj"]) == []
    response = _get(client, admin, "house_list", status="unsold")
    assert "没有符合条件的房屋" in response.content.decode()


def test_house_list_is_paginated_25_per_page_with_count(client, admin, estate):
    for room in range(101, 131):
        services.create_house(
            admin, project=estate["hy"], building="5", unit="1", room=room, delivered_on=DELIVERED
        )
    response = _get(client, admin, "house_list", project=estate["hy"].pk)
    assert len(response.context["page_obj"].object_list) == 25
    assert response.context["page_obj"].paginator.count == 31
    assert "共 <span>31</span> 条" in response.content.decode()
    second = _get(client, admin, "house_list", project=estate["hy"].pk, page=2)
    assert len(second.context["page_obj"].object_list) == 6


def test_anonymous_is_sent_to_login(client, estate):
    response = client.get(reverse("estates:house_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- data scope ------------------------------------------------------------------------------


def test_scoped_user_gets_404_for_other_projects_records(client, clerk_hy, estate):
    def status(name, obj):
        return client.get(reverse(f"estates:{name}", args=[obj.pk])).status_code

    client.force_login(clerk_hy)
    assert status("house_detail", estate["house_b"]) == 404
    assert status("house_edit", estate["house_b"]) == 404
    assert status("customer_detail", estate["li"]) == 404
    assert status("customer_edit", estate["li"]) == 404
    assert status("project_detail", estate["ly"]) == 404
    assert (
        client.post(reverse("estates:customer_reveal_id", args=[estate["li"].pk])).status_code
        == 404
    )
    assert status("house_detail", estate["house_a"]) == 200
    assert status("customer_detail", estate["zhang"]) == 200


def test_scoped_user_does_not_see_other_projects_in_lists(client, clerk_hy, estate):
    houses = _get(client, clerk_hy, "house_list").content.decode()
    assert "3-2-1201" in houses and "1-1-101" not in houses
    assert "澜园" not in houses  # not even in the project filter
    customers = _get(client, clerk_hy, "customer_list").content.decode()
    assert "张伟" in customers and "李娜" not in customers
    projects = _get(client, clerk_hy, "project_list").content.decode()
    assert "和悦府" in projects and "澜园" not in projects


def _sheet_text(response) -> str:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(v) for row in workbook.active.iter_rows(values_only=True) for v in row if v is not None
    )


def test_scoped_user_exports_only_his_projects(client, clerk_hy, estate):
    response = _get(client, clerk_hy, "export_houses")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "%E6%88%BF%E5%B1%8B%E6%B8%85%E5%8D%95" in response["Content-Disposition"]  # 房屋清单
    houses = _sheet_text(response)
    assert "HY01" in houses and "LY02" not in houses and "李娜" not in houses
    customers = _sheet_text(_get(client, clerk_hy, "export_customers"))
    assert "张伟" in customers and "李娜" not in customers
    # Asking for the other project by filter gives an empty sheet, not its data.
    assert "LY02" not in _sheet_text(
        _get(client, clerk_hy, "export_houses", project=estate["ly"].pk)
    )


def test_export_needs_capability(client, agent_hy, estate):
    assert _get(client, agent_hy, "export_houses").status_code == 403


# --- forms: service errors on the page, never a 500 ------------------------------------------


def test_create_duplicate_house_shows_error(client, admin, estate):
    client.force_login(admin)
    data = {
        "project": estate["hy"].pk,
        "building": "3",
        "unit": "2",
        "room": "1201",
        "delivered_on": "2024-06-30",
        "finish": "bare",
        "status": "delivered",
    }
    response = client.post(reverse("estates:house_create"), data)
    assert response.status_code == 200
    assert "该房屋已存在" in response.content.decode()
    assert House.objects.filter(project=estate["hy"]).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("delivered_on", "2024-13-45", "不是有效日期"),
        ("area", "abc", "不是有效数字"),
        ("room", "", "房号不能为空"),
        ("building", "3#", "只能包含数字、字母或汉字"),
    ],
)
def test_create_house_bad_input_shows_error(client, admin, estate, field, value, message):
    client.force_login(admin)
    data = {
        "project": estate["hy"].pk,
        "building": "9",
        "unit": "1",
        "room": "101",
        "delivered_on": "2024-06-30",
        "finish": "bare",
        "status": "delivered",
        field: value,
    }
    response = client.post(reverse("estates:house_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_create_house_then_edit(client, admin, estate):
    client.force_login(admin)
    data = {
        "project": estate["hy"].pk,
        "building": "9",
        "unit": "1",
        "room": "1502",
        "delivered_on": "2024-06-30",
        "finish": "fitted",
        "status": "delivered",
        "area": "120",
    }
    response = client.post(reverse("estates:house_create"), data)
    house = House.objects.get(label="9-1-1502")
    assert response.status_code == 302
    assert house.floor == 15 and house.finish == "fitted"
    edit = {**data, "status": "occupied", "area": "121.5"}
    response = client.post(reverse("estates:house_edit", args=[house.pk]), edit)
    assert response.status_code == 302
    house.refresh_from_db()
    assert house.status == "occupied" and str(house.area) == "121.50"


def test_create_customer_with_house_and_bad_phone(client, clerk_hy, estate):
    client.force_login(clerk_hy)
    url = reverse("estates:customer_create")
    base = {"name": "王芳", "phone": "12345", "preferred_channel": "phone", "role": "family"}
    response = client.post(url, {**base, "house": estate["house_a"].pk})
    assert response.status_code == 200
    assert "电话号码“12345”无效" in response.content.decode()
    # A house of another project is not accepted from this user.
    response = client.post(url, {**base, "phone": "13700000000", "house": estate["house_b"].pk})
    assert response.status_code == 200
    assert not Customer.objects.filter(name="王芳").exists()
    response = client.post(url, {**base, "phone": "13700000000", "house": estate["house_a"].pk})
    assert response.status_code == 302
    wang = Customer.objects.get(name="王芳")
    assert wang.house_links.get().role == "family"
    # The new family member shows up on the owner's page.
    page = client.get(reverse("estates:customer_detail", args=[estate["zhang"].pk]))
    assert "王芳" in page.content.decode()


def test_project_form_errors(client, admin, estate):
    client.force_login(admin)
    response = client.post(reverse("estates:project_create"), {"code": "HY01", "name": "重复"})
    assert response.status_code == 200
    assert "项目编码已存在" in response.content.decode()
    response = client.post(reverse("estates:project_create"), {"code": "a b", "name": "x"})
    assert "项目编码只能包含" in response.content.decode()


def test_agent_cannot_manage_projects(client, agent_hy, estate):
    assert _get(client, agent_hy, "project_create").status_code == 403
    assert _get(client, agent_hy, "house_create").status_code == 403


# --- customer page and ID reveal (R-EST-4, R-EST-5) ------------------------------------------


def test_customer_page_shows_masked_id_houses_and_empty_tickets(client, clerk_hy, estate):
    content = _get(client, clerk_hy, "customer_detail", estate["zhang"].pk).content.decode()
    assert ID_NUMBER not in content
    assert estate["zhang"].id_number_masked in content
    assert "3-2-1201" in content
    assert "暂无工单记录" in content
    assert reverse("estates:customer_reveal_id", args=[estate["zhang"].pk]) in content


def test_reveal_id_number_is_audited(client, clerk_hy, estate):
    client.force_login(clerk_hy)
    url = reverse("estates:customer_reveal_id", args=[estate["zhang"].pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment for htmx
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.actor == clerk_hy
    assert entry.model == "estates.Customer" and entry.object_id == str(estate["zhang"].pk)


def test_reveal_id_number_forbidden_for_agent(client, agent_hy, estate):
    client.force_login(agent_hy)
    reveal = reverse("estates:customer_reveal_id", args=[estate["zhang"].pk])
    page = client.get(reverse("estates:customer_detail", args=[estate["zhang"].pk]))
    assert reveal not in page.content.decode()
    response = client.post(reveal)
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_reveal_needs_post(client, clerk_hy, estate):
    response = _get(client, clerk_hy, "customer_reveal_id", estate["zhang"].pk)
    assert response.status_code == 405


def test_link_and_unlink_house(client, clerk_hy, estate, admin):
    extra = services.create_house(
        admin, project=estate["hy"], building="3", unit="2", room="1202", delivered_on=DELIVERED
    )
    client.force_login(clerk_hy)
    url = reverse("estates:customer_link_house", args=[estate["zhang"].pk])
    response = client.post(url, {"house": extra.pk, "role": "tenant"})
    assert response.status_code == 302
    link = estate["zhang"].house_links.get(house=extra)
    # The same link again: the service's refusal is shown on the page.
    response = client.post(url, {"house": extra.pk, "role": "tenant"})
    assert response.status_code == 200
    assert "关系已存在" in response.content.decode()
    # Out-of-scope house: refused as an invalid choice, not linked.
    response = client.post(url, {"house": estate["house_b"].pk, "role": "tenant"})
    assert response.status_code == 200
    assert not estate["zhang"].house_links.filter(house=estate["house_b"]).exists()
    unlink = reverse("estates:customer_unlink_house", args=[estate["zhang"].pk, link.pk])
    assert client.post(unlink).status_code == 302
    assert not estate["zhang"].house_links.filter(house=extra).exists()


def test_house_picker_searches_within_scope(client, clerk_hy, estate):
    response = _get(client, clerk_hy, "house_options", house_q="1")
    content = response.content.decode()
    assert 'name="house"' in content
    assert "3-2-1201" in content and "1-1-101" not in content


def test_customer_page_audit_entries_only_for_auditors(client, clerk_hy, admin, estate):
    own = _get(client, clerk_hy, "customer_detail", estate["zhang"].pk)
    assert own.context["audit_entries"] is None
    page = _get(client, admin, "customer_detail", estate["zhang"].pk)
    assert "操作记录" in page.content.decode()
    assert len(page.context["audit_entries"]) >= 1


# --- house detail and warranty ---------------------------------------------------------------


def test_house_detail_shows_occupants_and_warranty(client, admin, estate):
    content = _get(client, admin, "house_detail", estate["house_a"].pk).content.decode()
    assert "张伟" in content and "业主" in content
    assert "设计使用年限" in content
    assert "2029-06-29" in content  # roof waterproofing: 5 years from 2024-06-30
    assert "在保" in content


def test_warranty_term_below_minimum_shows_error(client, admin, estate):
    client.force_login(admin)
    data = {
        "action": "term",
        "project": estate["hy"].pk,
        "component": "roof_waterproofing",
        "months": "36",
    }
    response = client.post(reverse("estates:warranty"), data)
    assert response.status_code == 200
    assert "不能短于国家最低标准" in response.content.decode()
    assert not ProjectWarrantyTerm.objects.exists()
    response = client.post(reverse("estates:warranty"), {**data, "months": "96"})
    assert response.status_code == 302
    assert ProjectWarrantyTerm.objects.get().months == 96
    page = _get(client, admin, "warranty", project=estate["hy"].pk).content.decode()
    assert "96 个月" in page and "项目约定" in page


def test_warranty_catalogue_edit(client, admin, estate):
    client.force_login(admin)
    data = {"action": "component", "component": "decoration", "months": "x", "basis": "2 年"}
    response = client.post(reverse("estates:warranty"), data)
    assert response.status_code == 200
    assert "保修期应为整数月" in response.content.decode()
    response = client.post(reverse("estates:warranty"), {**data, "months": "30"})
    assert response.status_code == 302


def test_warranty_edit_forbidden_and_scoped(client, agent_hy, estate):
    client.force_login(agent_hy)
    assert client.get(reverse("estates:warranty")).status_code == 200
    data = {"action": "term", "project": estate["hy"].pk, "component": "plumbing", "months": "36"}
    assert client.post(reverse("estates:warranty"), data).status_code == 403
    other = client.get(reverse("estates:warranty"), {"project": estate["ly"].pk})
    assert other.status_code == 404


# --- roster import ---------------------------------------------------------------------------


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("花名册.xlsx", buffer.getvalue())


def test_import_page_and_template(client, clerk_hy, estate):
    page = _get(client, clerk_hy, "import")
    assert page.status_code == 200
    assert 'name="dry_run"' in page.content.decode() and "checked" in page.content.decode()
    template = _get(client, clerk_hy, "import_template")
    assert template.status_code == 200
    assert "filename*=utf-8''" in template["Content-Disposition"]
    assert load_workbook(io.BytesIO(template.content)).active.max_row >= 1


def test_import_forbidden_for_agent(client, agent_hy, estate):
    assert _get(client, agent_hy, "import").status_code == 403


def test_import_rejects_non_xlsx(client, clerk_hy, estate):
    client.force_login(clerk_hy)
    upload = SimpleUploadedFile("roster.csv", b"a,b,c\n")
    response = client.post(reverse("estates:import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "只能导入 .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_import_dry_run_report_and_confirm(client, admin, clerk_hy, estate):
    client.force_login(clerk_hy)
    header = [c.header for c in exporter.COLUMNS]
    bad = dict.fromkeys(header, "")
    bad.update({"项目编码": "HY01", "项目名称": "和悦府", "楼栋": "3", "单元": "2", "房号": "1203"})
    bad["交付日期"] = "not a date"
    response = client.post(
        reverse("estates:import"), {"file": _xlsx([header, list(bad.values())]), "dry_run": "on"}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("estates:import_detail", args=[job.pk])
    pending = client.get(response["Location"]).content.decode()
    assert reverse("estates:import_progress", args=[job.pk]) in pending
    assert 'hx-trigger="every 1s"' in pending
    importer.run_import(job)
    fragment = client.get(reverse("estates:import_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment
    assert "第 2 行" in fragment and "交付日期" in fragment
    assert "确认导入" not in fragment

    good = dict(bad, 交付日期="2024-06-30")
    client.post(
        reverse("estates:import"), {"file": _xlsx([header, list(good.values())]), "dry_run": "on"}
    )
    dry = ImportJob.objects.latest("id")
    importer.run_import(dry)
    detail = client.get(reverse("estates:import_detail", args=[dry.pk])).content.decode()
    assert dry.status == ImportJob.Status.VALID
    assert "确认导入" in detail and "新增房屋" in detail
    response = client.post(reverse("estates:import"), {"job": dry.pk})
    applied = ImportJob.objects.latest("id")
    assert applied.pk != dry.pk and not applied.dry_run
    assert response["Location"] == reverse("estates:import_detail", args=[applied.pk])

    # Someone else's job is not found; an administrator of users sees it.
    other = _user("clerk2", ["clerk"], [estate["hy"]])
    assert _get(client, other, "import_detail", dry.pk).status_code == 404
    assert _get(client, admin, "import_detail", dry.pk).status_code == 200


def test_edit_customer_keeps_id_number_when_left_blank(client, clerk_hy, estate):
    client.force_login(clerk_hy)
    url = reverse("estates:customer_edit", args=[estate["zhang"].pk])
    page = client.get(url).content.decode()
    assert ID_NUMBER not in page
    data = {"name": "张伟", "phone": "13812345679", "preferred_channel": "wechat", "id_number": ""}
    assert client.post(url, data).status_code == 302
    zhang = Customer.objects.get(pk=estate["zhang"].pk)
    assert zhang.phone == "13812345679" and zhang.preferred_channel == "wechat"
    assert zhang.id_number_masked == estate["zhang"].id_number_masked


@pytest.mark.parametrize("value", ["²", "abc", "-1", "99999999999999999999999"])
def test_odd_ids_in_query_strings_are_ignored(client, admin, estate, value):
    client.force_login(admin)
    assert client.get(reverse("estates:house_list"), {"project": value}).status_code == 200
    assert client.get(reverse("estates:house_create"), {"project": value}).status_code == 200
    assert client.get(reverse("estates:customer_create"), {"house": value}).status_code == 200
    assert client.get(reverse("estates:warranty"), {"project": value}).status_code in (200, 404)
    assert client.post(reverse("estates:import"), {"job": value}).status_code == 404


def test_edit_customer_changes_only_the_id_type(client, clerk_hy, estate):
    client.force_login(clerk_hy)
    url = reverse("estates:customer_edit", args=[estate["zhang"].pk])
    data = {"name": "张伟", "phone": "13812345678", "preferred_channel": "phone"}
    # No number typed: only the document type changes; the stored number is kept.
    assert client.post(url, {**data, "id_type": "passport"}).status_code == 302
    zhang = Customer.objects.get(pk=estate["zhang"].pk)
    assert zhang.id_type == "passport"
    assert zhang.id_number_masked == estate["zhang"].id_number_masked


def test_finance_sees_houses_but_not_customers(client, estate):
    finance = _user("finance1", ["finance"])
    page = _get(client, finance, "house_detail", estate["house_a"].pk).content.decode()
    assert "您的角色不能查看客户资料" in page and "张伟" not in page
    assert "张伟" not in _get(client, finance, "house_list").content.decode()
    assert _get(client, finance, "customer_list").status_code == 403
    assert _get(client, finance, "customer_detail", estate["zhang"].pk).status_code == 403
