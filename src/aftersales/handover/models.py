"""Delivery batches, appointments, inspections, move-ins, custodial houses and the usage report
(R-HO-1..5). Defect tickets are the tickets app's own rows, opened through its services; an
inspection item only points at its ticket."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from aftersales.handover.choices import (
    AppointmentStatus,
    BatchStatus,
    CustodyStatus,
    HalfDay,
    InspectionStatus,
    Party,
    PatrolKind,
    PatrolStatus,
)

WATER_LIMIT = Decimal("5")
ELECTRICITY_LIMIT = Decimal("20")
CUSTODY_FEE_RATE = Decimal("0.70")


def _reading(label: str, **extra) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, **extra)


class ChecklistItem(models.Model):
    """One line of the inspection checklist (房屋质量验收登记表): a room and an item to check.

    Configurable data, seeded with a default list for an apartment (``reference.py``)."""

    SCOPE_GLOBAL = True

    room = models.CharField("部位", max_length=30)
    name = models.CharField("检查项目", max_length=80)
    category = models.CharField("类别", max_length=20)
    component = models.CharField("保修部位", max_length=30)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "验房检查项"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["room", "name"], name="ho_check_unique")]

    def __str__(self) -> str:
        return f"{self.room}·{self.name}"


class DeliveryBatch(models.Model):
    """A delivery batch (交付批次) of one project: its dates and the half-day slot capacity."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("批次名称", max_length=60)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    capacity = models.PositiveSmallIntegerField("每半天接待户数", default=20)
    status = models.CharField(
        "状态", max_length=10, choices=BatchStatus.choices, default=BatchStatus.OPEN
    )
    houses = models.ManyToManyField("estates.House", verbose_name="交付房屋", related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "交付批次"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Appointment(models.Model):
    """An owner booked into a half-day slot of a batch to collect the keys (R-HO-1)."""

    SCOPE_PROJECT = "project_id"

    batch = models.ForeignKey(
        DeliveryBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="appointments"
    )
    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("预约日期")
    half = models.CharField("时段", max_length=2, choices=HalfDay.choices)
    party = models.CharField("办理人", max_length=10, choices=Party.choices, default=Party.OWNER)
    status = models.CharField(
        "状态", max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    documents = models.JSONField("已核验资料", default=list, blank=True)
    missing = models.JSONField("缺少资料", default=list, blank=True)
    arrived_at = models.DateTimeField("到场时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "交付预约"
        ordering = ["day", "half", "id"]
        indexes = [models.Index(fields=["project", "day"], name="ho_appt_day")]

    def __str__(self) -> str:
        return f"{self.house} {self.day} {self.get_half_display()}"


class Inspection(models.Model):
    """One inspection of a house with its owner (房屋质量验收登记表, R-HO-2).

    ``status`` stores passed / defects_open / accepted; ``ready_for_reinspection`` is read, not
    stored: a ``defects_open`` inspection whose linked tickets are all closed
    (:func:`aftersales.handover.selectors.status_of`)."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.ForeignKey(
        Appointment, verbose_name="预约", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField("状态", max_length=30, choices=InspectionStatus.choices)
    occurred_at = models.DateTimeField("验房时间")
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="验房人", on_delete=models.PROTECT, related_name="+"
    )
    reinspection_booked_at = models.DateTimeField("复验通知时间", null=True, blank=True)
    reinspected_at = models.DateTimeField("复验时间", null=True, blank=True)
    reinspection_note = models.CharField("复验意见", max_length=300, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    signature = models.FileField("业主签名", upload_to="handover/signatures/%Y/%m/", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "验房记录"
        ordering = ["-occurred_at", "-id"]
        # the list's order: the newest page is read from the index, not sorted out of them all
        indexes = [models.Index(fields=["occurred_at", "id"], name="ho_insp_recent")]

    def __str__(self) -> str:
        return f"验房 {self.house}"


class InspectionItem(models.Model):
    """One checked item; a failed one points at the repair ticket opened for it."""

    SCOPE_PROJECT = "inspection__project_id"

    inspection = models.ForeignKey(
        Inspection, verbose_name="验房记录", on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField("检查项目", max_length=80)
    location = models.CharField("部位", max_length=60, blank=True)
    category = models.CharField("类别", max_length=20, blank=True)
    component = models.CharField("保修部位", max_length=30, blank=True)
    passed = models.BooleanField("合格")
    note = models.CharField("说明", max_length=300, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name="整改工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handover_items",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "验房检查结果"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.location} {self.item}"


class Photo(models.Model):
    """A photo taken on the phone (checked on upload: size and real type)."""

    content_type = models.CharField("类型", max_length=40)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"照片 {self.pk}"


class ItemPhoto(Photo):
    """A photo of an inspection item."""

    SCOPE_PROJECT = "item__inspection__project_id"

    item = models.ForeignKey(
        InspectionItem, verbose_name="检查项", on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField("照片", upload_to="handover/photos/%Y/%m/")

    class Meta:
        verbose_name = verbose_name_plural = "验房照片"


class MoveIn(models.Model):
    """The move-in record (入住登记, R-HO-3): one per house."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.OneToOneField(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="move_in"
    )
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )
    party = models.CharField("办理人", max_length=10, choices=Party.choices)
    documents = models.JSONField("核验资料", default=list)
    keys = models.PositiveSmallIntegerField("钥匙（把）", default=0)
    handbook = models.BooleanField("业主手册", default=False)
    drawings = models.BooleanField("水电图纸", default=False)
    agreements_signed = models.BooleanField("协议已签", default=False)
    water = _reading("水表读数", null=True, blank=True)
    electricity = _reading("电表读数", null=True, blank=True)
    gas = _reading("燃气表读数", null=True, blank=True)
    fees_collected = models.DecimalField(
        "收取费用", max_digits=12, decimal_places=2, default=Decimal("0")
    )
    occurred_at = models.DateTimeField("办理时间")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "入住登记"
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"入住 {self.house}"


class MoveInFile(models.Model):
    """A scanned document archived with the move-in (ID card, contract …)."""

    SCOPE_PROJECT = "move_in__project_id"

    move_in = models.ForeignKey(
        MoveIn, verbose_name="入住登记", on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField("文件名", max_length=120)
    file = models.FileField("文件", upload_to="handover/documents/%Y/%m/")
    content_type = models.CharField("类型", max_length=40)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "入住资料存档"

    def __str__(self) -> str:
        return self.name


class Custody(models.Model):
    """A custodial house (托管, R-HO-4): the owner leaves it in the property company's care."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=CustodyStatus.choices, default=CustodyStatus.ACTIVE
    )
    agreement = models.CharField("托管协议", max_length=300, blank=True)
    starts_on = models.DateField("托管开始")
    ended_on = models.DateField("托管结束", null=True, blank=True)
    start_water = _reading("起始水表")
    start_electricity = _reading("起始电表")
    end_water = _reading("结束水表", null=True, blank=True)
    end_electricity = _reading("结束电表", null=True, blank=True)
    water_limit = _reading("用水上限", default=WATER_LIMIT)
    electricity_limit = _reading("用电上限", default=ELECTRICITY_LIMIT)
    fee_rate = models.DecimalField(
        "物业费比例", max_digits=4, decimal_places=2, default=CUSTODY_FEE_RATE
    )
    previous_status = models.CharField("托管前房屋状态", max_length=20, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "托管房屋"
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["house", "starts_on"], name="ho_custody_house"),
            models.Index(fields=["starts_on", "id"], name="ho_custody_recent"),  # the list's order
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["house"],
                condition=models.Q(status="active"),
                name="ho_one_active_custody",
            )
        ]

    def __str__(self) -> str:
        return f"托管 {self.house}"


class Patrol(models.Model):
    """A patrol of a custodial house: weekly, before or after heavy rain (R-HO-4).

    A "heavy rain ahead" round creates ``planned`` patrols; recording one completes it."""

    SCOPE_PROJECT = "project_id"

    custody = models.ForeignKey(
        Custody, verbose_name="托管", on_delete=models.CASCADE, related_name="patrols"
    )
    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("巡查类型", max_length=12, choices=PatrolKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=PatrolStatus.choices, default=PatrolStatus.DONE
    )
    due_on = models.DateField("应巡查日期", null=True, blank=True)
    occurred_at = models.DateTimeField("巡查时间", null=True, blank=True)
    water = _reading("水表读数", null=True, blank=True)
    electricity = _reading("电表读数", null=True, blank=True)
    findings = models.TextField("发现问题", blank=True)
    over_limit = models.JSONField("超量", default=list, blank=True)
    owner_notified = models.BooleanField("已告知业主", default=False)
    patrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="巡查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "托管巡查"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.custody.house}"


class PatrolPhoto(Photo):
    """A photo of a patrol's finding."""

    SCOPE_PROJECT = "patrol__project_id"

    patrol = models.ForeignKey(
        Patrol, verbose_name="巡查", on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField("照片", upload_to="handover/patrols/%Y/%m/")

    class Meta:
        verbose_name = verbose_name_plural = "巡查照片"


class UsageReport(models.Model):
    """产品使用情况表 (R-HO-5): filed by the property company a year after delivery."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField("统计起")
    period_end = models.DateField("统计止")
    summary = models.TextField("总体情况", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("填报时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, default="filed")

    class Meta:
        verbose_name = verbose_name_plural = "产品使用情况表"
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"产品使用情况表 {self.project}"


class UsageReportLine(models.Model):
    SCOPE_PROJECT = "report__project_id"

    report = models.ForeignKey(
        UsageReport, verbose_name="报告", on_delete=models.CASCADE, related_name="lines"
    )
    equipment = models.CharField("设备/产品", max_length=80)
    category = models.CharField("类别", max_length=20, blank=True)
    component = models.CharField("保修部位", max_length=30, blank=True)
    problems = models.PositiveIntegerField("问题次数", default=0)
    note = models.CharField("情况说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "产品使用情况"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.equipment
