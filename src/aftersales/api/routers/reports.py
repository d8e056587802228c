"""API of 统计报表: KPIs, breakdowns for the charts, and background Excel exports (R-RPT-1/4)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.http import content_disposition_header
from ninja import Field, Router, Schema, Status

from aftersales.api.types import Id, LocalDateTime
from aftersales.core.http import XLSX
from aftersales.core.permissions import require
from aftersales.reports import exports, kpis

router = Router(tags=["统计报表"])

FILTER_DOC = (
    "start/end：YYYY-MM-DD（含两端，北京时间；缺省为最近 12 个月）；可选维度 project、building、"
    "category、component、team（部门 id）、technician（处理人 id）、contractor（施工单位 id）。"
)


def _filters(request):
    require(request.auth, "reports.view")
    return kpis.parse_filters(request.auth, request.GET)


class Count2(Schema):
    numerator: int | None
    denominator: int


class KpisOut(Schema):
    start: str
    end: str
    filters: dict[str, Any]
    tickets: int
    satisfaction_rate: float | None
    resolution_rate: float | None
    response_rate_24h: float | None
    callback_rate: float | None
    on_time_completion_rate: float | None
    first_time_fix_rate: float | None
    quality_pass_rate: float | None
    complaints_per_1000_households: float | None
    handling_hours_mean: float | None
    handling_hours_p90: float | None
    counts: dict[str, Count2]


@router.get(
    "/reports/kpis",
    response=KpisOut,
    summary="KPI 指标",
    description="比率为 0–1 的数字，无可统计对象时为 null；counts 给出每个比率的分子与分母。"
    + FILTER_DOC,
)
def get_kpis(
    request,
    start: str = "",
    end: str = "",
    project: str = "",
    building: str = "",
    category: str = "",
    component: str = "",
    team: str = "",
    technician: str = "",
    contractor: str = "",
):
    return kpis.compute(request.auth, _filters(request))


class BreakdownRow(Schema):
    key: Any
    label: str
    tickets: int
    satisfaction_rate: float | None
    resolution_rate: float | None
    response_rate_24h: float | None
    callback_rate: float | None
    on_time_completion_rate: float | None
    first_time_fix_rate: float | None
    quality_pass_rate: float | None
    complaints_per_1000_households: float | None
    handling_hours_mean: float | None
    handling_hours_p90: float | None
    counts: dict[str, Count2]


class BreakdownOut(Schema):
    by: str
    start: str
    end: str
    results: list[BreakdownRow]


@router.get(
    "/reports/breakdown",
    response=BreakdownOut,
    summary="KPI 分组（图表用）",
    description="by：project、building、category、component、technician、month。" + FILTER_DOC,
)
def get_breakdown(
    request,
    by: str = "month",
    start: str = "",
    end: str = "",
    project: str = "",
    building: str = "",
    category: str = "",
    component: str = "",
    team: str = "",
    technician: str = "",
    contractor: str = "",
):
    f = _filters(request)
    rows = kpis.breakdown(request.auth, f, by)
    return {
        "by": by,
        "start": f.period.start.isoformat(),
        "end": f.period.end.isoformat(),
        "results": rows,
    }


class Definition(Schema):
    code: str
    label: str
    definition: str
    unit: str
    goal: float | None


@router.get("/reports/definitions", response=list[Definition], summary="KPI 定义")
def get_definitions(request):
    require(request.auth, "reports.view")
    return kpis.definitions()


# --- exports -------------------------------------------------------------------------------------


class ExportIn(Schema):
    kind: str = Field(..., description="导出类型：kpis（KPI 指标表）、tickets（工单清单）等")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="筛选条件，与 /reports/kpis 相同；tickets 另可给 metric 与 part",
    )


class ExportOut(Schema):
    id: int
    kind: str
    label: str
    params: dict[str, Any]
    status: str
    progress: int
    total: int
    processed: int
    filename: str
    error: str
    download_url: str | None
    created_at: LocalDateTime
    finished_at: LocalDateTime | None

    @staticmethod
    def resolve_label(obj) -> str:
        return exports.label_of(obj.kind)

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        if obj.status != obj.Status.DONE:
            return None
        return f"/api/v1/exports/{obj.pk}/download"


@router.post("/exports", response={202: ExportOut}, summary="新建导出任务（后台生成 Excel）")
def create_export(request, payload: ExportIn):
    job = exports.start_export(request.auth, payload.kind, payload.params)
    return Status(202, job)


@router.get("/exports", response=list[ExportOut], summary="我的导出任务")
def list_exports(request):
    require(request.auth, "reports.export")
    return list(exports.jobs_of(request.auth)[:50])


@router.get("/exports/{job_id}", response=ExportOut, summary="导出任务状态")
def get_export(request, job_id: Id):
    return exports.job_for(request.auth, job_id)


@router.get("/exports/{job_id}/download", summary="下载导出文件", response={200: None})
def download_export(request, job_id: Id):
    job = exports.download(request.auth, job_id)
    response = FileResponse(job.file.open("rb"), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    return response
