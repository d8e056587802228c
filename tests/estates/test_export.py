"""Excel exports of houses and customers (R-EST-3, R-EST-5): round trip, scope, masking, audit."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from aftersales.core.errors import Forbidden
from aftersales.core.models import AuditEntry
from aftersales.estates import exporter, importer
from aftersales.estates.models import Customer, CustomerHouse, House, ImportJob
from tests.conftest import make_customer, make_user
from tests.estates.test_import import HEADERS, ID_1, ID_2, counts, roster_row, upload, xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin1(db):
    from aftersales.accounts.services import create_user

    return create_user(None, username="admin1", password="x", roles=["admin"], check_password=False)


def rows_of(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def as_dicts(content: bytes) -> list[dict]:
    header, *rows = rows_of(content)
    return [
        dict(zip(header, row + (None,) * (len(header) - len(row)), strict=True)) for row in rows
    ]


ROSTER = [
    roster_row(),
    roster_row(客户姓名="李娜", 手机号="13900000002", 证件号码=ID_2, 身份="共有人"),
    roster_row(
        房号="1202",
        客户姓名=None,
        手机号=None,
        证件类型=None,
        证件号码=None,
        身份=None,
        购房合同号=None,
    ),
    roster_row(
        项目编码="JX02",
        项目名称="锦绣华庭",
        楼栋="A",
        单元="1",
        房号="101",
        客户姓名="王芳",
        手机号="0571-88886666",
        证件类型=None,
        证件号码=None,
        身份="租户",
        房屋状态="托管",
    ),
]


def test_house_export_reimports_without_creating_anything(admin1):
    applied = importer.run_import_sync(admin1, upload(xlsx(ROSTER)), dry_run=False)
    assert applied.status == ImportJob.Status.APPLIED, applied.errors
    before = counts()
    content = exporter.export_houses(admin1, House.objects.all())
    header, *rows = rows_of(content)
    assert list(header) == HEADERS
    assert len(rows) == 4  # one row per house-customer link, one for the house without customer
    again = importer.run_import_sync(
        admin1, SimpleUploadedFile("导出.xlsx", content), dry_run=False
    )
    assert again.status == ImportJob.Status.APPLIED, again.errors
    assert sum(v for k, v in again.summary.items() if k != "rows") == 0, again.summary
    assert counts() == before


def test_house_export_masks_id_numbers_and_keeps_houses_without_customers(admin1):
    importer.run_import_sync(admin1, upload(xlsx(ROSTER)), dry_run=False)
    content = exporter.export_houses(admin1, House.objects.all())
    exported = as_dicts(content)
    assert ID_1.encode() not in content and ID_2.encode() not in content
    owner = next(r for r in exported if r["客户姓名"] == "张伟")
    assert owner["证件号码"] == "110***********002X" and owner["身份"] == "业主"
    assert owner["装修标准"] == "精装" and owner["房屋状态"] == "已交付"
    empty = next(r for r in exported if r["房号"] == "1202")
    assert empty["客户姓名"] is None and empty["手机号"] is None
    assert next(r for r in exported if r["客户姓名"] == "王芳")["房屋状态"] == "托管"


def test_house_export_respects_the_data_scope(project_a, project_b, admin1):
    clerk = make_user("clerk_a", ["clerk"], [project_a])
    exported = as_dicts(exporter.export_houses(clerk, House.objects.all()))
    assert {r["项目编码"] for r in exported} == {"PA"}
    assert {r["房号"] for r in exported} == {"1201", "1202", "301"}


def test_customer_export_respects_the_scope_and_masks_id_numbers(project_a, project_b, admin1):
    shared = make_customer(
        admin1,
        "赵六",
        "13700000006",
        [project_a.houses.get(label="5-1-301")],
        id_type="id_card",
        id_number=ID_1,
        segment="vip",
        tags="热心,业委会",
    )
    CustomerHouse.objects.create(customer=shared, house=project_b.houses.get(), role="tenant")
    clerk = make_user("clerk_a", ["clerk"], [project_a])
    content = exporter.export_customers(clerk, Customer.objects.all())
    exported = {r["姓名"]: r for r in as_dicts(content)}
    assert set(exported) == {"张伟", "李娜", "赵六"}  # 王芳 of project B is out of scope
    row = exported["赵六"]
    assert row["证件号码（脱敏）"] == "110***********002X" and ID_1.encode() not in content
    assert row["房屋"] == "PA 5-1-301" and row["身份"] == "业主"  # his house in B is not shown
    assert (row["客户分类"], row["标签"], row["手机号"]) == ("VIP", "热心,业委会", "13700000006")
    everyone = {
        r["姓名"]: r for r in as_dicts(exporter.export_customers(admin1, Customer.objects.all()))
    }
    assert everyone["赵六"]["房屋"] == "PA 5-1-301；PB 1-1-101"
    assert everyone["赵六"]["身份"] == "业主；租户"


def test_exports_need_the_capability_and_are_audited(project_a, admin1):
    agent = make_user("agent_x", ["agent"])
    with pytest.raises(Forbidden):
        exporter.export_houses(agent, House.objects.all())
    with pytest.raises(Forbidden):
        exporter.export_customers(agent, Customer.objects.all())
    exporter.export_houses(admin1, House.objects.filter(label__startswith="3-"))
    exporter.export_customers(admin1, Customer.objects.all())
    entries = list(AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).order_by("id"))
    assert [(e.model, e.after["rows"]) for e in entries] == [
        ("estates.House", 2),
        ("estates.Customer", 2),
    ]
    assert all(e.actor == admin1 for e in entries)
