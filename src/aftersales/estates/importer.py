"""Bulk import of the sales roster (花名册) from Excel (R-EST-3).

How a job runs, and why:

1. :func:`start_import` checks the upload is an ``.xlsx``, stores it on an :class:`ImportJob`
   and queues :func:`aftersales.estates.tasks.run_import_job` once the job row is committed.
2. :func:`run_import` reads the sheet once (openpyxl read-only) and validates every row with the
   validators of :mod:`aftersales.estates.services`. This pass runs outside any transaction and
   commits the progress every ``PROGRESS_EVERY`` rows, so the page polling the job sees it move.
3. Every row error is collected (row number, Chinese column header, Chinese message). A job with
   any error, or a dry run, writes nothing.
4. Otherwise everything is written in ONE transaction (all or nothing) from in-memory maps of the
   existing natural keys, with bulk inserts and updates: project by code, building by
   (project, name), house by (project, building, unit, room), customer by ID-number hash or else
   (name, phone), link by (customer, house, role). Re-importing a file therefore changes nothing.
5. One IMPORT audit entry summarises an applied job (not one entry per row).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from aftersales.accounts import scoping
from aftersales.accounts.permissions import can, require
from aftersales.core import audit
from aftersales.core.errors import Conflict, Invalid
from aftersales.core.models import AuditEntry
from aftersales.estates.choices import Finish, HouseRole, HouseStatus
from aftersales.estates.exporter import COLUMNS, HEADERS, SHEET_NAME, roster_template_bytes
from aftersales.estates.models import Building, Customer, CustomerHouse, House, ImportJob, Project
from aftersales.estates.services import (
    CODE_RE,
    _area,
    _choice,
    _floor,
    _id_fields,
    _part,
    _text,
    delivery_date,
    initials_of,
    normalise_phone,
)

__all__ = ["apply_job", "roster_template_bytes", "run_import", "run_import_sync", "start_import"]

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
BATCH = 1000
Status = ImportJob.Status
_BY_HEADER = {c.header: c for c in COLUMNS}
_COLUMN_ORDER = {c.header: i for i, c in enumerate(COLUMNS)}


HOUSE_ATTRS = ("floor", "area", "unit_type", "finish", "status", "delivered_on")
CUSTOMER_KEYS = ("customer_name", "phone", "id_type", "id_number", "role", "contract_no")


def _error(row: int | None, column: str, message: str) -> dict:
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


def _header_positions(header: tuple) -> tuple[dict[str, int], list[dict]]:
    positions: dict[str, int] = {}
    errors = []
    for index, value in enumerate(header):
        column = _BY_HEADER.get(_normalise_header(value))
        if column is None:
            continue  # columns the roster does not know are ignored
        if column.key in positions:
            errors.append(_error(1, column.header, f"列“{column.header}”出现了不止一次"))
        else:
            positions[column.key] = index
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        errors.append(
            _error(1, "", f"缺少必填列：{'、'.join(missing)}（第一行应为列标题，请使用花名册模板）")
        )
    return positions, errors


def _open_sheet(data: bytes):
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
        self.errors.append(_error(self.row, HEADERS[key], message))

    def run(self, key: str, func, *args, **kwargs) -> Any:
        try:
            return func(*args, **kwargs)
        except Invalid as exc:
            self.add(key, exc.detail)
            return None


def _project_code(value: Any) -> str:
    code = _text(value, "code", "项目编码", 40, required=True)
    if not CODE_RE.match(code):
        raise Invalid("项目编码只能包含字母、数字、下划线和连字符")
    return code


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
    "project_code": _project_code,
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


class _Validator:
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
            self.errors.append(_error(r.row, HEADERS["project_code"], message))
            return False
        if existing and existing[1] != r.project_name:
            message = f"项目编码“{r.project_code}”在系统中的项目名称为“{existing[1]}”，与本行“{r.project_name}”不一致"
            self.errors.append(_error(r.row, HEADERS["project_name"], message))
            return False
        first = self.file_projects.setdefault(code, (r.row, r.project_name))
        if first[1] != r.project_name:
            message = f"项目编码“{r.project_code}”在第 {first[0]} 行的项目名称为“{first[1]}”，与本行不一致"
            self.errors.append(_error(r.row, HEADERS["project_name"], message))
            return False
        return True

    def _house_ok(self, r: RosterRow) -> bool:
        """A house repeated on several rows (one per customer) must say the same things."""
        first_row, attrs = self.file_houses.setdefault(r.house_key, (r.row, dict(r.attrs)))
        ok = True
        for key, value in r.attrs.items():
            if attrs.setdefault(key, value) != value:
                message = f"与第 {first_row} 行的同一房屋的{HEADERS[key]}（{attrs[key]}）不一致"
                self.errors.append(_error(r.row, HEADERS[key], message))
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
                self.errors.append(_error(r.row, HEADERS["id_number"], message))
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
                self.errors.append(_error(r.row, HEADERS["room"], f"房号重复：与第 {first} 行相同"))
        self.errors.sort(key=lambda e: (e["row"] or 0, _COLUMN_ORDER.get(e["column"], -1)))

    def _check_id_owners(self, customers: list[FileCustomer]) -> None:
        """An ID number already on file must belong to a customer of the same name."""
        names = {}
        for chunk in _chunks([c.id_hash for c in customers]):
            names.update(
                Customer.objects.filter(id_number_hash__in=chunk).values_list(
                    "id_number_hash", "name"
                )
            )
        for c in customers:
            if c.id_hash in names and names[c.id_hash] != c.name:
                message = "该证件号码已登记在另一位姓名不同的客户名下，请核对姓名或证件号码"
                self.errors.append(_error(c.first_row, HEADERS["id_number"], message))


def _chunks(items: list, size: int = 900) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows(sheet, positions: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, values by column key) for every non-empty row below the header."""
    for number, raw in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {key: _cell(raw[i]) if i < len(raw) else None for key, i in positions.items()}
        if any(v is not None for v in values.values()):
            yield number, values


