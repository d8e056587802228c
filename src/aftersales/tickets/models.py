"""Tickets (报事), their event trail and deadlines (R-TKT, R-DSP, R-CB, R-CMP, R-CAL-2/3)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from aftersales.core.workcalendar import Unit
from aftersales.tickets.choices import (
    Category,
    Channel,
    DeadlineName,
    Kind,
    Opinion,
    ResponsibleParty,
    Severity,
    Status,
    Urgency,
    WorkClass,
)


class Phenomenon(models.Model):
    """The second level of the category tree (category → phenomenon), configurable (R-TKT-4)."""

    SCOPE_GLOBAL = True

    category = models.CharField("类别", max_length=20, choices=Category.choices)
    name = models.CharField("现象", max_length=60)
    component = models.CharField("默认保修部位", max_length=40, blank=True)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "报事现象"
        verbose_name_plural = "报事现象"
        ordering = ["category", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="uniq_phenomenon")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.name}"


class DeadlinePolicy(models.Model):
    """Deadlines as data (R-CAL-2): kind × level × deadline name → amount and unit.

    ``level`` is the urgency for repairs and inquiries, the severity for complaints, or a
    qualifier such as ``single_trade`` / ``multi_trade`` / ``leak``; ``*`` matches any level.
    """

    SCOPE_GLOBAL = True

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    level = models.CharField("级别", max_length=20, default="*")
    name = models.CharField("时限", max_length=30, choices=DeadlineName.choices)
    amount = models.DecimalField("数量", max_digits=8, decimal_places=2)
    unit = models.CharField("单位", max_length=20, choices=Unit.CHOICES)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "时限规则"
        verbose_name_plural = "时限规则"
        ordering = ["kind", "name", "level"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "level", "name"], name="uniq_deadline_policy")
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.level}/{self.name}: {self.amount} {self.unit}"


class Ticket(models.Model):
    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"
    # Contractor users see the tickets transferred to their company (R-DSP-8) and not declined.
    SCOPE_CONTRACTOR = "contractor_transfers__contractor_id"
    SCOPE_CONTRACTOR_WHERE = {"contractor_transfers__status__in": ["pending", "accepted"]}

    number = models.CharField("编号", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    channel = models.CharField("来源", max_length=20, choices=Channel.choices)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    urgency = models.CharField(
        "紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    severity = models.CharField("投诉级别", max_length=10, choices=Severity.choices, blank=True)
    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", null=True, blank=True, on_delete=models.PROTECT
    )
    public_area = models.CharField("公共区域", max_length=100, blank=True)
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    category = models.CharField("类别", max_length=20, choices=Category.choices, blank=True)
    phenomenon = models.ForeignKey(
        Phenomenon, verbose_name="现象", null=True, blank=True, on_delete=models.PROTECT
    )
    component = models.CharField("保修部位", max_length=40, blank=True)
    location = models.CharField("房内位置", max_length=60, blank=True)
    description = models.TextField("描述")
    expected_at = models.DateTimeField("客户期望时间", null=True, blank=True)
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    occurred_at = models.DateTimeField("受理时间", db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    # Warranty judgement (R-WAR-2), at intake and again at survey.
    in_warranty = models.BooleanField("在保", null=True, blank=True)
    warranty_expires_on = models.DateField("保修到期日", null=True, blank=True)
    work_class = models.CharField("工单类别", max_length=4, choices=WorkClass.choices, blank=True)
    # Joint survey (R-DSP-2).
    responsible_party = models.CharField(
        "责任方", max_length=20, choices=ResponsibleParty.choices, blank=True
    )
    trades = models.PositiveSmallIntegerField("涉及工种数", null=True, blank=True)
    estimate = models.DecimalField(
        "预估费用", max_digits=12, decimal_places=2, null=True, blank=True
    )
    cause = models.TextField("原因", blank=True)
    contractor_present = models.BooleanField("施工单位到场", default=False)
    plan_required = models.BooleanField("需审批维修方案", default=False)
    plan_approved_at = models.DateTimeField("方案批准时间", null=True, blank=True)
    # Sign-off and callback (R-DSP-7, R-CB).
    signoff_opinion = models.CharField(
        "签认意见", max_length=20, choices=Opinion.choices, blank=True
    )
    signature = models.FileField("客户签名", upload_to="signatures/%Y/%m/", blank=True)
    reopen_count = models.PositiveSmallIntegerField("重开次数", default=0)
    # Complaints (R-CMP).
    departments = models.JSONField("责任部门", default=list, blank=True)
    invalid = models.BooleanField("无效投诉", default=False)
    invalid_reason = models.CharField("无效原因", max_length=300, blank=True)
    # Clock pause (R-CAL-3).
    paused = models.BooleanField("暂停计时", default=False)
    paused_at = models.DateTimeField("暂停时间", null=True, blank=True)
    pause_reason = models.CharField("暂停原因", max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并到",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    close_reason = models.CharField("关闭说明", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # The description's words for full-text search on PostgreSQL (tickets/search.py); written by
    # intake, left empty on SQLite. Its GIN index is made by migration 0005 on PostgreSQL only.
    search_vector = SearchVectorField("检索词", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "报事工单"
        verbose_name_plural = "报事工单"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["project", "status"]),
            models.Index(fields=["house", "category", "status"]),
            models.Index(fields=["assignee", "status"]),
            # Open, running tickets newest first (the overdue list: first page and count).
            models.Index(
                fields=["-id"],
                condition=~models.Q(status="closed") & models.Q(paused=False),
                name="ticket_open_newest",
            ),
            # One office's tickets of a kind over a period (weekly report, recurring analysis).
            models.Index(
                fields=["project", "kind", "occurred_at"], name="ticket_project_kind_time"
            ),
            # Search by the contact phone written on the ticket (most tickets carry none).
            models.Index(fields=["phone"], condition=~models.Q(phone=""), name="ticket_phone"),
        ]

    def __str__(self) -> str:
        return self.number


class TicketEvent(models.Model):
    """One step in a ticket's life; written only by :mod:`aftersales.tickets.events`."""

    SCOPE_PROJECT = "ticket__project_id"
    SCOPE_CUSTOMER = "ticket__customer_id"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("动作", max_length=30)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    occurred_at = models.DateTimeField("发生时间")
    data = models.JSONField("内容", default=dict, blank=True)
    # Staff only (R-SS-1): never shown to the owner (see events.CUSTOMER_ACTIONS).
    internal = models.BooleanField("内部记录", default=False)

    class Meta:
        verbose_name = "工单记录"
        verbose_name_plural = "工单记录"
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"


