"""Excel exports of houses and customers, and the roster format they share with the import (R-EST-3).

The houses export writes exactly the roster columns of :data:`COLUMNS`, one row per
house-customer link, so that an exported file imports again without creating anything. ID
numbers are never written in full: the export carries the masked form, which the import reads
as "not given" (R-EST-5).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from aftersales.core import audit, excel, scoping
from aftersales.core.i18n import data_language
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.estates.choices import Finish, HouseRole, HouseStatus, IdType, Segment
from aftersales.estates.models import Customer, CustomerHouse, House

SHEET_NAME = "花名册"
DATE_FORMAT = "yyyy-mm-dd"
_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Column:
    """One column of the sales roster: its key, Chinese header and what to put in it."""

    key: str
    header: str
    required: bool = False
    note: str = ""
    sample: Any = ""


def _labels(choices) -> str:
    with data_language():  # built once, at import, whatever language the first request has
        return "、".join(f"{label}（{code}）" for code, label in choices.choices)


COLUMNS: tuple[Column, ...] = (
    Column(
        "project_code",
        "项目编码",
        True,
        "项目的唯一编码，只能包含字母、数字、下划线和连字符；按编码匹配已有项目",
        "HY01",
    ),
    Column("project_name", "项目名称", True, "须与系统中该编码项目的名称一致", "和悦府"),
    Column("city", "城市", False, "仅在新建项目时使用", "杭州"),
    Column("building", "楼栋", True, "楼栋名称，如 3 或 A；只能包含数字、字母或汉字", "3"),
    Column("unit", "单元", True, "单元名称，如 2", "2"),
    Column("room", "房号", True, "房号，如 1201", "1201"),
    Column("floor", "楼层", False, "整数；新建房屋不填时按房号推算（1201 → 12 层）", 12),
    Column("area", "建筑面积", False, "平方米，须大于 0", 89.5),
    Column("unit_type", "户型", False, "如 三室两厅，最多 40 个字", "三室两厅"),
    Column("finish", "装修标准", False, f"{_labels(Finish)}；新建房屋不填为毛坯", "精装"),
    Column("status", "房屋状态", False, f"{_labels(HouseStatus)}；新建房屋不填为已交付", "已交付"),
    Column(
        "delivered_on",
        "交付日期",
        True,
        "Excel 日期或 YYYY-MM-DD 格式的文本；1980 年至今后三年内",
        dt.date(2024, 6, 30),
    ),
    Column(
        "customer_name",
        "客户姓名",
        False,
        "可不填（房屋尚无客户）；一套房屋有多位客户时每位客户一行，房屋信息重复填写",
        "张伟",
    ),
    Column(
        "phone", "手机号", False, "填写客户姓名时必填；11 位手机号或带区号的固定电话", "13812345678"
    ),
    Column(
        "id_type",
        "证件类型",
        False,
        f"{_labels(IdType)}；填写证件号码而不填类型时视为居民身份证",
        "居民身份证",
    ),
    Column(
        "id_number",
        "证件号码",
        False,
        "居民身份证须为 18 位且校验位正确；请设为文本格式；含 * 的脱敏号码（如导出文件中的号码）视为未填写",
        "11010519491231002X",
    ),
    Column("role", "身份", False, f"{_labels(HouseRole)}；不填为业主", "业主"),
    Column("contract_no", "购房合同号", False, "最多 60 个字符", "HT-2024-0001"),
)
HEADERS = {c.key: c.header for c in COLUMNS}

CUSTOMER_HEADERS = (
    "姓名",
    "手机号",
    "备用电话",
    "证件类型",
    "证件号码（脱敏）",
    "房屋",
    "身份",
    "客户分类",
    "标签",
)


def _header_row(sheet, headers) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = _BOLD, _FILL
        cells.append(cell)
    return cells


def _date_cell(sheet, value: dt.date | None):
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _new_sheet(title: str, headers, widths: dict[str, int]):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header_row(sheet, headers))
    return workbook, sheet


def _save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- houses ----------------------------------------------------------------------------------


def _house_cells(sheet, house: House) -> list:
    return [
        house.project.code,
        house.project.name,
        house.project.city,
        house.building.name,
        house.unit,
        house.room,
        house.floor,
        house.area,
        house.unit_type,
        house.get_finish_display(),
        house.get_status_display(),
        _date_cell(sheet, house.delivered_on),
    ]


def _link_cells(link: CustomerHouse | None) -> list:
    if link is None:
        return [None] * 6
    customer = link.customer
    return [
        customer.name,
        customer.phone,
        customer.get_id_type_display() if customer.id_number_masked else None,
        customer.id_number_masked or None,
        link.get_role_display(),
        link.contract_no or None,
    ]


_ROLE_ORDER = {role: i for i, role in enumerate(HouseRole.values)}


@data_language()
def export_houses(user, queryset: QuerySet[House]) -> bytes:
    """The houses of ``queryset`` the user may see, as a roster that imports back unchanged."""
    require(user, "estates.export")
    links = CustomerHouse.objects.select_related("customer").order_by("id")
    houses = (
        scoping.visible_to(queryset, user)
        .select_related("project", "building")
        .prefetch_related(Prefetch("occupants", queryset=links))
    )
    workbook, sheet = _new_sheet(
        SHEET_NAME, [c.header for c in COLUMNS], {"B": 16, "L": 12, "M": 12, "N": 14, "P": 22}
    )
    rows = count = 0
    for house in houses.iterator(chunk_size=2000):
        head = _house_cells(sheet, house)
        occupants = sorted(
            house.occupants.all(), key=lambda link: (_ROLE_ORDER.get(link.role, 99), link.pk)
        )
        for link in occupants or [None]:
            sheet.append(excel.row(head + _link_cells(link)))
            rows += 1
        count += 1
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        model="estates.House",
        after={"rows": rows, "houses": count},
        note=f"导出房屋花名册：{count} 套房屋，{rows} 行",
    )
    return _save(workbook)


# --- customers -------------------------------------------------------------------------------


@data_language()
def export_customers(user, queryset: QuerySet[Customer]) -> bytes:
    """Customers the user may see, with only the houses within his scope; ID numbers masked."""
    require(user, "estates.export")
    links = scoping.visible_to(CustomerHouse.objects.select_related("house__project"), user)
    customers = scoping.visible_to(queryset, user).prefetch_related(
        Prefetch("house_links", queryset=links)
    )
    workbook, sheet = _new_sheet(
        "客户", CUSTOMER_HEADERS, {"A": 12, "B": 14, "C": 14, "D": 12, "E": 22, "F": 40, "G": 24}
    )
    segments = dict(Segment.choices)
    count = 0
    for customer in customers.iterator(chunk_size=2000):
        own = sorted(
            customer.house_links.all(),
            key=lambda link: (
                link.house.project.code,
                link.house.label,
                _ROLE_ORDER.get(link.role, 99),
            ),
        )
        sheet.append(
            excel.row(
                [
                    customer.name,
                    customer.phone,
                    customer.phone2 or None,
                    customer.get_id_type_display() if customer.id_number_masked else None,
                    customer.id_number_masked or None,
                    "；".join(f"{link.house.project.code} {link.house.label}" for link in own)
                    or None,
                    "；".join(link.get_role_display() for link in own) or None,
                    segments.get(customer.segment) or None,
                    customer.tags or None,
                ]
            )
        )
        count += 1
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        model="estates.Customer",
        after={"rows": count},
        note=f"导出客户清单 {count} 人",
    )
    return _save(workbook)


# --- the import template ---------------------------------------------------------------------


@data_language()
def roster_template_bytes() -> bytes:
    """An empty roster: the headers (required ones marked *), one sample row and a notes sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([f"{c.header}*" if c.required else c.header for c in COLUMNS])
    sheet.append([c.sample for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _BOLD, _FILL
        sheet.column_dimensions[cell.column_letter].width = max(10, len(column.header) * 2 + 4)
        sample = sheet.cell(row=2, column=index)
        sample.number_format = DATE_FORMAT if column.key == "delivered_on" else sample.number_format
        if column.key in ("building", "unit", "room", "phone", "id_number", "contract_no"):
            sample.number_format = "@"  # text, so that Excel keeps long numbers and leading zeros
    sheet.column_dimensions["P"].width = 22
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "是否必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "选填", column.note])
    notes.append([])
    for line in (
        "第一行为列标题（带 * 的为必填列），列的顺序可以调整，系统不认识的列会被忽略。",
        "第二行是示例，导入前请删除或改为真实数据。",
        "同一房屋（项目编码、楼栋、单元、房号相同）有多位客户时，每位客户占一行，房屋信息须一致。",
        "客户按证件号码识别；未填证件号码时按“客户姓名 + 手机号”识别。重复导入同一文件不会产生重复数据。",
        "已有房屋的选填列留空时保持系统中的原值不变。",
        "建议先“试导入”查看逐行错误；任何一行有错误时不会写入任何数据。",
    ):
        notes.append([line])
    for cell in notes[1]:
        cell.font, cell.fill = _BOLD, _FILL
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 100
    return _save(workbook)
