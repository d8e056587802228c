"""Reading and checking a sales roster (花名册) sheet, row by row (R-EST-3).

The column set is shared with the export (:mod:`aftersales.estates.exporter`); each cell is
checked with the validators of :mod:`aftersales.estates.services`, and every problem becomes a
row error with the Excel row number, the Chinese column header and a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from aftersales.core import scoping
from aftersales.core.errors import Invalid
from aftersales.estates.choices import Finish, HouseRole, HouseStatus
from aftersales.estates.exporter import COLUMNS, HEADERS, SHEET_NAME
from aftersales.estates.models import Customer, Project
from aftersales.estates.services import (
    _area,
    _choice,
    _floor,
    _id_fields,
    _part,
    _text,
    delivery_date,
    normalise_phone,
)
from aftersales.estates.services import (
    project_code as parse_project_code,
)

PROGRESS_EVERY = 500
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
BATCH = 1000
_BY_HEADER = {c.header: c for c in COLUMNS}
_COLUMN_ORDER = {c.header: i for i, c in enumerate(COLUMNS)}


HOUSE_ATTRS = ("floor", "area", "unit_type", "finish", "status", "delivered_on")
CUSTOMER_KEYS = ("customer_name", "phone", "id_type", "id_number", "role", "contract_no")


def row_error(row: int | None, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": message}


# --- reading the sheet -----------------------------------------------------------------------


def _normalise_header(value: Any) -> str:
    text = re.sub(r"[（(].*?[)）]", "", "" if value is None else str(value))
    return re.sub(r"[\s*＊]", "", text)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def header_positions(header: tuple) -> tuple[dict[str, int], list[dict]]:
    positions: dict[str, int] = {}
    errors = []
    for index, value in enumerate(header):
        column = _BY_HEADER.get(_normalise_header(value))
        if column is None:
            continue  # columns the roster does not know are ignored
        if column.key in positions:
            errors.append(row_error(1, column.header, f"列“{column.header}”出现了不止一次"))
        else:
            positions[column.key] = index
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        errors.append(
            row_error(
                1, "", f"缺少必填列：{'、'.join(missing)}（第一行应为列标题，请使用花名册模板）"
            )
        )
    return positions, errors


def open_sheet(data: bytes):
    """The roster sheet (named 花名册, else the first) and its row-count estimate."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise Invalid(
            "文件无法读取：不是有效的 Excel（.xlsx）文件", fields={"file": ["文件无法读取"]}
        ) from exc
    sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
    estimate = max((sheet.max_row or 1) - 1, 0)
    sheet.reset_dimensions()  # some writers record a wrong size; read every row there is
    return workbook, sheet, estimate


# --- validating one row ----------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class FileCustomer:
    """One customer as the file describes him, whatever rows he appears in."""

    name: str
    phone: str
    first_row: int
    ids: dict | None = None  # the fields of services._id_fields, when an ID number was given

    @property
    def id_hash(self) -> str:
        return self.ids["id_number_hash"] if self.ids else ""


@dataclass(slots=True)
class RosterRow:
    row: int
    project_code: str
    project_name: str
    city: str
    building: str
    unit: str
    room: str
    attrs: dict[str, Any]  # the house attributes given in this row
    customer_name: str = ""
    phone: str = ""
    ids: dict | None = None
    role: str = HouseRole.OWNER
    contract_no: str = ""
    customer: FileCustomer | None = None

    @property
    def house_key(self) -> tuple[str, str, str, str]:
        return (self.project_code.lower(), self.building, self.unit, self.room)


class _RowCheck:
    """Runs the service validators on one row and keeps every message, not just the first."""

    def __init__(self, row: int, errors: list[dict]):
        self.row = row
        self.errors = errors
        self.failed = False

    def add(self, key: str, message: str) -> None:
        self.failed = True
        self.errors.append(row_error(self.row, HEADERS[key], message))

    def run(self, key: str, func, *args, **kwargs) -> Any:
        try:
            return func(*args, **kwargs)
        except Invalid as exc:
            self.add(key, exc.detail)
            return None


