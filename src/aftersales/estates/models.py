"""Estates and the customer archive (R-EST-1, R-EST-2, R-WAR-1)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from aftersales.estates.choices import (
    ContactChannel,
    Finish,
    Gender,
    HouseRole,
    HouseStatus,
    IdType,
    Segment,
)


class Project(models.Model):
    SCOPE_PROJECT = "id"

    code = models.CharField("项目编码", max_length=40, unique=True)
    name = models.CharField("项目名称", max_length=100)
    city = models.CharField("城市", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    delivered_on = models.DateField("首次交付日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="buildings"
    )
    name = models.CharField("楼栋", max_length=20)
    floors = models.PositiveSmallIntegerField("层数", null=True, blank=True)

    class Meta:
        verbose_name = "楼栋"
        verbose_name_plural = "楼栋"
        ordering = ["project_id", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="uniq_building")]

    def __str__(self) -> str:
        return f"{self.project.name} {self.name}栋"


class House(models.Model):
    """A house (房屋) identified within its project by building-unit-room, e.g. 3-2-1201."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "occupants__customer_id"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="houses"
    )
    building = models.ForeignKey(
        Building, verbose_name="楼栋", on_delete=models.PROTECT, related_name="houses"
    )
    unit = models.CharField("单元", max_length=20)
    room = models.CharField("房号", max_length=20)
    label = models.CharField("房屋编号", max_length=64, db_index=True)
    floor = models.SmallIntegerField("楼层", null=True, blank=True)
    area = models.DecimalField(
        "建筑面积(㎡)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    unit_type = models.CharField("户型", max_length=40, blank=True)
    finish = models.CharField(
        "装修标准", max_length=10, choices=Finish.choices, default=Finish.BARE
    )
    status = models.CharField(
        "状态", max_length=12, choices=HouseStatus.choices, default=HouseStatus.SOLD
    )
    delivered_on = models.DateField("交付日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "房屋"
        verbose_name_plural = "房屋"
        ordering = ["project_id", "building__name", "unit", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "building", "unit", "room"], name="uniq_house"
            )
        ]
        indexes = [models.Index(fields=["project", "label"])]

    def __str__(self) -> str:
        return f"{self.project.name} {self.label}"

    @staticmethod
    def make_label(building: str, unit: str, room: str) -> str:
        return f"{building}-{unit}-{room}"


