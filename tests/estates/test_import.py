"""Roster import (R-EST-3): columns, row-level report, dry run, apply, idempotency, scope, uploads."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from aftersales.core import pii
from aftersales.core.errors import Conflict, Forbidden, Invalid
from aftersales.core.models import AuditEntry
from aftersales.estates import importer
from aftersales.estates.exporter import COLUMNS
from aftersales.estates.models import Building, Customer, CustomerHouse, House, ImportJob, Project
from tests.conftest import make_user

HEADERS = [c.header for c in COLUMNS]
ID_1 = "11010519491231002X"  # valid check digit
ID_2 = "110101199003074477"  # valid check digit
BAD_ID = "110105194912310021"  # wrong check digit
Status = ImportJob.Status


def roster_row(**values) -> dict:
    row = {
        "项目编码": "HY01",
        "项目名称": "和悦府",
        "城市": "杭州",
        "楼栋": "3",
        "单元": "2",
        "房号": "1201",
        "楼层": 12,
        "建筑面积": 89.5,
        "户型": "三室两厅",
        "装修标准": "精装",
        "房屋状态": "已交付",
        "交付日期": "2024-06-30",
        "客户姓名": "张伟",
        "手机号": "13812345678",
        "证件类型": "居民身份证",
        "证件号码": ID_1,
        "身份": "业主",
        "购房合同号": "HT-0001",
    }
    row.update(values)
    return row


def xlsx(rows: list[dict | None], headers: list[str] = HEADERS) -> bytes:
    """A workbook with ``headers`` on row 1 and one row per dict (None: an empty row)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([None] * len(headers) if row is None else [row.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "花名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def run(actor, rows, *, dry_run=False, headers=HEADERS) -> ImportJob:
    return importer.run_import_sync(actor, upload(xlsx(rows, headers)), dry_run=dry_run)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Project, Building, House, Customer, CustomerHouse))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin1(db):
    from aftersales.accounts.services import create_user

    return create_user(None, username="admin1", password="x", roles=["admin"], check_password=False)


# --- columns ---------------------------------------------------------------------------------


def test_missing_required_columns_is_one_clear_error_and_nothing_processed(admin1):
    headers = [h for h in HEADERS if h not in ("楼栋", "交付日期")]
    job = run(admin1, [roster_row()], headers=headers)
    assert job.status == Status.INVALID
    assert len(job.errors) == 1
    message = job.errors[0]["message"]
    assert "缺少必填列" in message and "楼栋" in message and "交付日期" in message
    assert job.total_rows == 0 and job.processed_rows == 0
    assert counts() == (0, 0, 0, 0, 0)


def test_column_order_is_free_unknown_columns_ignored_and_star_headers_accepted(admin1):
    headers = ["备注", *[f"{h}*" if h == "项目编码" else h for h in reversed(HEADERS)]]
    rows = [{"备注": "随便写", "项目编码*": "HY01", **roster_row()}]
    job = run(admin1, rows, headers=headers)
    assert job.status == Status.APPLIED, job.errors
    assert House.objects.get().label == "3-2-1201"


def test_template_has_headers_sample_and_notes_and_its_sample_row_is_valid(admin1):
    content = importer.roster_template_bytes()
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["花名册", "填写说明"]
    header = [c.value for c in workbook["花名册"][1]]
    assert "项目编码*" in header and "城市" in header and len(header) == len(COLUMNS)
    notes = "\n".join(
        str(c.value) for row in workbook["填写说明"].iter_rows() for c in row if c.value
    )
    assert "毛坯" in notes and "授权代理人" in notes and "已交付" in notes
    job = importer.run_import_sync(admin1, upload(content), dry_run=True)
    assert job.status == Status.VALID, job.errors


# --- the row-level report --------------------------------------------------------------------


