"""API of 附件 (photos and files of tickets) and the dispatch suggestions (派工)."""

from typing import Annotated

from django.http import FileResponse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from aftersales.api.types import Id, LocalDateTime
from aftersales.attachments import services
from aftersales.attachments.models import Attachment, Stage
from aftersales.core import scoping
from aftersales.core.errors import Forbidden, NotFound
from aftersales.tickets import dispatching, workflow

router = Router(tags=["附件"])
STAGES = "、".join(f"{code}（{label}）" for code, label in Stage.choices)


def _names_shown(obj: Attachment, context) -> bool:
    """Staff see who uploaded a file; an owner only when it was himself (R-SS-1)."""
    user = getattr((context or {}).get("request"), "auth", None)
    return user is None or scoping.is_staff_user(user) or obj.uploaded_by_id == user.pk


class AttachmentOut(Schema):
    id: int
    ticket: int
    stage: str
    caption: str
    original_name: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    uploaded_by: int | None
    uploaded_by_name: str
    created_at: LocalDateTime
    file_url: str
    thumbnail_url: str | None

    @staticmethod
    def resolve_ticket(obj: Attachment) -> int:
        return obj.ticket_id

    @staticmethod
    def resolve_uploaded_by(obj: Attachment, context) -> int | None:
        return obj.uploaded_by_id if _names_shown(obj, context) else None

    @staticmethod
    def resolve_uploaded_by_name(obj: Attachment, context) -> str:
        shown = obj.uploaded_by_id and _names_shown(obj, context)
        return obj.uploaded_by.display_name if shown else ""

    @staticmethod
    def resolve_file_url(obj: Attachment) -> str:
        return f"/api/v1/attachments/{obj.pk}/file"

    @staticmethod
    def resolve_thumbnail_url(obj: Attachment) -> str | None:
        return f"/api/v1/attachments/{obj.pk}/thumbnail" if obj.thumbnail else None


@router.post(
    "/tickets/{ticket_id}/attachments",
    response={201: AttachmentOut},
    summary="上传工单附件（照片或 PDF）",
    description=(
        "multipart/form-data：file（JPEG、PNG、WebP、HEIC 图片或 PDF，按文件内容识别类型）、"
        f"stage（{STAGES}；默认 other）、caption。单个文件大小与每张工单的附件数有上限（422）；"
        "已关闭的工单不能再上传（409）。"
    ),
)
def upload(
    request,
    ticket_id: Id,
    file: File[UploadedFile | None] = None,
    stage: Form[str] = Stage.OTHER,
    caption: Form[str] = "",
):
    attachment = services.add_attachment(
        request.auth, ticket_id, file, stage=stage, caption=caption
    )
    return Status(201, attachment)


@router.get(
    "/tickets/{ticket_id}/attachments",
    response=list[AttachmentOut],
    summary="工单附件列表",
)
def list_attachments(request, ticket_id: Id, stage: str = ""):
    qs = services.attachments_for(request.auth, ticket_id)
    return list(qs.filter(stage=stage) if stage else qs)


@router.get("/attachments/{attachment_id}", response=AttachmentOut, summary="附件详情")
def get_attachment(request, attachment_id: Id):
    return services.attachment_for(request.auth, attachment_id)


def _file(attachment: Attachment, thumbnail: bool = False) -> FileResponse:
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise NotFound("附件没有缩略图" if thumbnail else "附件文件不存在")
    try:
        handle = stored.open("rb")
    except OSError as exc:
        raise NotFound("附件文件不存在") from exc
    response = FileResponse(
        handle,
        content_type="image/jpeg" if thumbnail else attachment.content_type,
        as_attachment=not attachment.is_image and attachment.content_type != "application/pdf",
        filename=attachment.original_name or None,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@router.get(
    "/attachments/{attachment_id}/file",
    summary="下载附件文件",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "文件内容",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def attachment_file(request, attachment_id: Id):
    return _file(services.attachment_for(request.auth, attachment_id))


@router.get(
    "/attachments/{attachment_id}/thumbnail",
    summary="附件缩略图（JPEG）",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "缩略图",
                "content": {"image/jpeg": {"schema": {"type": "string"}}},
            }
        }
    },
)
def attachment_thumbnail(request, attachment_id: Id):
    return _file(services.attachment_for(request.auth, attachment_id), thumbnail=True)


@router.delete(
    "/attachments/{attachment_id}",
    response={204: None},
    summary="删除附件（上传人或售后负责人；工单关闭后不可删）",
)
def delete_attachment(request, attachment_id: Id):
    services.delete_attachment(request.auth, attachment_id)
    return Status(204, None)


# --- dispatch suggestions (R-DSP-1) ------------------------------------------------------------


class SuggestionOut(Schema):
    id: int
    username: str
    name: str
    trades: list[str]
    matched_trades: list[str]
    trade_match: int
    open_count: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_trades(obj) -> list[str]:
        return [t for t in (obj.trades or []) if isinstance(t, str)]


@router.get(
    "/tickets/{ticket_id}/suggested-technicians",
    response=list[SuggestionOut],
    tags=["派工"],
    summary="派工推荐：按工种匹配、在办工单数和项目排序",
    description=(
        "trade_match：2 工种对口，1 综合维修，0 其他；open_count：在办工单数。"
        "只有可以派工的角色可以调用。"
    ),
)
def suggested_technicians(request, ticket_id: Id, limit: Annotated[int, Field(ge=1, le=100)] = 10):
    user = request.auth
    ticket = services.ticket_for(user, ticket_id)
    if not scoping.is_staff_user(user):
        raise NotFound("工单不存在或不在您的数据范围内")
    allowed = workflow.roles_for("dispatch", ticket.kind)
    if not (user.is_superuser or user.role_codes() & allowed):
        raise Forbidden("您的角色不能派工")
    return dispatching.suggest_technicians(ticket, max(1, min(limit, 100)))
