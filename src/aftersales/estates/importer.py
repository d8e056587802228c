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
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.core import audit
from aftersales.core.errors import Conflict, Invalid
from aftersales.core.i18n import data_language
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import can, require
from aftersales.estates.choices import Finish, HouseStatus
from aftersales.estates.exporter import roster_template_bytes
from aftersales.estates.models import Building, Customer, CustomerHouse, House, ImportJob, Project
from aftersales.estates.roster import (
    BATCH,
    HOUSE_ATTRS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    PROGRESS_EVERY,
    FileCustomer,
    RosterRow,
    RosterValidator,
    chunks,
    header_positions,
    open_sheet,
    row_error,
    sheet_rows,
)
from aftersales.estates.services import (
    _floor,
    initials_of,
    sync_has_house,
)

__all__ = ["apply_job", "roster_template_bytes", "run_import", "run_import_sync", "start_import"]

logger = logging.getLogger(__name__)
Status = ImportJob.Status


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
        sync_has_house(link.customer_id for link in self.new_links)
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
            for chunk in chunks(sorted(values)):
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
        for chunk in chunks(house_ids):
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
    "id_birth_md",
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


def fail_abandoned_jobs(now: dt.datetime | None = None) -> int:
    """Mark jobs still pending or running long after upload as failed.

    A job whose worker was killed outright (machine restart, OOM) would otherwise show
    “处理中” forever; the largest roster takes a few minutes, so ``IMPORT_STALE_SECONDS``
    (30 minutes by default) means it is gone. Called by the periodic stale-run recovery
    (:data:`aftersales.core.tasks.STALE_RUNS`) and whenever the jobs are looked at.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    stale = ImportJob.objects.filter(
        status__in=[Status.PENDING, Status.RUNNING], created_at__lt=cutoff
    )
    return stale.update(
        status=Status.FAILED,
        finished_at=now,
        errors=_job_error("导入任务未能完成（后台任务中断或未运行），请重新上传"),
    )


def _job_error(message: str) -> list[dict]:
    """An error of the whole file or job, not of one row."""
    return [row_error(None, "", message)]


def _progress(job: ImportJob, processed: int, estimate: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=processed, total_rows=max(estimate, processed)
    )


@data_language()
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
        workbook, sheet, estimate = open_sheet(data)
    except (OSError, Invalid) as exc:
        message = exc.detail if isinstance(exc, Invalid) else "找不到上传的文件，请重新上传"
        _finish(job, Status.INVALID, _job_error(message), total=0)
        return
    try:
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        positions, header_errors = header_positions(header)
        if header_errors:
            _finish(job, Status.INVALID, header_errors, total=0)
            return
        _progress(job, 0, estimate)
        validator = RosterValidator(actor)
        for number, values in sheet_rows(sheet, positions):
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


def _check_and_apply(job: ImportJob, validator: RosterValidator) -> None:
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


@data_language()
def start_import(actor, uploaded_file, *, dry_run: bool) -> ImportJob:
    """Store an uploaded roster and queue its import (or its dry run)."""
    require(actor, "estates.import")
    name, data = _read_upload(uploaded_file)
    with transaction.atomic():
        job = _new_job(actor, name, data, dry_run=dry_run)
        _enqueue(job)
    job.refresh_from_db()
    return job


@data_language()
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