def test_bad_rows_are_all_reported_with_excel_row_numbers_and_nothing_is_written(admin1):
    rows = [
        roster_row(),  # 2: fine
        roster_row(房号="1202", 手机号="12345"),  # 3
        None,  # 4: empty, skipped
        roster_row(房号="1203", 证件号码=BAD_ID),  # 5
        roster_row(房号="1204", 交付日期="2024-02-30", 建筑面积=0),  # 6: two errors
        roster_row(房号="1205", 装修标准="豪装", 房屋状态="拆迁"),  # 7: two errors
        roster_row(房号="1206", 身份="邻居", 证件号码=ID_2),  # 8
        roster_row(房号="1207", 手机号=None, 证件号码=None),  # 9
        roster_row(房号="1208", 建筑面积=-5, 证件号码=None),  # 10
    ]
    job = run(admin1, rows)
    assert job.status == Status.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "手机号"),
        (5, "证件号码"),
        (6, "建筑面积"),
        (6, "交付日期"),
        (7, "装修标准"),
        (7, "房屋状态"),
        (8, "身份"),
        (9, "手机号"),
        (10, "建筑面积"),
    }
    by_place = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "身份证号码无效" in by_place[(5, "证件号码")]
    assert "不是有效日期" in by_place[(6, "交付日期")]
    assert "可选" in by_place[(7, "装修标准")] and "毛坯" in by_place[(7, "装修标准")]
    assert "手机号不能为空" in by_place[(9, "手机号")]
    assert [e["row"] for e in job.errors] == sorted(e["row"] for e in job.errors)
    assert job.summary["error_rows"] == 7
    assert job.total_rows == job.processed_rows == 8
    assert counts() == (0, 0, 0, 0, 0)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_project_code_known_under_another_name_is_an_error(admin1):
    run(admin1, [roster_row()])
    job = run(admin1, [roster_row(项目名称="和悦府二期", 房号="1301")])
    assert job.status == Status.INVALID
    assert job.errors[0]["row"] == 2 and job.errors[0]["column"] == "项目名称"
    assert "和悦府" in job.errors[0]["message"]
    assert House.objects.count() == 1


def test_same_project_code_with_two_names_in_one_file_is_an_error(admin1):
    job = run(admin1, [roster_row(), roster_row(项目名称="别的名字", 房号="1202")])
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "项目名称")]


def test_duplicate_room_is_reported_on_the_second_row(admin1):
    rows = [
        roster_row(),
        roster_row(
            房号="1202",
            客户姓名=None,
            手机号=None,
            证件类型=None,
            证件号码=None,
            身份=None,
            购房合同号=None,
        ),
        roster_row(),  # same house, same owner
        roster_row(
            房号="1202",
            客户姓名=None,
            手机号=None,
            证件类型=None,
            证件号码=None,
            身份=None,
            购房合同号=None,
        ),  # same empty house
    ]
    job = run(admin1, rows)
    assert job.status == Status.INVALID
    assert [(e["row"], e["message"]) for e in job.errors] == [
        (4, "房号重复：与第 2 行相同"),
        (5, "房号重复：与第 3 行相同"),
    ]
    assert counts() == (0, 0, 0, 0, 0)


def test_rows_of_one_house_must_agree_on_its_attributes(admin1):
    rows = [
        roster_row(),
        roster_row(客户姓名="李娜", 手机号="13900000002", 证件号码=None, 建筑面积=95),
    ]
    job = run(admin1, rows)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "建筑面积")]


def test_same_id_number_with_another_name_is_an_error(admin1):
    rows = [roster_row(), roster_row(房号="1202", 客户姓名="张三")]
    job = run(admin1, rows)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "证件号码")]


# --- dry run, apply, idempotency -------------------------------------------------------------


def test_dry_run_writes_nothing_and_reports_what_would_change(admin1):
    job = run(
        admin1,
        [
            roster_row(),
            roster_row(房号="1202", 客户姓名="李娜", 手机号="13900000002", 证件号码=None),
        ],
        dry_run=True,
    )
    assert job.status == Status.VALID, job.errors
    assert job.summary == {
        "projects_created": 1,
        "buildings_created": 1,
        "houses_created": 2,
        "houses_updated": 0,
        "customers_created": 2,
        "customers_updated": 0,
        "links_created": 2,
        "links_updated": 0,
        "rows": 2,
    }
    assert job.percent == 100 and job.finished_at is not None
    assert counts() == (0, 0, 0, 0, 0)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_apply_writes_everything_and_audits_once(admin1):
    rows = [
        roster_row(),
        roster_row(
            楼栋="5",
            单元="1",
            房号="301",
            楼层=None,
            建筑面积=None,
            户型=None,
            装修标准=None,
            房屋状态=None,
            交付日期=dt.datetime(2023, 1, 15),
            客户姓名="李娜",
            手机号=13900000002,
            证件类型=None,
            证件号码=None,
            身份="租户",
            购房合同号=None,
        ),
    ]
    job = run(admin1, rows)
    assert job.status == Status.APPLIED, job.errors
    assert job.summary["houses_created"] == 2 and job.summary["links_created"] == 2
    project = Project.objects.get(code="HY01")
    assert (project.name, project.city, project.delivered_on) == (
        "和悦府",
        "杭州",
        dt.date(2023, 1, 15),
    )
    first = House.objects.get(label="3-2-1201")
    assert (first.floor, first.area, first.unit_type, first.finish, first.status) == (
        12,
        Decimal("89.50"),
        "三室两厅",
        "fitted",
        "delivered",
    )
    second = House.objects.get(label="5-1-301")
    assert (second.floor, second.area, second.finish, second.status, second.delivered_on) == (
        3,
        None,
        "bare",
        "delivered",
        dt.date(2023, 1, 15),
    )
    owner = Customer.objects.get(name="张伟")
    assert owner.initials == "zw" and owner.phone == "13812345678"
    assert owner.id_type == "id_card" and owner.id_number_masked == pii.mask(ID_1)
    assert (
        owner.id_number_hash == pii.lookup_hash(ID_1)
        and pii.decrypt(owner.id_number_encrypted) == ID_1
    )
    link = CustomerHouse.objects.get(customer=owner)
    assert (link.house, link.role, link.contract_no) == (first, "owner", "HT-0001")
    assert CustomerHouse.objects.get(customer__name="李娜").role == "tenant"
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.model, entry.object_id, entry.actor) == ("estates.ImportJob", str(job.pk), admin1)
    assert entry.after["houses_created"] == 2


