"""Roster import (R-EST-3): upload, dry run, row-level report, apply."""

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from aftersales.api.types import Id, LocalDateTime
from aftersales.core.errors import NotFound
from aftersales.core.http import XLSX, xlsx_response
from aftersales.estates import importer, selectors
from aftersales.estates.models import ImportJob

router = Router(tags=["导入"])


class RowError(Schema):
    row: int | None = None
    column: str = ""
    message: str


class ImportJobOut(Schema):
    id: int
    filename: str
    dry_run: bool
    status: str
    total_rows: int
    processed_rows: int
    percent: int
    errors: list[RowError]
    summary: dict
    created_at: LocalDateTime
    finished_at: LocalDateTime | None


def _job(request, job_id: Id) -> ImportJob:
    job = selectors.import_jobs_for(request.auth).filter(pk=job_id).first()
    if job is None:
        raise NotFound("导入任务不存在")
    return job


@router.post("/imports", response={202: ImportJobOut}, summary="上传花名册（Excel）")
def upload(request, file: File[UploadedFile], dry_run: Form[bool] = True):
    """Queues the import; poll ``GET /imports/{id}`` for progress and the row-by-row report."""
    job = importer.start_import(request.auth, file, dry_run=dry_run)
    job.refresh_from_db()
    return Status(202, job)


@router.get(
    "/imports/template",
    summary="花名册模板",
    openapi_extra={"responses": {200: {"content": {XLSX: {}}}}},
)
def template(request):
    return xlsx_response(importer.roster_template_bytes(), "花名册导入模板.xlsx")


@router.get("/imports/{job_id}", response=ImportJobOut, summary="导入进度与结果")
def get_job(request, job_id: Id):
    return _job(request, job_id)


@router.post(
    "/imports/{job_id}/apply", response={202: ImportJobOut}, summary="确认导入（校验通过后）"
)
def apply(request, job_id: Id):
    job = importer.apply_job(request.auth, _job(request, job_id))
    job.refresh_from_db()
    return Status(202, job)