def _delivery_date(value: Any) -> dt.date:
    """services.delivery_date, also taking Excel serial numbers and dates like 2024/6/3."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        value = from_excel(value)  # an Excel date serial number without a date format
    elif isinstance(value, str) and (
        m := re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$", value)
    ):
        value = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    return delivery_date(value)


@lru_cache(maxsize=256)
def _cached_choice(value: Any, label: str, choices) -> str:
    """services._choice, remembered: a roster repeats the same few labels on every row."""
    return _choice(value, "", label, choices)


# The validators of the roster's house columns; an empty optional cell keeps what is on file.
_REQUIRED = {
    "project_code": parse_project_code,
    "project_name": partial(_text, field="name", label="项目名称", max_len=100, required=True),
    "city": partial(_text, field="city", label="城市", max_len=40),
    "building": partial(_part, field="building", label="楼栋"),
    "unit": partial(_part, field="unit", label="单元"),
    "room": partial(_part, field="room", label="房号"),
}
_OPTIONAL = {
    "floor": partial(_floor, room=""),
    "area": _area,
    "unit_type": partial(_text, field="unit_type", label="户型", max_len=40),
    "finish": partial(_cached_choice, label="装修标准", choices=Finish),
    "status": partial(_cached_choice, label="房屋状态", choices=HouseStatus),
}


def _parse_row(row: int, values: dict[str, Any], errors: list[dict]) -> RosterRow | None:
    check = _RowCheck(row, errors)
    main = {key: check.run(key, func, values.get(key)) for key, func in _REQUIRED.items()}
    attrs = {"delivered_on": check.run("delivered_on", _delivery_date, values.get("delivered_on"))}
    for key, func in _OPTIONAL.items():
        if values.get(key) is not None:
            attrs[key] = check.run(key, func, values[key])
    parsed = RosterRow(row=row, attrs=attrs, **main)
    _parse_customer(parsed, values, check)
    return None if check.failed else parsed


def _parse_customer(parsed: RosterRow, values: dict[str, Any], check: _RowCheck) -> None:
    get = values.get
    name = check.run("customer_name", _text, get("customer_name"), "name", "客户姓名", 60)
    if not name:
        if any(get(key) is not None for key in CUSTOMER_KEYS):
            check.add(
                "customer_name", "填写了客户信息（手机号、证件、身份或合同号）时客户姓名不能为空"
            )
        return
    parsed.customer_name = name
    if get("phone") is None:
        check.add("phone", "填写了客户姓名时手机号不能为空")
    else:
        parsed.phone = check.run("phone", normalise_phone, get("phone"), "phone")
    number = "" if get("id_number") is None else str(get("id_number"))
    if number and "*" not in number:  # a masked number (from an export) counts as not given
        parsed.ids = check.run("id_number", _id_fields, get("id_type") or "", number)
    if get("role") is not None:
        parsed.role = check.run("role", _cached_choice, get("role"), "身份", HouseRole)
    parsed.contract_no = check.run(
        "contract_no", _text, get("contract_no"), "contract_no", "购房合同号", 60
    )


# --- checks across rows ----------------------------------------------------------------------


class RosterValidator:
    """Checks every row against the file's earlier rows, the database and the actor's scope."""

    def __init__(self, actor):
        self.errors: list[dict] = []
        self.rows: list[RosterRow] = []
        self.count = 0
        self.projects = {
            code.lower(): (pk, name)
            for pk, code, name in Project.objects.values_list("id", "code", "name")
        }
        self.visible = set(
            scoping.visible_to(Project.objects.all(), actor).values_list("id", flat=True)
        )
        self.unscoped = scoping.project_ids(actor) is None
        self.file_projects: dict[str, tuple[int, str]] = {}
        self.file_houses: dict[tuple, tuple[int, dict]] = {}

    def add_row(self, row: int, values: dict[str, Any]) -> None:
        self.count += 1
        parsed = _parse_row(row, values, self.errors)
        if parsed is not None and self._project_ok(parsed) and self._house_ok(parsed):
            self.rows.append(parsed)

    def _project_ok(self, r: RosterRow) -> bool:
        code = r.project_code.lower()
        existing = self.projects.get(code)
        if existing is None and not self.unscoped or existing and existing[0] not in self.visible:
            message = f"项目“{r.project_code}”不在您的数据范围内，不能导入"
            self.errors.append(row_error(r.row, HEADERS["project_code"], message))
            return False
        if existing and existing[1] != r.project_name:
            message = f"项目编码“{r.project_code}”在系统中的项目名称为“{existing[1]}”，与本行“{r.project_name}”不一致"
            self.errors.append(row_error(r.row, HEADERS["project_name"], message))
            return False
        first = self.file_projects.setdefault(code, (r.row, r.project_name))
        if first[1] != r.project_name:
            message = f"项目编码“{r.project_code}”在第 {first[0]} 行的项目名称为“{first[1]}”，与本行不一致"
            self.errors.append(row_error(r.row, HEADERS["project_name"], message))
            return False
        return True

    def _house_ok(self, r: RosterRow) -> bool:
        """A house repeated on several rows (one per customer) must say the same things."""
        first_row, attrs = self.file_houses.setdefault(r.house_key, (r.row, dict(r.attrs)))
        ok = True
        for key, value in r.attrs.items():
            if attrs.setdefault(key, value) != value:
                message = f"与第 {first_row} 行的同一房屋的{HEADERS[key]}（{attrs[key]}）不一致"
                self.errors.append(row_error(r.row, HEADERS[key], message))
                ok = False
        return ok

    def finish(self) -> None:
        """Who is who among the customers, then duplicate rooms; both need every row read."""
        by_hash: dict[str, FileCustomer] = {}
        by_name_phone: dict[tuple[str, str], FileCustomer] = {}
        with_id = [r for r in self.rows if r.customer_name and r.ids]
        without_id = [r for r in self.rows if r.customer_name and not r.ids]
        for r in with_id:
            customer = by_hash.setdefault(
                r.ids["id_number_hash"], FileCustomer(r.customer_name, r.phone, r.row, r.ids)
            )
            if (customer.name, customer.phone) != (r.customer_name, r.phone):
                message = f"证件号码与第 {customer.first_row} 行相同，但姓名或手机号不一致"
                self.errors.append(row_error(r.row, HEADERS["id_number"], message))
                continue
            by_name_phone.setdefault((r.customer_name, r.phone), customer)
            r.customer = customer
        for r in without_id:
            r.customer = by_name_phone.setdefault(
                (r.customer_name, r.phone), FileCustomer(r.customer_name, r.phone, r.row)
            )
        self._check_id_owners(list(by_hash.values()))
        seen: dict[tuple, int] = {}
        for r in self.rows:
            if r.customer_name and r.customer is None:
                continue
            key = (
                r.house_key,
                id(r.customer) if r.customer else None,
                r.role if r.customer else "",
            )
            first = seen.setdefault(key, r.row)
            if first != r.row:
                self.errors.append(
                    row_error(r.row, HEADERS["room"], f"房号重复：与第 {first} 行相同")
                )
        self.errors.sort(key=lambda e: (e["row"] or 0, _COLUMN_ORDER.get(e["column"], -1)))

    def _check_id_owners(self, customers: list[FileCustomer]) -> None:
        """An ID number already on file must belong to a customer of the same name."""
        names = {}
        for chunk in chunks([c.id_hash for c in customers]):
            names.update(
                Customer.objects.filter(id_number_hash__in=chunk).values_list(
                    "id_number_hash", "name"
                )
            )
        for c in customers:
            if c.id_hash in names and names[c.id_hash] != c.name:
                message = "该证件号码已登记在另一位姓名不同的客户名下，请核对姓名或证件号码"
                self.errors.append(row_error(c.first_row, HEADERS["id_number"], message))


def chunks(items: list, size: int = 900) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sheet_rows(sheet, positions: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, values by column key) for every non-empty row below the header."""
    for number, raw in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {key: _cell(raw[i]) if i < len(raw) else None for key, i in positions.items()}
        if any(v is not None for v in values.values()):
            yield number, values


# --- what applying changes -------------------------------------------------------------------