# --- what applying changes -------------------------------------------------------------------


class RosterPlan:
    """What applying valid rows creates and updates, found from maps of the existing natural keys.

    The plan is built from a handful of queries (projects, then the buildings, houses and links
    of the file's projects, then the customers with the file's ID hashes or phones), so a
    20,000-row roster costs the same few queries as a 20-row one. Unsaved objects refer to each
    other (a new house to its new building), so the writes run parent-first.
    """

    def __init__(self, rows: list[RosterRow]):
        self.rows = rows
        self.new_projects: list[Project] = []
        self.new_buildings: list[Building] = []
        self.new_houses: list[House] = []
        self.changed_houses: list[House] = []
        self.new_customers: list[Customer] = []
        self.changed_customers: list[Customer] = []
        self.new_links: list[CustomerHouse] = []
        self.changed_links: list[CustomerHouse] = []

    def count(self) -> dict[str, int]:
        self._houses()
        self._customers()
        self._links()
        return {
            "projects_created": len(self.new_projects),
            "buildings_created": len(self.new_buildings),
            "houses_created": len(self.new_houses),
            "houses_updated": len(self.changed_houses),
            "customers_created": len(self.new_customers),
            "customers_updated": len(self.changed_customers),
            "links_created": len(self.new_links),
            "links_updated": len(self.changed_links),
        }

    def apply(self) -> dict[str, int]:
        """Plan and write; the caller holds the transaction."""
        summary = self.count()
        now = timezone.now()
        Project.objects.bulk_create(self.new_projects)
        Building.objects.bulk_create(self.new_buildings, batch_size=BATCH)
        House.objects.bulk_create(self.new_houses, batch_size=BATCH)
        for obj in self.changed_houses + self.changed_customers:
            obj.updated_at = now
        House.objects.bulk_update(
            self.changed_houses, [*HOUSE_ATTRS, "updated_at"], batch_size=BATCH
        )
        Customer.objects.bulk_create(self.new_customers, batch_size=BATCH)
        Customer.objects.bulk_update(
            self.changed_customers, [*_CUSTOMER_UPDATED, "updated_at"], batch_size=BATCH
        )
        CustomerHouse.objects.bulk_create(self.new_links, batch_size=BATCH)
        CustomerHouse.objects.bulk_update(self.changed_links, ["contract_no"], batch_size=BATCH)
        return summary

    def _houses(self) -> None:
        projects = {p.code.lower(): p for p in Project.objects.all()}
        codes = {r.project_code.lower() for r in self.rows}
        code_of = {projects[c].pk: c for c in codes if c in projects}
        buildings = {
            (code_of[b.project_id], b.name): b
            for b in Building.objects.filter(project_id__in=code_of)
        }
        name_of = {b.pk: name for (_, name), b in buildings.items()}
        existing = {
            (code_of[h.project_id], name_of[h.building_id], h.unit, h.room): h
            for h in House.objects.filter(project_id__in=code_of)
        }
        merged: dict[tuple, dict] = {}
        first: dict[tuple, RosterRow] = {}
        for r in self.rows:
            merged.setdefault(r.house_key, {}).update(r.attrs)
            first.setdefault(r.house_key, r)
        self.house_of: dict[tuple, House] = {}
        for key, attrs in merged.items():
            r = first[key]
            project = projects.get(key[0])
            if project is None:
                project = projects[key[0]] = Project(
                    code=r.project_code,
                    name=r.project_name,
                    city=r.city,
                    delivered_on=attrs["delivered_on"],
                )
                self.new_projects.append(project)
            elif project.pk is None:
                project.delivered_on = min(project.delivered_on, attrs["delivered_on"])
            building = buildings.get(key[:2])
            if building is None:
                building = buildings[key[:2]] = Building(project=project, name=r.building)
                self.new_buildings.append(building)
            house = existing.get(key)
            if house is None:
                house = House(
                    project=project,
                    building=building,
                    unit=r.unit,
                    room=r.room,
                    label=House.make_label(r.building, r.unit, r.room),
                    floor=attrs["floor"] if "floor" in attrs else _floor(None, r.room),
                    area=attrs.get("area"),
                    unit_type=attrs.get("unit_type", ""),
                    finish=attrs.get("finish") or Finish.BARE,
                    status=attrs.get("status") or HouseStatus.DELIVERED,
                    delivered_on=attrs["delivered_on"],
                )
                self.new_houses.append(house)
            elif any(getattr(house, k) != v for k, v in attrs.items()):
                for k, v in attrs.items():
                    setattr(house, k, v)
                self.changed_houses.append(house)
            self.house_of[key] = house

    def _customers(self) -> None:
        wanted = list(dict.fromkeys(r.customer for r in self.rows if r.customer))
        loaded: dict[int, Customer] = {}
        by_hash: dict[str, Customer] = {}
        by_name_phone: dict[tuple[str, str], list[Customer]] = {}
        for field_name, values in (
            ("id_number_hash", {c.id_hash for c in wanted if c.id_hash}),
            ("phone", {c.phone for c in wanted}),
        ):
            for chunk in _chunks(sorted(values)):
                for c in Customer.objects.filter(**{f"{field_name}__in": chunk}).order_by("id"):
                    c = loaded.setdefault(c.pk, c)
                    if c.id_number_hash:
                        by_hash[c.id_number_hash] = c
                    if c not in by_name_phone.setdefault((c.name, c.phone), []):
                        by_name_phone[(c.name, c.phone)].append(c)
        self._load_links()
        houses_of: dict[FileCustomer, set[int]] = {}
        for r in self.rows:
            if r.customer:
                houses_of.setdefault(r.customer, set()).add(self.house_of[r.house_key].pk)
        claimed: set[int] = set()
        initials: dict[str, str] = {}
        self.customer_of: dict[FileCustomer, Customer] = {}
        for fc in wanted:
            candidates = by_name_phone.get((fc.name, fc.phone), [])
            if fc.ids:
                customer = by_hash.get(fc.id_hash)
                if customer is None:  # a customer first registered without his ID number
                    customer = next(
                        (c for c in candidates if not c.id_number_hash and c.pk not in claimed),
                        None,
                    )
                    if customer is not None:
                        for key, value in fc.ids.items():
                            setattr(customer, key, value)
                        self.changed_customers.append(customer)
                elif customer.phone != fc.phone:
                    customer.phone = fc.phone
                    self.changed_customers.append(customer)
            else:  # the one already living there, else the oldest
                linked = [c for c in candidates if self.linked.get(c.pk, set()) & houses_of[fc]]
                customer = (linked or candidates or [None])[0]
            if customer is None:
                if fc.name not in initials:
                    initials[fc.name] = initials_of(fc.name)
                customer = Customer(
                    name=fc.name, initials=initials[fc.name], phone=fc.phone, **(fc.ids or {})
                )
                self.new_customers.append(customer)
            claimed.add(customer.pk)
            self.customer_of[fc] = customer

    def _load_links(self) -> None:
        house_ids = sorted(h.pk for h in self.house_of.values() if h.pk)
        self.links: dict[tuple[int, int, str], CustomerHouse] = {}
        self.linked: dict[int, set[int]] = {}
        for chunk in _chunks(house_ids):
            for link in CustomerHouse.objects.filter(house_id__in=chunk):
                self.links[(link.customer_id, link.house_id, link.role)] = link
                self.linked.setdefault(link.customer_id, set()).add(link.house_id)

    def _links(self) -> None:
        planned: set[tuple[int, int, str]] = set()
        for r in self.rows:
            if not r.customer:
                continue
            customer, house = self.customer_of[r.customer], self.house_of[r.house_key]
            link = (
                self.links.get((customer.pk, house.pk, r.role))
                if customer.pk and house.pk
                else None
            )
            if link is not None:
                if r.contract_no and link.contract_no != r.contract_no:
                    link.contract_no = r.contract_no
                    self.changed_links.append(link)
            elif (key := (id(customer), id(house), r.role)) not in planned:
                planned.add(key)
                self.new_links.append(
                    CustomerHouse(
                        customer=customer, house=house, role=r.role, contract_no=r.contract_no
                    )
                )


