"""Records of the front desk's resident services (R-SVC-1..5).

Every record names its project (the house's) for the data scope; ID numbers are stored like
the customer archive's: encrypted, with a keyed hash for matching and a masked form to show.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from aftersales.core.payments import Method
from aftersales.frontdesk.choices import (
    LockKind,
    LockStatus,
    MailKind,
    MailStatus,
    PaidStatus,
    PlanReview,
    RemittanceStatus,
    RenovationStatus,
    SlipStatus,
    WitnessParty,
)

USER = settings.AUTH_USER_MODEL


class ProtectedId(models.Model):
    """An ID number kept protected (core/pii.py): encrypted, hashed, masked."""

    id_number_encrypted = models.TextField("证件号码（加密）", blank=True)
    id_number_hash = models.CharField("证件号码指纹", max_length=64, blank=True)
    id_number_masked = models.CharField("证件号码", max_length=40, blank=True)

    class Meta:
        abstract = True


class PriceItem(models.Model):
    """An item of the paid-service price list: a fixed price, or quoted on site (price null)."""

    SCOPE_GLOBAL = True

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    price = models.DecimalField("价格", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "有偿服务价目"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Remittance(models.Model):
    """A cashier's daily hand-over of the fees taken to finance (交款单), confirmed by finance."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    day = models.DateField("收款日期")
    total = models.DecimalField("合计金额", max_digits=12, decimal_places=2)
    count = models.PositiveIntegerField("笔数")
    status = models.CharField(
        "状态", max_length=12, choices=RemittanceStatus.choices, default=RemittanceStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        USER, verbose_name="交款人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("交款时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        USER,
        verbose_name="财务确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "有偿服务交款单"
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day}"


class PaidService(models.Model):
    """A paid service (有偿服务, R-SVC-1): request → quote → accept → complete → pay."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"

    number = models.CharField("编号", max_length=32, unique=True)
    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    customer = models.ForeignKey("estates.Customer", verbose_name="客户", on_delete=models.PROTECT)
    item = models.ForeignKey(PriceItem, verbose_name="服务项目", on_delete=models.PROTECT)
    place = models.CharField("服务地点", max_length=200, blank=True)
    scheduled_at = models.DateTimeField("预约时间", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=PaidStatus.choices, default=PaidStatus.REQUESTED
    )
    amount = models.DecimalField("报价", max_digits=12, decimal_places=2, null=True, blank=True)
    ticket = models.OneToOneField(
        "tickets.Ticket",
        verbose_name="来源工单",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paid_service",
    )
    created_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    quoted_at = models.DateTimeField("报价时间", null=True, blank=True)
    accepted_at = models.DateTimeField("确认时间", null=True, blank=True)
    completed_at = models.DateTimeField("完工时间", null=True, blank=True)
    completion_note = models.TextField("完工说明", blank=True)
    dispute_reason = models.TextField("异议原因", blank=True)
    disputed_at = models.DateTimeField("异议时间", null=True, blank=True)
    paid_amount = models.DecimalField(
        "实收金额", max_digits=12, decimal_places=2, null=True, blank=True
    )
    method = models.CharField("支付方式", max_length=10, choices=Method.choices, blank=True)
    receipt_number = models.CharField("收据号", max_length=40, blank=True, db_index=True)
    paid_at = models.DateTimeField("收费时间", null=True, blank=True)
    paid_by = models.ForeignKey(
        USER,
        verbose_name="收费人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    remittance = models.ForeignKey(
        Remittance,
        verbose_name="交款单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )

    class Meta:
        verbose_name = verbose_name_plural = "有偿服务"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.number


class ServiceInspection(models.Model):
    """The customer-service assistant's inspection during the work (R-SVC-1)."""

    SCOPE_PROJECT = "service__project_id"

    service = models.ForeignKey(
        PaidService, verbose_name="有偿服务", on_delete=models.CASCADE, related_name="inspections"
    )
    inspector = models.ForeignKey(USER, verbose_name="检查人", on_delete=models.PROTECT)
    occurred_at = models.DateTimeField("检查时间")
    note = models.TextField("检查情况")

    class Meta:
        verbose_name = verbose_name_plural = "有偿服务巡查"
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.occurred_at:%Y-%m-%d}"


