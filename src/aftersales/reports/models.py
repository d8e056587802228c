"""Report facts (one row per ticket, kept current) and background export jobs (R-RPT-1, R-RPT-4).

:class:`TicketFact` is a projection of a ticket's history onto the few moments the KPIs count
(registration, first response, last sign-off, close, first completion check). It is rebuilt for
one ticket after every event of that ticket (:mod:`aftersales.reports.facts`), so the KPI queries
read one narrow indexed table instead of walking events, deadlines and callbacks of a million
tickets. It holds nothing that is not derived from the ticket tables, and can be rebuilt at any
time (``aftersales rebuild-report-facts``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The columns each KPI source reads, carried in its indexes on PostgreSQL.
REGISTERED = [
    "kind",
    "merged",
    "response_seconds",
    "closed_at",
    "handling_seconds",
    "first_check_passed",
]
SIGNED_OFF = ["kind", "merged", "completion_on_time", "called_back"]
CLOSED = ["kind", "merged", "reopen_count"]
CALLBACKS = ["satisfied", "merged"]


class TicketFact(models.Model):
    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"
    SCOPE_CONTRACTOR = "ticket__contractor_transfers__contractor_id"
    SCOPE_CONTRACTOR_WHERE = {"ticket__contractor_transfers__status__in": ["pending", "accepted"]}

    ticket = models.OneToOneField(
        "tickets.Ticket",
        verbose_name="工单",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="report_fact",
    )
    # Cuts (copied from the ticket; db_constraint off: the ticket's own keys guard them).
    project = models.ForeignKey(
        "estates.Project",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    building = models.ForeignKey(
        "estates.Building",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    customer = models.ForeignKey(
        "estates.Customer",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=20)
    category = models.CharField("类别", max_length=20, blank=True)
    component = models.CharField("保修部位", max_length=40, blank=True)
    severity = models.CharField("投诉级别", max_length=10, blank=True)
    merged = models.BooleanField("已合并", default=False)
    # Moments and outcomes.
    registered_at = models.DateTimeField("登记时间")
    response_seconds = models.IntegerField("首次响应用时(秒)", null=True)
    closed_at = models.DateTimeField("关闭时间", null=True)
    handling_seconds = models.IntegerField("处理用时(秒)", null=True)
    reopen_count = models.PositiveSmallIntegerField("重开次数", default=0)
    signed_off_at = models.DateTimeField("签认时间（最后一次）", null=True)
    completion_on_time = models.BooleanField("完工时限达成", null=True)
    called_back = models.BooleanField("签认后已回访", default=False)
    first_check_passed = models.BooleanField("首次竣工检查通过", null=True)

    class Meta:
        verbose_name = "工单统计事实"
        verbose_name_plural = "工单统计事实"
        # On PostgreSQL migration 0002 turns these into covering indexes (INCLUDE the columns above),
        # so each source of the KPIs (registered / signed off / closed in a period), for all
        # projects or one, is an index-only scan.
        indexes = [
            models.Index(fields=["registered_at"], name="fact_registered"),
            models.Index(
                fields=["project", "registered_at"],
                name="fact_project_registered",
            ),
            models.Index(fields=["signed_off_at"], name="fact_signed_off"),
            models.Index(
                fields=["project", "signed_off_at"],
                name="fact_project_signed_off",
            ),
            models.Index(fields=["closed_at"], name="fact_closed"),
            models.Index(fields=["project", "closed_at"], name="fact_project_closed"),
        ]

    def __str__(self) -> str:
        return f"fact {self.ticket_id}"


class CallbackFact(models.Model):
    """One row per callback with its ticket's cuts, so satisfaction reads one indexed table."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"
    SCOPE_CONTRACTOR = "ticket__contractor_transfers__contractor_id"
    SCOPE_CONTRACTOR_WHERE = {"ticket__contractor_transfers__status__in": ["pending", "accepted"]}

    callback = models.OneToOneField(
        "tickets.Callback", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="report_callbacks"
    )
    project = models.ForeignKey(
        "estates.Project",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    building = models.ForeignKey(
        "estates.Building",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    customer = models.ForeignKey(
        "estates.Customer",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=20)
    category = models.CharField("类别", max_length=20, blank=True)
    component = models.CharField("保修部位", max_length=40, blank=True)
    merged = models.BooleanField("已合并", default=False)
    occurred_at = models.DateTimeField("回访时间")
    satisfied = models.BooleanField("满意")

    class Meta:
        verbose_name = "回访统计事实"
        verbose_name_plural = "回访统计事实"
        indexes = [
            models.Index(fields=["occurred_at"], name="cbfact_occurred"),
            models.Index(
                fields=["project", "occurred_at"],
                name="cbfact_project_occurred",
            ),
        ]

    def __str__(self) -> str:
        return f"callback fact {self.callback_id}"


class StaleFact(models.Model):
    """A ticket whose facts failed to follow one of its events: rebuilt by the periodic job
    ``report_fact_rebuild`` or ``aftersales rebuild-report-facts --marked``."""

    SCOPE_PROJECT = "ticket__project_id"

    ticket = models.OneToOneField(
        "tickets.Ticket", verbose_name="工单", primary_key=True, on_delete=models.CASCADE
    )
    marked_at = models.DateTimeField("标记时间")
    error = models.CharField("错误", max_length=300, blank=True)

    class Meta:
        verbose_name = "待重算的统计事实"
        verbose_name_plural = "待重算的统计事实"

    def __str__(self) -> str:
        return f"stale fact {self.ticket_id}"


class ExportJob(models.Model):
    """One Excel export run in the background, with its progress and file (R-RPT-4)."""

    # The requester only: a workbook holds what his own data scope showed him.
    SCOPE_USER = "created_by_id"

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField("导出类型", max_length=40)
    params = models.JSONField("条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已处理行数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-id"]
        indexes = [models.Index(fields=["created_by", "-id"], name="export_owner")]

    def __str__(self) -> str:
        return f"导出 #{self.pk} {self.kind}"

    @property
    def progress(self) -> int:
        """0–100."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(self.processed * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