_CUSTOMER_UPDATED = [
    "phone",
    "id_type",
    "id_number_encrypted",
    "id_number_hash",
    "id_number_masked",
]


# --- running a job ---------------------------------------------------------------------------


def _finish(job: ImportJob, status: str, errors=(), summary=None, total: int | None = None) -> None:
    fields = {
        "status": status,
        "finished_at": timezone.now(),
        "errors": list(errors),
        "summary": summary or {},
    }
    if total is not None:
        fields.update(total_rows=total, processed_rows=total)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _job_error(message: str) -> list[dict]:
    """An error of the whole file or job, not of one row."""
    return [_error(None, "", message)]


def _progress(job: ImportJob, processed: int, estimate: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=processed, total_rows=max(estimate, processed)
    )


def run_import(job: ImportJob) -> ImportJob:
    """Validate the job's file and, unless it is a dry run or has errors, apply it (R-EST-3)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=Status.PENDING).update(
        status=Status.RUNNING
    )
    if not claimed:  # already run (or being run) elsewhere
        job.refresh_from_db()
        return job
    try:
        _run(job)
    except IntegrityError:
        logger.warning("import job %s collided with a concurrent change", job.pk, exc_info=True)
        _finish(
            job,
            Status.FAILED,
            _job_error("导入失败：数据在导入过程中被其他操作修改，未写入任何数据，请重新导入"),
        )
    except Exception as exc:
        logger.exception("import job %s failed", job.pk)
        message = (
            f"导入失败：发生意外错误（{type(exc).__name__}），未写入任何数据，请联系系统管理员"
        )
        _finish(job, Status.FAILED, _job_error(message))
    except BaseException:
        _finish(job, Status.FAILED, _job_error("导入被中断，未写入任何数据，请重新导入"))
        raise
    job.refresh_from_db()
    return job


def _run(job: ImportJob) -> None:
    actor = job.created_by
    if not can(actor, "estates.import"):
        _finish(job, Status.FAILED, _job_error("上传人已没有导入权限，任务未执行"))
        return
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        workbook, sheet, estimate = _open_sheet(data)
    except (OSError, Invalid) as exc:
        message = exc.detail if isinstance(exc, Invalid) else "找不到上传的文件，请重新上传"
        _finish(job, Status.INVALID, _job_error(message), total=0)
        return
    try:
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        positions, header_errors = _header_positions(header)
        if header_errors:
            _finish(job, Status.INVALID, header_errors, total=0)
            return
        _progress(job, 0, estimate)
        validator = _Validator(actor)
        for number, values in _rows(sheet, positions):
            validator.add_row(number, values)
            if validator.count % PROGRESS_EVERY == 0:
                _progress(job, validator.count, estimate)
            if validator.count > MAX_ROWS:
                _finish(
                    job,
                    Status.INVALID,
                    _job_error(f"文件超过 {MAX_ROWS} 行，请拆分后分批导入"),
                    total=0,
                )
                return
    finally:
        workbook.close()
    _check_and_apply(job, validator)


def _check_and_apply(job: ImportJob, validator: _Validator) -> None:
    total = validator.count
    if not total:
        _finish(job, Status.INVALID, _job_error("文件中没有数据行"), total=0)
        return
    validator.finish()
    if errors := validator.errors:
        summary = {
            "rows": total,
            "error_count": len(errors),
            "error_rows": len({e["row"] for e in errors}),
        }
        _finish(job, Status.INVALID, errors, summary, total)
        return
    if job.dry_run:
        _finish(job, Status.VALID, (), RosterPlan(validator.rows).count() | {"rows": total}, total)
        return
    _progress(job, total, total)
    with transaction.atomic():
        summary = RosterPlan(validator.rows).apply() | {"rows": total}
        note = f"导入花名册“{job.filename}”，共 {total} 行"
        audit.record(
            job.created_by,
            AuditEntry.Action.IMPORT,
            model="estates.ImportJob",
            object_id=job.pk,
            after=summary,
            note=note,
        )
        _finish(job, Status.APPLIED, (), summary, total)


# --- uploads and jobs ------------------------------------------------------------------------


def _read_upload(file_obj) -> tuple[str, bytes]:
    """The file's name and bytes, refused with a clear message unless it is an .xlsx."""
    if isinstance(file_obj, str | Path):
        path = Path(file_obj)
        name, data = path.name, path.read_bytes() if path.is_file() else b""
    else:
        name = os.path.basename(getattr(file_obj, "name", "") or "")
        if (getattr(file_obj, "size", None) or 0) > MAX_UPLOAD_BYTES:
            raise _bad_file(_TOO_BIG)
        if hasattr(file_obj, "seek"):
            file_obj.seek(0)
        data = file_obj.read()
    if not name.lower().endswith(".xlsx"):
        raise _bad_file(
            f"只能导入 .xlsx 格式的 Excel 文件（当前文件“{name or '未命名'}”）；.xls 文件请先在 Excel 中另存为 .xlsx"
        )
    if not data:
        raise _bad_file("文件是空的")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _bad_file(_TOO_BIG)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        names = []
    if not any(n.startswith("xl/") for n in names):
        raise _bad_file("文件不是有效的 .xlsx（Excel）文件，可能已损坏，或只是改了扩展名")
    return name, data


