"""(c) Importing a roster: a bad file gives a Chinese row-by-row report; a good one, dry run first."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = ["项目编码*", "项目名称*", "城市", "楼栋*", "单元*", "房号*", "楼层", "建筑面积", "户型",
          "装修标准", "房屋状态", "交付日期*", "客户姓名", "手机号", "证件类型", "证件号码", "身份",
          "购房合同号"]  # fmt: skip


def roster(path, rows) -> str:
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def row(room: str, name: str, phone: str, *, delivered="2026-06-30", id_number=None):
    return ["HYF", "和悦府", "杭州", "3", "2", room, None, 89.5, "三室两厅", "精装", "已交付",
            delivered, name, phone, None, id_number, "业主", f"HT-{room}"]  # fmt: skip


GOOD = [
    row("1201", "张伟", "13812345678", id_number="11010519491231002X"),
    row("1202", "李娜", "13812345679"),
    row("1301", "王芳", "13812345670"),
]
BAD = [
    row("1201", "张伟", "13812345678"),
    row("1202", "李娜", "13812345679", delivered="2026-02-30"),
    row("1301", "王芳", "1381234"),
    row("1302", "赵磊", "13812345671", id_number="110105194912310021"),
]


@pytest.fixture
def clerk(db):
    return make_user("clerk", ["clerk"], name="资料员小李")


def upload(page, site, path: str, *, dry_run: bool) -> None:
    page.goto(site.url("estates:import"))
    page.locator("#id_file").set_input_files(path)
    dry = page.locator("#id_dry_run")
    expect(dry).to_be_checked()  # a dry run unless asked otherwise
    if not dry_run:
        dry.uncheck()
    page.get_by_role("button", name="上传并处理").click()
    page.wait_for_url(re.compile(r"/estates/import/\d+/$"))


def test_bad_roster_gives_row_by_row_report_then_good_one_imports(page, site, clerk, tmp_path):
    login(page, site, "clerk")

    upload(page, site, roster(tmp_path / "花名册-有错.xlsx", BAD), dry_run=True)
    expect(page.get_by_text("校验未通过")).to_be_visible()
    report = page.locator("table tbody tr")
    expect(report).to_have_count(3)
    expect(report.nth(0)).to_contain_text("第 3 行")
    expect(report.nth(0)).to_contain_text("交付日期")
    expect(report.nth(0)).to_contain_text("不是有效日期")
    expect(report.nth(1)).to_contain_text("第 4 行")
    expect(report.nth(1)).to_contain_text("手机号")
    expect(report.nth(2)).to_contain_text("第 5 行")
    expect(report.nth(2)).to_contain_text("身份证号码无效")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)

    upload(page, site, roster(tmp_path / "花名册.xlsx", GOOD), dry_run=True)
    expect(page.get_by_text("校验通过", exact=False).first).to_be_visible()
    expect(page.get_by_text("新增房屋")).to_be_visible()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(re.compile(r"/estates/import/\d+/$"))
    expect(page.get_by_text("已导入")).to_be_visible()

    page.goto(site.url("estates:house_list") + "?q=3-2")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("和悦府")
    for label in ("3-2-1201", "3-2-1202", "3-2-1301"):
        expect(page.get_by_role("link", name=label)).to_be_visible()

    # Importing the same file again creates nothing new.
    upload(page, site, roster(tmp_path / "花名册.xlsx", GOOD), dry_run=False)
    expect(page.get_by_text("已导入")).to_be_visible()
    page.goto(site.url("estates:house_list") + "?q=3-2")
    expect(page.locator("table tbody tr")).to_have_count(3)
