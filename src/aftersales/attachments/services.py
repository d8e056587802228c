"""Attaching photos and files to tickets (R-TKT-4 intake photos, R-DSP-2 survey photos,
R-DSP-6 before/after repair photos); the web screens and the API both call these functions.

Rules:

* only pictures (JPEG, PNG, WebP, HEIC) and PDF files; the type is read from the file's own
  bytes (and, for pictures other than HEIC, by decoding it with Pillow), never trusted from
  the file name or the browser;
* at most ``ATTACHMENT_MAX_BYTES`` per file and ``ATTACHMENT_MAX_PER_TICKET`` per ticket;
* a photo's GPS position is removed (photos are taken inside customers' homes) and its
  orientation applied; a small JPEG thumbnail is kept for the ticket page;
* whoever may handle tickets of the project may add; the uploader or a manager
  (``attachments.manage``) may delete; a closed ticket's attachments are final.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from aftersales.attachments.models import Attachment, Stage
from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, Forbidden, Invalid, NotFound
from aftersales.core.permissions import can, require
from aftersales.tickets import services as tickets
from aftersales.tickets.choices import Status
from aftersales.tickets.models import Ticket

log = logging.getLogger(__name__)

THUMB_SIZE = (360, 360)
# Pictures larger than this (in pixels) are refused rather than decoded.
MAX_PIXELS = 60_000_000
GPS_IFD = 0x8825
ORIENTATION = 0x0112
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
}
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,.heic,application/pdf"
AUDITED = ["ticket", "stage", "original_name", "content_type", "size", "caption"]


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def max_per_ticket() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_PER_TICKET", 60))


@dataclass
class Checked:
    """An upload that passed the checks, ready to be stored."""

    name: str
    content_type: str
    data: bytes
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return "image/heic"
    if head[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _name(upload: Any) -> str:
    name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.strip()[:200] or "file"


def _read(upload: Any, field: str) -> bytes:
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise _too_large(upload, field, limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(upload, field, limit)
    if not data:
        raise Invalid(f"文件“{_name(upload)}”是空的", code="empty_file", fields={field: ["空文件"]})
    return data


def _too_large(upload: Any, field: str, limit: int) -> Invalid:
    mb = f"{limit / 1024 / 1024:g}"
    message = f"文件“{_name(upload)}”超过 {mb} MB"
    return Invalid(message, code="file_too_large", fields={field: [message]})


def _picture(data: bytes, content_type: str, name: str, field: str) -> Checked:
    """Decode a picture with Pillow: proves it is one, drops its GPS tags, makes a thumbnail."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    formats = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
    bad = Invalid(
        f"文件“{name}”不是有效的图片", code="invalid_image", fields={field: ["不是有效的图片"]}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[formats[content_type]])
            if image.width * image.height > MAX_PIXELS:
                raise Invalid(
                    f"图片“{name}”像素过大",
                    code="image_too_large",
                    fields={field: ["图片像素过大"]},
                )
            image.load()
    except Invalid:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise bad from exc
    exif = image.getexif()
    if content_type in ("image/jpeg", "image/webp") and (
        exif.get(GPS_IFD) is not None or exif.get(ORIENTATION, 1) != 1
    ):
        # Re-encode: orientation applied to the pixels, GPS position removed.
        upright = ImageOps.exif_transpose(image) or image
        exif.pop(GPS_IFD, None)
        exif.pop(ORIENTATION, None)
        out = io.BytesIO()
        options: dict[str, Any] = {"exif": exif.tobytes(), "quality": 92}
        if content_type == "image/jpeg":
            upright = upright.convert("RGB") if upright.mode not in ("RGB", "L") else upright
        upright.save(out, format=formats[content_type], **options)
        data, image = out.getvalue(), upright
    thumb = ImageOps.exif_transpose(image) or image
    thumb = thumb.copy()
    thumb.thumbnail(THUMB_SIZE)
    if thumb.mode not in ("RGB", "L"):
        background = Image.new("RGB", thumb.size, "white")
        rgba = thumb.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        thumb = background
    out = io.BytesIO()
    thumb.save(out, format="JPEG", quality=80)
    return Checked(name, content_type, data, out.getvalue(), image.width, image.height)


def check_upload(upload: Any, field: str = "file") -> Checked:
    """Read one uploaded file and check it (size, real type); raises Invalid."""
    data = _read(upload, field)
    name = _name(upload)
    content_type = sniff(data[:2048])
    if content_type is None:
        message = f"文件“{name}”的类型不支持，只能上传 JPEG、PNG、WebP、HEIC 图片或 PDF"
        raise Invalid(message, code="unsupported_type", fields={field: [message]})
    if content_type in ("image/jpeg", "image/png", "image/webp"):
        return _picture(data, content_type, name, field)
    if content_type == "application/pdf" and b"%%EOF" not in data[-2048:]:
        message = f"文件“{name}”不是完整的 PDF"
        raise Invalid(message, code="invalid_pdf", fields={field: [message]})
    return Checked(name, content_type, data)


def check_uploads(ticket: Ticket | None, uploads: list, field: str = "file") -> list[Checked]:
    """Check several files before anything is saved (the intake and action forms use this
    before they register the ticket or take the action, so a bad photo stops both)."""
    checked = [check_upload(upload, field) for upload in uploads]
    if ticket is not None and checked:
        check_room(ticket, len(checked), field)
    elif len(checked) > max_per_ticket():
        raise _too_many(field)
    return checked


def _too_many(field: str) -> Invalid:
    message = f"每张工单最多 {max_per_ticket()} 个附件"
    return Invalid(message, code="too_many_attachments", fields={field: [message]})