_TOO_BIG = f"文件过大（超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB），请拆分后分批导入"


def _bad_file(message: str) -> Invalid:
    return Invalid(message, code="invalid_file", fields={"file": [message]})


def _new_job(actor, name: str, data: bytes, *, dry_run: bool) -> ImportJob:
    job = ImportJob(created_by=actor, filename=name[:200], dry_run=bool(dry_run))
    stored = re.sub(r"[^\w-]", "", Path(name).stem)[:60] or "roster"  # e.g. "***.xlsx"
    job.file.save(f"{stored}.xlsx", ContentFile(data), save=False)
    job.save()
    return job


def _enqueue(job: ImportJob) -> None:
    from aftersales.estates.tasks import run_import_job

    transaction.on_commit(partial(run_import_job.enqueue, job.pk))


def start_import(actor, uploaded_file, *, dry_run: bool) -> ImportJob:
    """Store an uploaded roster and queue its import (or its dry run)."""
    require(actor, "estates.import")
    name, data = _read_upload(uploaded_file)
    with transaction.atomic():
        job = _new_job(actor, name, data, dry_run=dry_run)
        _enqueue(job)
    job.refresh_from_db()
    return job


def apply_job(actor, job: ImportJob) -> ImportJob:
    """Import for real the file of a dry run that passed, as a new job (re-validated)."""
    require(actor, "estates.import")
    if not job.dry_run or job.status != Status.VALID:
        raise Conflict("只有校验通过的试导入任务才能确认导入", code="not_valid")
    if not job.file or not job.file.storage.exists(job.file.name):
        raise Conflict("该任务的文件已不存在，请重新上传", code="file_missing")
    with transaction.atomic():
        new = ImportJob.objects.create(
            created_by=actor, filename=job.filename, dry_run=False, file=job.file.name
        )
        _enqueue(new)
    new.refresh_from_db()
    return new


def run_import_sync(actor, file_obj, *, dry_run: bool) -> ImportJob:
    """Create a job for ``file_obj`` (a file or a path) and run it now (command line, benches)."""
    require(actor, "estates.import")
    name, data = _read_upload(file_obj)
    return run_import(_new_job(actor, name, data, dry_run=dry_run))