class LockChange(ProtectedId):
    """A lock break/change application (破/换门锁, R-SVC-2)."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    kind = models.CharField("类别", max_length=10, choices=LockKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=LockStatus.choices, default=LockStatus.APPLIED
    )
    applicant_name = models.CharField("申请人", max_length=60)
    applicant_phone = models.CharField("申请人电话", max_length=20, blank=True)
    applicant_is_owner = models.BooleanField("申请人为业主", default=False)
    owner = models.ForeignKey(
        "estates.Customer",
        verbose_name="匹配的业主",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    reason = models.TextField("原因", blank=True)
    consent = models.TextField("业主电话同意", blank=True)
    consent_phone = models.CharField("拨打的号码", max_length=20, blank=True)
    consent_at = models.DateTimeField("同意时间", null=True, blank=True)
    consent_by = models.ForeignKey(
        USER,
        verbose_name="致电人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    opened_at = models.DateTimeField("开锁时间", null=True, blank=True)
    opened_by = models.ForeignKey(
        USER,
        verbose_name="开锁登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "破/换门锁申请"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.house_id} {self.applicant_name}"


class LockWitness(models.Model):
    """One party's signature on a lock application: the signing user himself."""

    SCOPE_PROJECT = "lock__project_id"

    lock = models.ForeignKey(
        LockChange, verbose_name="申请", on_delete=models.CASCADE, related_name="witnesses"
    )
    party = models.CharField("部门", max_length=20, choices=WitnessParty.choices)
    user = models.ForeignKey(USER, verbose_name="签字人", on_delete=models.PROTECT)
    signed_at = models.DateTimeField("签字时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "开锁见证签字"
        constraints = [
            models.UniqueConstraint(fields=["lock", "party"], name="frontdesk_witness_party"),
            models.UniqueConstraint(fields=["lock", "user"], name="frontdesk_witness_user"),
        ]

    def __str__(self) -> str:
        return f"{self.lock_id} {self.party}"


class MailItem(models.Model):
    """Mail or material handed out for an owner (代派业主资料, R-SVC-3): real-name only."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="收件人", on_delete=models.PROTECT
    )
    kind = models.CharField("类别", max_length=12, choices=MailKind.choices)
    title = models.CharField("名称", max_length=200)
    paid = models.BooleanField("有偿", default=False)
    fee = models.DecimalField("费用", max_digits=10, decimal_places=2, default=0)
    status = models.CharField(
        "状态", max_length=10, choices=MailStatus.choices, default=MailStatus.RECEIVED
    )
    received_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivered_at = models.DateTimeField("签收时间", null=True, blank=True)
    delivered_by = models.ForeignKey(
        USER,
        verbose_name="派送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_name = models.CharField("签收人", max_length=60, blank=True)
    signature = models.TextField("签名", blank=True, help_text="PNG 的 data URI")

    class Meta:
        verbose_name = verbose_name_plural = "代派业主资料"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Renovation(ProtectedId):
    """A renovation registration (装修登记, R-SVC-4); the ID is the agent's, when one acts."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    customer = models.ForeignKey("estates.Customer", verbose_name="业主", on_delete=models.PROTECT)
    agent_name = models.CharField("代理人", max_length=60, blank=True)
    power_of_attorney = models.BooleanField("已核委托书", default=False)
    starts_on = models.DateField("开工日期")
    ends_on = models.DateField("完工日期")
    contractor_name = models.CharField("装修单位", max_length=100, blank=True)
    agreement_no = models.CharField("装修协议编号", max_length=40, blank=True)
    plan = models.TextField("装修方案", blank=True)
    plan_review = models.CharField(
        "方案审核", max_length=10, choices=PlanReview.choices, default=PlanReview.PENDING
    )
    plan_comment = models.TextField("审核意见", blank=True)
    structural_change = models.BooleanField("涉及结构改动", default=False)
    authority_approval = models.CharField("房管部门批准文件", max_length=200, blank=True)
    garbage_fee = models.DecimalField("垃圾清运费", max_digits=10, decimal_places=2, default=0)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=RenovationStatus.choices,
        default=RenovationStatus.REGISTERED,
    )
    previous_house_status = models.CharField("原房屋状态", max_length=20, blank=True)
    permit_number = models.CharField("装修许可证号", max_length=40, blank=True)
    permitted_at = models.DateTimeField("发证时间", null=True, blank=True)
    notified = models.PositiveIntegerField("已通知人数", default=0)
    created_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    finished_at = models.DateTimeField("完工时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "装修登记"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.permit_number or f"{self.house_id}"


class WorkerPass(ProtectedId):
    """A numbered pass of one renovation worker, valid from the start to the end of the works."""

    SCOPE_PROJECT = "renovation__project_id"

    renovation = models.ForeignKey(
        Renovation, verbose_name="装修登记", on_delete=models.CASCADE, related_name="passes"
    )
    number = models.CharField("出入证号", max_length=48, unique=True)
    name = models.CharField("姓名", max_length=60)
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")

    class Meta:
        verbose_name = verbose_name_plural = "装修人员出入证"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class RenovationInspection(models.Model):
    """An inspection during the works, with its findings."""

    SCOPE_PROJECT = "renovation__project_id"

    renovation = models.ForeignKey(
        Renovation, verbose_name="装修登记", on_delete=models.CASCADE, related_name="inspections"
    )
    inspector = models.ForeignKey(USER, verbose_name="检查人", on_delete=models.PROTECT)
    occurred_at = models.DateTimeField("检查时间")
    findings = models.TextField("检查发现")
    compliant = models.BooleanField("合规", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "装修巡查"
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.occurred_at:%Y-%m-%d}"


class ReleaseSlip(models.Model):
    """An item release slip (物品放行条, R-SVC-5): a code the gate checks once."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "customer_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    customer = models.ForeignKey("estates.Customer", verbose_name="住户", on_delete=models.PROTECT)
    code = models.CharField("放行码", max_length=16, unique=True)
    items = models.JSONField("物品", default=list)
    carrier = models.CharField("搬运人", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=SlipStatus.choices, default=SlipStatus.ISSUED
    )
    created_by = models.ForeignKey(
        USER, verbose_name="开具人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("开具时间", auto_now_add=True)
    used_at = models.DateTimeField("放行时间", null=True, blank=True)
    checked_by = models.ForeignKey(
        USER,
        verbose_name="验放人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "物品放行条"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.code