def test_reimporting_the_same_file_changes_nothing(admin1):
    rows = [
        roster_row(),
        roster_row(房号="1202", 客户姓名="李娜", 手机号="13900000002", 证件号码=None),
    ]
    first = run(admin1, rows)
    assert first.status == Status.APPLIED
    before = counts()
    again = run(admin1, rows)
    assert again.status == Status.APPLIED
    assert {k: v for k, v in again.summary.items() if k != "rows"} == dict.fromkeys(
        [
            "projects_created",
            "buildings_created",
            "houses_created",
            "houses_updated",
            "customers_created",
            "customers_updated",
            "links_created",
            "links_updated",
        ],
        0,
    )
    assert counts() == before


def test_reimport_updates_changed_house_attributes_and_keeps_blank_ones(admin1):
    run(admin1, [roster_row()])
    job = run(admin1, [roster_row(建筑面积=91.2, 房屋状态="已入住", 户型=None)])
    assert job.summary["houses_updated"] == 1 and job.summary["houses_created"] == 0
    house = House.objects.get()
    assert (house.area, house.status, house.unit_type) == (Decimal("91.20"), "occupied", "三室两厅")


def test_several_customers_of_one_house(admin1):
    rows = [
        roster_row(),
        roster_row(客户姓名="李娜", 手机号="13900000002", 证件号码=ID_2, 身份="共有人"),
        roster_row(客户姓名="张小明", 手机号="13900000003", 证件号码=None, 身份="家庭成员"),
    ]
    job = run(admin1, rows)
    assert job.status == Status.APPLIED, job.errors
    house = House.objects.get()
    assert sorted(house.occupants.values_list("role", flat=True)) == ["co_owner", "family", "owner"]
    assert counts() == (1, 1, 1, 3, 3)


def test_customer_is_recognised_by_id_number_and_by_name_and_phone(admin1):
    rows = [
        roster_row(),
        roster_row(房号="1202", 证件号码=None, 证件类型=None),  # same person, no ID
        roster_row(楼栋="5", 房号="501", 手机号="13812345678"),  # same ID
    ]
    job = run(admin1, rows)
    assert job.status == Status.APPLIED, job.errors
    assert Customer.objects.count() == 1 and CustomerHouse.objects.count() == 3


def test_customer_registered_without_id_gets_it_from_the_roster(admin1):
    run(admin1, [roster_row(证件号码=None, 证件类型=None)])
    job = run(admin1, [roster_row()])
    assert job.summary["customers_updated"] == 1 and job.summary["customers_created"] == 0
    assert Customer.objects.get().id_number_hash == pii.lookup_hash(ID_1)
    assert CustomerHouse.objects.count() == 1


def test_masked_id_number_counts_as_not_given(admin1):
    run(admin1, [roster_row()])
    job = run(admin1, [roster_row(证件号码=pii.mask(ID_1))])
    assert job.status == Status.APPLIED, job.errors
    assert job.summary["customers_created"] == 0 and job.summary["links_created"] == 0


def test_excel_native_values_are_read(admin1):
    row = roster_row(
        楼栋=3,
        单元=2,
        房号=1201,
        交付日期=dt.date(2024, 6, 30),
        手机号=13812345678,
        建筑面积="89.50",
    )
    job = run(admin1, [row])
    assert job.status == Status.APPLIED, job.errors
    house = House.objects.get()
    assert (house.label, house.delivered_on) == ("3-2-1201", dt.date(2024, 6, 30))


# --- scope and permission --------------------------------------------------------------------


def test_scoped_actor_cannot_import_into_other_projects(admin1, project_a, project_b):
    clerk = make_user("clerk_a", ["clerk"], [project_a])
    rows = [
        roster_row(项目编码="PA", 项目名称="翠湖花园", 房号="9901"),
        roster_row(项目编码="PB", 项目名称="江南名邸", 房号="9902"),
        roster_row(项目编码="NEW1", 项目名称="新项目", 房号="9903"),
    ]
    before = counts()
    job = run(clerk, rows)
    assert job.status == Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "项目编码"), (4, "项目编码")]
    assert "数据范围" in job.errors[0]["message"]
    assert counts() == before
    job = run(clerk, rows[:1])
    assert job.status == Status.APPLIED, job.errors
    assert House.objects.filter(project=project_a, room="9901").exists()


