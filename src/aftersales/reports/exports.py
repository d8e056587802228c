"""Excel exports run as background tasks (R-RPT-4), with a registry other apps add kinds to.

How an export runs:

1. :func:`start_export` checks the capability and the parameters (the kind's ``validate``, so a
   bad date is refused at once with 422), stores an :class:`ExportJob` and queues
   :func:`aftersales.reports.tasks.run_export_job` once the row is committed.
2. :func:`run_export` claims the job (compare-and-swap pending → running), opens an openpyxl
   workbook in write-only (streaming) mode and hands it to the kind's writer, which reports its
   progress; the file goes under ``MEDIA_ROOT/exports/`` and the job is marked done.
3. Only the job's owner sees it and downloads its file (:func:`job_for`).

Other apps register kinds in their ``AppConfig.ready``::

    from aftersales.reports import exports
    exports.register("weekly", "投诉处理周报", write_weekly, validate=check_weekly)

A writer is ``writer(actor, params, workbook, progress) -> str``: it adds sheets to the
write-only ``workbook``, calls ``progress(done, total)`` now and then, and returns the file's
stem (``"KPI指标"`` → ``KPI指标-20261123.xlsx``). It must read through the data scope of
``actor``, who is the job's owner.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from aftersales.core import audit, excel, scoping
from aftersales.core.errors import Forbidden, Invalid, NotFound, field_error
from aftersales.core.i18n import data_language
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import can, require
from aftersales.reports import kpis
from aftersales.reports.models import ExportJob

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Writer = Callable[[object, dict, Workbook, Progress], str]
Validator = Callable[[object, dict], None]


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: str
    writer: Writer
    validate: Validator | None = None
    capability: str = "reports.export"


_REGISTRY: dict[str, ExportKind] = {}


def register(
    kind: str,
    label: str,
    writer: Writer,
    *,
    validate: Validator | None = None,
    capability: str = "reports.export",
) -> ExportKind:
    """Add (or replace) an export kind."""
    entry = ExportKind(kind, label, writer, validate, capability)
    _REGISTRY[kind] = entry
    return entry


def kinds(user=None) -> list[ExportKind]:
    """The registered kinds (those ``user`` may run, when given)."""
    return [k for k in _REGISTRY.values() if user is None or can(user, k.capability)]


def label_of(kind: str) -> str:
    entry = _REGISTRY.get(kind)
    return entry.label if entry else kind


# --- jobs ----------------------------------------------------------------------------------------


def start_export(actor, kind: str, params: dict | None = None) -> ExportJob:
    """Queue an export of ``kind`` with ``params`` for ``actor``."""
    require(actor, "reports.export")
    entry = _REGISTRY.get(kind)
    if entry is None:
        options = "、".join(_REGISTRY)
        raise field_error("kind", f"未知的导出类型“{kind}”，可选：{options}", code="unknown_kind")
    require(actor, entry.capability)
    params = {str(k): v for k, v in (params or {}).items() if v not in (None, "")}
    if entry.validate:
        entry.validate(actor, params)
    with transaction.atomic():
        job = ExportJob.objects.create(created_by=actor, kind=kind, params=params)
        from aftersales.reports.tasks import run_export_job

        transaction.on_commit(partial(run_export_job.enqueue, job.pk))
    job.refresh_from_db()
    return job


def jobs_of(actor):
    """The actor's own export jobs (see ExportJob.SCOPE_USER); abandoned runs are failed first."""
    fail_abandoned_exports()
    return scoping.visible_to(ExportJob.objects.all(), actor)


def job_for(actor, job_id: int) -> ExportJob:
    """One of the jobs the actor may see (his own); anybody else's is "not found"."""
    require(actor, "reports.export")
    job = scoping.visible_to(ExportJob.objects.filter(pk=job_id), actor).first()
    if job is None:
        raise NotFound("导出任务不存在")
    return job


