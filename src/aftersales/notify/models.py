"""Notification templates and the record of every message (R-NTF-1, R-NTF-2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("站内消息")
    SMS = "sms", _("短信")
    EMAIL = "email", _("邮件")


class NotificationTemplate(models.Model):
    """A message text an administrator can edit; ``{placeholders}`` are filled from context."""

    SCOPE_GLOBAL = True

    code = models.CharField("编码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "消息模板"
        verbose_name_plural = "消息模板"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """One message to one recipient on one channel; kept whether or not it could be sent."""

    SCOPE_USER = "recipient_id"  # its recipient only

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    address = models.CharField("手机号/邮箱", max_length=200, blank=True)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    template = models.CharField("模板", max_length=60)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    params = models.JSONField("模板参数", default=dict, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name="工单",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField("去重键", max_length=120, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    error = models.CharField("错误", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            # A message with a key (e.g. "deadline 17 at risk") exists once per recipient/channel,
            # so a periodic job run twice, or on two workers at once, sends it once.
            models.UniqueConstraint(
                fields=["key", "recipient", "channel"],
                condition=~models.Q(key=""),
                name="uniq_notification_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.subject}"