def check_room(ticket: Ticket, adding: int, field: str) -> None:
    if ticket.status == Status.CLOSED:
        raise Conflict("工单已关闭，附件不能再增删", code="ticket_closed")
    if Attachment.objects.filter(ticket=ticket).count() + adding > max_per_ticket():
        raise _too_many(field)


def _stage(value: Any) -> str:
    value = str(value or Stage.OTHER).strip()
    if value not in Stage.values:
        options = "、".join(f"{code}（{label}）" for code, label in Stage.choices)
        message = f"环节“{value}”无效，可选：{options}"
        raise Invalid(message, code="invalid", fields={"stage": [message]})
    return value


def ticket_for(actor, ticket: Ticket | int) -> Ticket:
    """The ticket if the actor may see it (NotFound otherwise: existence is not revealed)."""
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    found = scoping.visible_to(Ticket.objects.filter(pk=ticket_id), actor).first()
    if found is None:
        raise NotFound("工单不存在或不在您的数据范围内")
    return found


def add_attachments(
    actor,
    ticket: Ticket | int,
    uploads: list,
    *,
    stage: Any = Stage.OTHER,
    caption: str = "",
    checked: list[Checked] | None = None,
    field: str = "file",
) -> list[Attachment]:
    """Attach files to a ticket in one transaction: all of them or none."""
    if not can(actor, "attachments.add"):
        require(actor, "attachments.add_own")
    stage = _stage(stage)
    caption = str(caption or "").strip()[:200]
    target = ticket_for(actor, ticket)
    if checked is None:
        checked = [check_upload(upload, field) for upload in uploads]
    if not checked:
        raise Invalid("请选择要上传的文件", code="required", fields={field: ["请选择文件"]})
    saved_files: list = []
    try:
        with transaction.atomic():
            locked = tickets.link(actor, target.pk)
            check_room(locked, len(checked), field)
            created = []
            for item in checked:
                attachment = Attachment(
                    ticket=locked,
                    stage=stage,
                    original_name=item.name,
                    content_type=item.content_type,
                    size=len(item.data),
                    width=item.width,
                    height=item.height,
                    caption=caption,
                    uploaded_by=actor,
                )
                extension = EXTENSIONS[item.content_type]
                attachment.file.save(f"f.{extension}", ContentFile(item.data), save=False)
                saved_files.append(attachment.file)
                if item.thumbnail:
                    attachment.thumbnail.save("t.jpg", ContentFile(item.thumbnail), save=False)
                    saved_files.append(attachment.thumbnail)
                attachment.save()
                audit.record(actor, "create", attachment, after=audit.snapshot(attachment, AUDITED))
                created.append(attachment)
    except BaseException:
        for stored in saved_files:  # files written for a transaction that did not commit
            _remove(stored)
        raise
    return created


def add_attachment(
    actor, ticket: Ticket | int, upload: Any, *, stage: Any = Stage.OTHER, caption: str = ""
) -> Attachment:
    """Attach one file (the API's ``POST /tickets/{id}/attachments``)."""
    if upload is None:
        raise Invalid("请选择要上传的文件", code="required", fields={"file": ["请选择文件"]})
    return add_attachments(actor, ticket, [upload], stage=stage, caption=caption)[0]


def attachments_for(actor, ticket: Ticket | int):
    """The attachments of a ticket the actor may see, oldest first."""
    target = ticket_for(actor, ticket)
    return target.attachments.select_related("uploaded_by").order_by("created_at", "id")


def attachment_for(actor, attachment_id: int) -> Attachment:
    found = (
        scoping.visible_to(Attachment.objects.select_related("ticket"), actor)
        .filter(pk=attachment_id)
        .first()
    )
    if found is None:
        raise NotFound("附件不存在或不在您的数据范围内")
    return found


def may_delete(actor, attachment: Attachment) -> bool:
    if attachment.ticket.status == Status.CLOSED:
        return False
    if can(actor, "attachments.manage"):
        return True
    return attachment.uploaded_by_id == actor.pk and can(actor, "attachments.add")


def delete_attachment(actor, attachment_id: int) -> Ticket:
    """Remove an attachment: its uploader or a manager, while the ticket is open."""
    attachment = attachment_for(actor, attachment_id)
    with transaction.atomic():
        locked = tickets.link(actor, attachment.ticket_id, "附件不存在或不在您的数据范围内")
        attachment = Attachment.objects.select_related("ticket").filter(pk=attachment.pk).first()
        if attachment is None:
            raise NotFound("附件不存在或不在您的数据范围内")
        if locked.status == Status.CLOSED:
            raise Conflict("工单已关闭，附件不能再增删", code="ticket_closed")
        if not may_delete(actor, attachment):
            raise Forbidden("只有上传人或售后负责人可以删除附件")
        before = audit.snapshot(attachment, AUDITED)
        files = [attachment.file, attachment.thumbnail]
        audit.record(actor, "delete", attachment, before=before)
        attachment.delete()
        transaction.on_commit(lambda: [_remove(f) for f in files])
    return locked


def _remove(stored) -> None:
    if stored and stored.name:
        try:
            stored.storage.delete(stored.name)
        except OSError:  # a missing file is no reason to fail the request
            log.warning("could not delete %s", stored.name)


def default_stage(ticket: Ticket) -> Stage:
    """The stage a new photo most likely belongs to, from the ticket's status."""
    return {
        Status.REGISTERED: Stage.INTAKE,
        Status.DISPATCHED: Stage.SURVEY,
        Status.SURVEYED: Stage.BEFORE,
        Status.IN_PROGRESS: Stage.AFTER,
        Status.AWAITING_SIGNOFF: Stage.SIGNOFF,
    }.get(ticket.status, Stage.OTHER)