def download(actor, job_id: int) -> ExportJob:
    job = job_for(actor, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise NotFound("导出文件尚未生成", code="not_ready")
    if not job.file.storage.exists(job.file.name):
        raise NotFound("导出文件已不存在，请重新导出", code="file_missing")
    return job


STALE_ERROR = "导出任务未能完成（后台任务中断或超时），请点击“重新导出”再试一次"


def fail_abandoned_exports(now: dt.datetime | None = None) -> int:
    """Fail exports still queued or running ``EXPORT_STALE_SECONDS`` after they were asked for.

    A worker killed mid-run cannot mark its export failed, so it would show “生成中” for ever.
    The largest export takes a few minutes, so 30 minutes (the default) means it is gone; the
    user starts it again (“重新导出”). Called by the periodic stale-run recovery
    (:data:`aftersales.core.tasks.STALE_RUNS`) and whenever the list is looked at.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.EXPORT_STALE_SECONDS)
    stale = ExportJob.objects.filter(
        status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING], created_at__lt=cutoff
    )
    return stale.update(status=ExportJob.Status.FAILED, finished_at=now, error=STALE_ERROR)


def _finish(job: ExportJob, status: str, **fields) -> None:
    ExportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)


def run_export(job: ExportJob) -> ExportJob:
    """Write the job's workbook (in the task worker, or inline in tests and the CLI)."""
    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        job.refresh_from_db()
        return job
    actor = job.created_by
    entry = _REGISTRY.get(job.kind)
    try:
        if entry is None:
            raise Invalid(f"未知的导出类型“{job.kind}”")
        if not (can(actor, "reports.export") and can(actor, entry.capability)):
            raise Forbidden("申请人已没有导出权限")

        def progress(done: int, total: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(processed=done, total=max(total, done))

        workbook = Workbook(write_only=True)
        with data_language():  # data files are in Chinese, whatever language asked for them
            stem = entry.writer(actor, dict(job.params), workbook, progress)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "export.xlsx"
            workbook.save(path)
            name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
            with path.open("rb") as handle:
                job.file.save(f"export-{job.pk}.xlsx", File(handle), save=False)
        _finish(job, ExportJob.Status.DONE, file=job.file.name, filename=name[:200])
        audit.record(
            actor,
            AuditEntry.Action.EXPORT,
            model="reports.ExportJob",
            object_id=job.pk,
            after={"kind": job.kind, "params": job.params},
            note=f"导出{entry.label}",
        )
    except (Invalid, Forbidden, NotFound) as exc:
        _finish(job, ExportJob.Status.FAILED, error=exc.detail)
    except Exception as exc:
        logger.exception("export job %s failed", job.pk)
        _finish(job, ExportJob.Status.FAILED, error=f"导出失败（{type(exc).__name__}），请重试")
    job.refresh_from_db()
    return job


# --- the reports app's own kinds ---------------------------------------------------------------


def _bold(ws, values: list) -> list:
    cells = []
    for v in values:
        cell = excel.cell(ws, v)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _value_cell(ws, value, unit: str):
    cell = excel.cell(ws, value)
    if unit == "rate" and value is not None:
        cell.number_format = "0.00%"
    return cell


def _filters_text(f: kpis.Filters) -> str:
    cut = f.cut()
    return "；".join(f"{k}={v}" for k, v in cut.items()) or "全部（本人数据范围内）"


def _validate_kpis(actor, params: dict) -> None:
    kpis.parse_filters(actor, params)


def write_kpis(actor, params: dict, workbook: Workbook, progress: Progress) -> str:
    """The KPI table with definitions and counts, plus the monthly trend (same numbers as the
    dashboard and ``GET /reports/kpis``)."""
    f = kpis.parse_filters(actor, params)
    result = kpis.compute(actor, f)
    progress(1, 2)
    ws = workbook.create_sheet("KPI指标")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["F"].width = 80
    ws.append(["统计期间", f"{f.period.start} 至 {f.period.end}"])
    ws.append(excel.row(["筛选条件", _filters_text(f)]))
    ws.append([])
    ws.append(_bold(ws, ["指标", "数值", "目标", "分子", "分母", "定义", "编码"]))
    for m in kpis.METRICS:
        counts = result["counts"].get(m.code, {})
        value = result[m.code]
        ws.append(
            [
                m.label,
                _value_cell(ws, value, m.unit),
                _value_cell(ws, m.goal, "rate"),
                counts.get("numerator"),
                counts.get("denominator"),
                m.definition,
                m.code,
            ]
        )
    trend = kpis.breakdown(actor, f, "month")
    ws2 = workbook.create_sheet("按月趋势")
    ws2.append(_bold(ws2, ["月份", *[m.label for m in kpis.METRICS]]))
    for row in trend:
        ws2.append([row["label"], *[_value_cell(ws2, row[m.code], m.unit) for m in kpis.METRICS]])
    progress(2, 2)
    return "KPI指标"


TICKET_COLUMNS = [
    ("number", "编号"),
    ("kind", "类型"),
    ("status", "状态"),
    ("project__name", "项目"),
    ("house__label", "房屋"),
    ("public_area", "公共区域"),
    ("category", "类别"),
    ("component", "保修部位"),
    ("urgency", "紧急程度"),
    ("severity", "投诉级别"),
    ("occurred_at", "登记时间"),
    ("assignee__name", "处理人"),
    ("closed_at", "关闭时间"),
    ("reopen_count", "重开次数"),
    ("description", "描述"),
]


def _validate_tickets(actor, params: dict) -> None:
    f = kpis.parse_filters(actor, params)
    kpis.drill(actor, f, params.get("metric") or "tickets", params.get("part") or "all")


def write_tickets(actor, params: dict, workbook: Workbook, progress: Progress) -> str:
    """The tickets behind a number (the drill-down list with the same filters), streamed."""
    from aftersales.tickets.choices import Category, Kind, Severity, Status, Urgency

    f = kpis.parse_filters(actor, params)
    qs = kpis.drill(actor, f, params.get("metric") or "tickets", params.get("part") or "all")
    labels = {
        name: {code: str(label) for code, label in choices.choices}
        for name, choices in (
            ("kind", Kind),
            ("status", Status),
            ("category", Category),
            ("urgency", Urgency),
            ("severity", Severity),
        )
    }
    total = qs.count()
    progress(0, total)
    ws = workbook.create_sheet("工单清单")
    ws.append(["统计期间", f"{f.period.start} 至 {f.period.end}"])
    ws.append(excel.row(["筛选条件", _filters_text(f)]))
    ws.append(_bold(ws, [label for _, label in TICKET_COLUMNS]))
    fields = [name for name, _ in TICKET_COLUMNS]
    rows = qs.order_by("-id").values_list(*fields)
    done = 0
    for row in rows.iterator(chunk_size=2000):
        out = []
        for name, value in zip(fields, row, strict=True):
            if name in labels:
                value = labels[name].get(value, value)
            elif hasattr(value, "tzinfo") and value is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            out.append(value)
        ws.append(excel.row(out))
        done += 1
        if done % 2000 == 0:
            progress(done, total)
    progress(done, total)
    return "工单清单"


register("kpis", "KPI 指标表", write_kpis, validate=_validate_kpis)
register("tickets", "工单清单", write_tickets, validate=_validate_tickets)
