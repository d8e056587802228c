"""Photos and files attached to a ticket: at intake (R-TKT-4), at the joint survey (R-DSP-2),
before and after the repair (R-DSP-6) and at sign-off.

Files live under ``MEDIA_ROOT/attachments/`` with generated names (never the uploader's file
name) and are served only through views that check the ticket's data scope.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    INTAKE = "intake", _("报事")
    SURVEY = "survey", _("勘察")
    BEFORE = "before", _("维修前")
    AFTER = "after", _("维修后")
    SIGNOFF = "signoff", _("签认")
    OTHER = "other", _("其他")


def _file_path(instance: Attachment, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def _thumb_path(instance: Attachment, filename: str) -> str:
    return f"attachments/thumbs/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Attachment(models.Model):
    SCOPE_PROJECT = "ticket__project_id"
    SCOPE_CUSTOMER = "ticket__customer_id"
    SCOPE_CONTRACTOR = "ticket__contractor_transfers__contractor_id"
    SCOPE_CONTRACTOR_WHERE = {"ticket__contractor_transfers__status__in": ["pending", "accepted"]}

    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name="工单",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    stage = models.CharField("环节", max_length=10, choices=Stage.choices, default=Stage.OTHER)
    file = models.FileField("文件", upload_to=_file_path, max_length=200)
    thumbnail = models.FileField("缩略图", upload_to=_thumb_path, max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")
    width = models.PositiveIntegerField("宽", null=True, blank=True)
    height = models.PositiveIntegerField("高", null=True, blank=True)
    caption = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "stage"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.stage} {self.original_name}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