class Deadline(models.Model):
    """One running or finished clock of a ticket (R-CAL-2/3/4)."""

    SCOPE_PROJECT = "ticket__project_id"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="deadlines")
    name = models.CharField("时限", max_length=30, choices=DeadlineName.choices)
    # A complaint's clock per routed department (R-CMP-3); empty for the ticket's own clocks.
    department = models.CharField("责任部门", max_length=40, blank=True, default="")
    started_at = models.DateTimeField("起算时间")
    amount = models.DecimalField("数量", max_digits=8, decimal_places=2)
    unit = models.CharField("单位", max_length=20, choices=Unit.CHOICES)
    due = models.DateTimeField("截止时间", db_index=True)
    met_at = models.DateTimeField("完成时间", null=True, blank=True)
    at_risk_notified_at = models.DateTimeField("预警时间", null=True, blank=True)
    breached_notified_at = models.DateTimeField("超时通知时间", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)

    class Meta:
        verbose_name = "工单时限"
        verbose_name_plural = "工单时限"
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "name", "department"], name="uniq_ticket_deadline_department"
            )
        ]
        indexes = [
            models.Index(fields=["met_at", "due"]),
            # Running clocks of a ticket (is it overdue?): a small partial index.
            models.Index(
                fields=["ticket", "due"],
                condition=models.Q(met_at__isnull=True),
                name="deadline_running",
            ),
            # The "routed to my department" queue (R-CMP-3).
            models.Index(
                fields=["department", "ticket"],
                condition=~models.Q(department=""),
                name="deadline_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.name} {self.due}"


class WorkOrder(models.Model):
    """One work order per trade when a repair involves several (R-DSP-4)."""

    SCOPE_PROJECT = "ticket__project_id"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="work_orders")
    trade = models.CharField("工种", max_length=40)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="维修人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    completed_at = models.DateTimeField("完工时间", null=True, blank=True)
    result = models.TextField("维修结果", blank=True)
    materials = models.JSONField("材料", default=list, blank=True)
    labour_hours = models.DecimalField(
        "工时", max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "派工单"
        verbose_name_plural = "派工单"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.trade}"


class Callback(models.Model):
    """A callback (回访) with its scores (R-CB-2)."""

    SCOPE_PROJECT = "ticket__project_id"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="callbacks")
    satisfied = models.BooleanField("满意")
    method = models.CharField("方式", max_length=20, blank=True)
    scores = models.JSONField("评分", default=dict, blank=True)
    comment = models.TextField("意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    occurred_at = models.DateTimeField("回访时间")

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {'满意' if self.satisfied else '不满意'}"


class SavedView(models.Model):
    """A user's saved ticket search (保存的查询): a name and the list's filter query string."""

    SCOPE_USER = "user_id"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="saved_ticket_views",
    )
    name = models.CharField("名称", max_length=40)
    query = models.CharField("查询条件", max_length=1000)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "保存的查询"
        verbose_name_plural = "保存的查询"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="uniq_saved_view_name")
        ]

    def __str__(self) -> str:
        return self.name
