"""Cross-domain records: the working calendar, the audit trail and API idempotency."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkCalendarDay(models.Model):
    """One day of the mainland China working calendar (R-CAL-1).

    A day without a row counts Monday–Friday as working days; a year counts as *scheduled*
    once every one of its days has a row (seeded from ``chinesecalendar`` or entered by an
    administrator from the State Council's notice).
    """

    SCOPE_GLOBAL = True  # reference data: the working calendar

    class Source(models.TextChoices):
        OFFICIAL = "official", "官方安排"
        ADMIN = "admin", "管理员调整"

    date = models.DateField("日期", primary_key=True)
    workday = models.BooleanField("工作日")
    name = models.CharField("名称", max_length=40, blank=True, help_text="节假日或调休名称")
    source = models.CharField(
        "来源", max_length=10, choices=Source.choices, default=Source.OFFICIAL
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.workday else '休息日'} {self.name}".strip()


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk ``update`` and ``delete`` are refused: the trail is append-only."""

    def update(self, **kwargs):
        raise RuntimeError("audit entries are append-only")

    def delete(self):
        raise RuntimeError("audit entries are append-only")


class AuditEntry(models.Model):
    """Append-only trail of changes, approvals and personal-data reveals (R-ORG-4).

    Rows are written only through :func:`aftersales.core.audit.record`; ``save`` refuses to
    update an existing row and ``delete`` is refused, so the trail cannot be rewritten through
    the ORM.
    """

    # Staff of the project of the record described; entries of no project: central staff.
    SCOPE_PROJECT = "project_id"

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        REVEAL = "reveal", "查看敏感信息"
        VIEW = "view", "查阅档案"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        APPROVE = "approve", "审批"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    occurred_at = models.DateTimeField("实际发生时间", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("动作", max_length=20, choices=Action.choices)
    model = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    # The project of the record described (its SCOPE_PROJECT path, when that names one
    # project); a plain number, as the core knows no project model.
    project_id = models.BigIntegerField("项目", null=True, blank=True, db_index=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit entries are append-only")


class IdempotencyRecord(models.Model):
    """The first answer to a POST carrying an ``Idempotency-Key`` (api.md conventions)."""

    SCOPE_SYSTEM = True

    user_key = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # When the running request took the key; an unfinished claim older than
    # IDEMPOTENCY_CLAIM_SECONDS is free again (its request is gone).
    claimed_at = models.DateTimeField(default=timezone.now)
    # Whom the stored answer was given to: user id, roles and data scope (replay re-checks them).
    door = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_key", "key"], name="uniq_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.key


class Counter(models.Model):
    """A named counter row, locked in the transaction that takes the next value (gap-free)."""

    SCOPE_SYSTEM = True

    name = models.CharField(max_length=80, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