class PublicArea(models.Model):
    """A public area (公共区域) of a project that a ticket can point at."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.PROTECT, related_name="public_areas"
    )
    building = models.ForeignKey(
        Building, verbose_name="楼栋", null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "公共区域"
        verbose_name_plural = "公共区域"
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="uniq_public_area")]

    def __str__(self) -> str:
        return f"{self.project.name} {self.name}"


class Customer(models.Model):
    """A customer (客户/业主). The ID number is kept encrypted and shown masked (R-EST-5)."""

    SCOPE_PROJECT = "houses__project_id"
    # A customer registered before his house stays visible to the scoped offices, so that they
    # can link him: the kept marker below answers "no house yet" from an index, where asking the
    # links would read every customer.
    SCOPE_UNASSIGNED_WHERE = {"has_house": False}
    SCOPE_CUSTOMER = "id"

    name = models.CharField("姓名", max_length=60)
    initials = models.CharField("拼音首字母", max_length=60, blank=True, db_index=True)
    phone = models.CharField("手机号", max_length=20, db_index=True)
    phone2 = models.CharField("备用电话", max_length=20, blank=True, db_index=True)
    id_type = models.CharField("证件类型", max_length=10, choices=IdType.choices, blank=True)
    id_number_encrypted = models.TextField("证件号码（加密）", blank=True)
    id_number_hash = models.CharField("证件号码指纹", max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField("证件号码", max_length=40, blank=True)
    birthday = models.DateField("生日", null=True, blank=True)
    # The month and day of birth in a resident ID ("MMDD"), kept with the ID's other fields so
    # that birthdays can be found without decrypting every ID (customer care).
    id_birth_md = models.CharField(
        "证件生日（月日）", max_length=4, blank=True, db_index=True, editable=False
    )
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    segment = models.CharField("客户分类", max_length=12, choices=Segment.choices, blank=True)
    tags = models.CharField("标签", max_length=200, blank=True, help_text="以逗号分隔")
    preferred_channel = models.CharField(
        "首选联系方式", max_length=10, choices=ContactChannel.choices, default=ContactChannel.PHONE
    )
    email = models.EmailField("邮箱", blank=True)
    note = models.TextField("备注", blank=True)
    houses = models.ManyToManyField(House, through="CustomerHouse", related_name="customers")
    # Whether any house link exists; kept by ``estates.services.sync_has_house`` (called on
    # every link written or removed, in bulk too), read by the data scope.
    has_house = models.BooleanField("已关联房屋", default=False, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "客户"
        verbose_name_plural = "客户"
        ordering = ["id"]
        indexes = [
            models.Index(Lower("name"), name="customer_name_idx"),
            models.Index(fields=["id"], condition=Q(has_house=False), name="customer_no_house"),
        ]

    def __str__(self) -> str:
        return self.name


Customer._meta.get_field("id_number_encrypted").audit_hidden = True
Customer._meta.get_field("id_number_hash").audit_hidden = True
Customer._meta.get_field("id_birth_md").audit_hidden = True
Customer._meta.get_field("has_house").audit_hidden = True


class CustomerHouse(models.Model):
    """A customer's role at a house: owner, co-owner, tenant, family member, agent."""

    SCOPE_PROJECT = "house__project_id"
    SCOPE_CUSTOMER = "customer_id"

    customer = models.ForeignKey(
        Customer, verbose_name="客户", on_delete=models.CASCADE, related_name="house_links"
    )
    house = models.ForeignKey(
        House, verbose_name="房屋", on_delete=models.CASCADE, related_name="occupants"
    )
    role = models.CharField(
        "身份", max_length=10, choices=HouseRole.choices, default=HouseRole.OWNER
    )
    since = models.DateField("起始日期", null=True, blank=True)
    until = models.DateField("终止日期", null=True, blank=True)
    contract_no = models.CharField("购房合同号", max_length=60, blank=True)

    class Meta:
        verbose_name = "客户房屋关系"
        verbose_name_plural = "客户房屋关系"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "house", "role"], name="uniq_customer_house_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}@{self.house_id} {self.role}"


class WarrantyComponent(models.Model):
    """A component (部位) of the warranty catalogue with its default term (R-WAR-1).

    ``months`` empty means the design life of the structure (no expiry).
    """

    SCOPE_GLOBAL = True

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    months = models.PositiveIntegerField("默认保修期(月)", null=True, blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "保修部位"
        verbose_name_plural = "保修目录"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class ProjectWarrantyTerm(models.Model):
    """A project's own term for one component (projects may set longer terms)."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="warranty_terms"
    )
    component = models.ForeignKey(WarrantyComponent, verbose_name="部位", on_delete=models.PROTECT)
    months = models.PositiveIntegerField("保修期(月)")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "项目保修期"
        verbose_name_plural = "项目保修期"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "component"], name="uniq_project_component_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.component_id} {self.months}"


class ImportJob(models.Model):
    """One upload of a sales roster: its dry-run report, progress and outcome (R-EST-3)."""

    SCOPE_USER = "created_by_id"  # the uploader, and the administrators
    SCOPE_USER_ADMIN = True

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "处理中"
        VALID = "valid", "校验通过"
        INVALID = "invalid", "校验未通过"
        APPLIED = "applied", "已导入"
        FAILED = "failed", "失败"

    created_by = models.ForeignKey("accounts.User", verbose_name="上传人", on_delete=models.PROTECT)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    dry_run = models.BooleanField("仅校验", default=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    summary = models.JSONField("结果", default=dict, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"导入 #{self.pk} {self.filename}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.finished_at else 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))