def test_import_needs_the_capability(admin1, project_a):
    agent = make_user("agent_x", ["agent"])
    with pytest.raises(Forbidden):
        importer.run_import_sync(agent, upload(xlsx([roster_row()])), dry_run=True)
    with pytest.raises(Forbidden):
        importer.start_import(agent, upload(xlsx([roster_row()])), dry_run=True)
    assert not ImportJob.objects.exists()


# --- uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("花名册.xls", b"\xd0\xcf\x11\xe0 old excel", ".xlsx"),
        ("roster.csv", "项目编码,项目名称\n".encode(), ".xlsx"),
        ("roster.xlsx", b"", "空"),
        ("roster.xlsx", b"just some text, renamed", "不是有效的 .xlsx"),
        ("roster.xlsx", b"PK\x05\x06" + b"\0" * 18, "不是有效的 .xlsx"),  # an empty zip
    ],
)
def test_non_xlsx_upload_is_refused_clearly(admin1, name, content, words):
    with pytest.raises(Invalid) as caught:
        importer.start_import(admin1, upload(content, name), dry_run=True)
    assert words in caught.value.detail
    assert caught.value.fields["file"]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("name", ["***.xlsx", "../../etc/花 名 册 (1).XLSX", ".xlsx"])
def test_odd_file_names_are_stored_safely(admin1, settings, name):
    job = importer.run_import_sync(admin1, upload(xlsx([roster_row()]), name), dry_run=True)
    assert job.status == Status.VALID, job.errors
    assert job.file.path.startswith(str(settings.MEDIA_ROOT)) and ".." not in job.file.name
    assert job.filename == name.rsplit("/", 1)[-1]


def test_empty_sheet_is_reported(admin1):
    job = run(admin1, [])
    assert job.status == Status.INVALID and "没有数据行" in job.errors[0]["message"]


# --- jobs and the queue ----------------------------------------------------------------------


def test_start_import_queues_the_job_after_commit(admin1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = importer.start_import(admin1, upload(xlsx([roster_row()])), dry_run=True)
    assert job.status == Status.PENDING and len(callbacks) == 1
    assert job.file.name.startswith("imports/") and job.filename == "花名册.xlsx"
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Status.VALID, job.errors
    assert (job.total_rows, job.processed_rows, job.percent) == (1, 1, 100)
    assert counts() == (0, 0, 0, 0, 0)


def test_apply_job_imports_a_valid_dry_run_as_a_new_job(admin1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dry = importer.start_import(admin1, upload(xlsx([roster_row()])), dry_run=True)
    dry.refresh_from_db()
    assert dry.status == Status.VALID
    with django_capture_on_commit_callbacks(execute=True):
        applied = importer.apply_job(admin1, dry)
    applied.refresh_from_db()
    assert applied.pk != dry.pk and not applied.dry_run and applied.file.name == dry.file.name
    assert applied.status == Status.APPLIED, applied.errors
    assert House.objects.count() == 1
    with pytest.raises(Conflict):
        importer.apply_job(admin1, applied)  # not a dry run


def test_apply_job_refuses_an_invalid_dry_run(admin1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dry = importer.start_import(admin1, upload(xlsx([roster_row(手机号="1")])), dry_run=True)
    dry.refresh_from_db()
    assert dry.status == Status.INVALID
    with pytest.raises(Conflict):
        importer.apply_job(admin1, dry)


def test_progress_is_committed_while_validating(admin1, monkeypatch):
    seen = []
    real = importer._progress
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(
        importer, "_progress", lambda job, done, total: (seen.append(done), real(job, done, total))
    )
    rows = [roster_row(房号=f"{floor}01", 楼层=floor, 证件号码=None) for floor in range(2, 9)]
    job = run(admin1, rows)
    assert job.status == Status.APPLIED, job.errors
    assert seen[:4] == [0, 2, 4, 6] and seen[-1] == 7


def test_unexpected_error_fails_the_job_and_writes_nothing(admin1, monkeypatch):
    def explode(self):
        Project.objects.create(
            code="HALF", name="写到一半"
        )  # the writes begin, then something breaks
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer.RosterPlan, "apply", explode)
    job = run(admin1, [roster_row()])
    assert job.status == Status.FAILED and job.finished_at is not None
    assert "意外错误" in job.errors[0]["message"]
    assert counts() == (0, 0, 0, 0, 0)


def test_a_job_runs_only_once(admin1):
    job = run(admin1, [roster_row()])
    assert importer.run_import(job).status == Status.APPLIED
    assert ImportJob.objects.count() == 1 and House.objects.count() == 1
