"""Contractors, spending approval, final accounts, settlements, deposits and funds (§9)."""

from __future__ import annotations

from django.db import models


class Contractor(models.Model):
    """A construction company (施工单位) or supplier that built projects and owes warranty."""

    SCOPE_GLOBAL = True  # every office may see the companies
    SCOPE_CONTRACTOR = "id"  # a contractor user sees his own company only

    class Kind(models.TextChoices):
        CONTRACTOR = "contractor", "施工单位"
        SUPPLIER = "supplier", "供应商"

    name = models.CharField("名称", max_length=120, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.CONTRACTOR)
    trades = models.JSONField("工种", default=list, blank=True)
    contact_name = models.CharField("联系人", max_length=60, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    projects = models.ManyToManyField(
        "estates.Project", verbose_name="承建项目", blank=True, related_name="contractors"
    )
    agreement = models.TextField("保修协议", blank=True)
    active = models.BooleanField("合作中", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "施工单位"
        verbose_name_plural = "施工单位"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Transfer(models.Model):
    """Work a maintenance team cannot do, handed to the contractor via 工程材料部 (R-DSP-8).

    The ticket keeps its deadlines; the contractor accepts or declines the job.
    """

    SCOPE_PROJECT = "ticket__project_id"
    SCOPE_CONTRACTOR = "contractor_id"

    class Status(models.TextChoices):
        PENDING = "pending", "待接收"
        ACCEPTED = "accepted", "已接收"
        DECLINED = "declined", "已拒绝"

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="contractor_transfers"
    )
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="transfers")
    reason = models.CharField("转交原因", max_length=300, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="转交人"
    )
    created_at = models.DateTimeField("转交时间", auto_now_add=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="答复人",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answer = models.CharField("答复说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "转交施工单位"
        verbose_name_plural = "转交施工单位"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.ticket} → {self.contractor}"


class SpendingRequest(models.Model):
    """Spending approval before work (R-CST-1): the chain follows the amount."""

    SCOPE_PROJECT = "ticket__project_id"
    SCOPE_CONTRACTOR = "ticket__contractor_transfers__contractor_id"
    SCOPE_CONTRACTOR_WHERE = {"ticket__contractor_transfers__status__in": ["pending", "accepted"]}

    class Status(models.TextChoices):
        PENDING = "pending", "审批中"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="spending_requests"
    )
    amount = models.DecimalField("金额", max_digits=12, decimal_places=2)
    purpose = models.CharField("用途", max_length=300)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "费用申请"
        verbose_name_plural = "费用申请"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "ticket"], name="spending_status_ticket")]

    def __str__(self) -> str:
        return f"费用申请 {self.pk}（{self.amount} 元）"


class ApprovalStep(models.Model):
    """One step of a spending request's chain, taken in order by the holder of ``role``."""

    SCOPE_PROJECT = "request__ticket__project_id"

    class Status(models.TextChoices):
        WAITING = "waiting", "未到"
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REJECTED = "rejected", "已驳回"
        CANCELLED = "cancelled", "已终止"

    request = models.ForeignKey(SpendingRequest, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("顺序")
    role = models.CharField("审批角色", max_length=40)
    action = models.CharField("环节", max_length=20)  # 审核 / 审批
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.CharField("意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "审批环节"
        verbose_name_plural = "审批环节"
        ordering = ["request", "order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "order"], name="uniq_approval_step")
        ]
        indexes = [models.Index(fields=["status", "role"], name="approval_status_role")]

    def __str__(self) -> str:
        return f"{self.request_id}#{self.order} {self.role}"


class FinalAccount(models.Model):
    """维修工程决算书 (R-CST-2): filed by the team lead after the work, reviewed by amount."""

    SCOPE_PROJECT = "ticket__project_id"
    SCOPE_CONTRACTOR = "contractor_id"

    class Status(models.TextChoices):
        FILED = "filed", "待审核"
        REVIEWED = "reviewed", "已审核"

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="final_accounts"
    )
    contractor = models.ForeignKey(
        Contractor,
        verbose_name="责任施工单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="final_accounts",
    )
    total = models.DecimalField("决算金额", max_digits=12, decimal_places=2)
    reviewer_role = models.CharField("审核角色", max_length=40)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.FILED)
    note = models.CharField("说明", max_length=300, blank=True)
    filed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="编制人"
    )
    filed_at = models.DateTimeField("编制时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "维修工程决算书"
        verbose_name_plural = "维修工程决算书"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"决算书 JS-{self.pk:06d}"

    @property
    def number(self) -> str:
        return f"JS-{self.pk:06d}"


class FinalAccountLine(models.Model):
    SCOPE_PROJECT = "account__ticket__project_id"
    SCOPE_CONTRACTOR = "account__contractor_id"

    class Kind(models.TextChoices):
        MATERIAL = "material", "材料"
        LABOUR = "labour", "人工"
        OTHER = "other", "其他"

    account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.MATERIAL)
    item = models.CharField("项目", max_length=120)
    unit = models.CharField("单位", max_length=20, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    unit_price = models.DecimalField("单价", max_digits=12, decimal_places=2)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "决算明细"
        verbose_name_plural = "决算明细"
        ordering = ["account", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class Settlement(models.Model):
    """维修工程结算书 (R-CST-3), produced by the review of a final account.

    Class A: contractor confirms → deputy chief engineer certifies → finance pays, and the
    payment is deducted from the contractor's deposit. Class B: certified → paid.
    """

    SCOPE_PROJECT = "ticket__project_id"
    SCOPE_CONTRACTOR = "contractor_id"

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", "待施工单位确认"
        AWAITING_CERTIFICATION = "awaiting_certification", "待副总工程师签认"
        CERTIFIED = "certified", "待付款"
        PAID = "paid", "已付款"

    account = models.OneToOneField(
        FinalAccount, on_delete=models.PROTECT, related_name="settlement"
    )
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    contractor = models.ForeignKey(
        Contractor, null=True, blank=True, on_delete=models.PROTECT, related_name="settlements"
    )
    work_class = models.CharField("类别", max_length=10)
    amount = models.DecimalField("结算金额", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=30, choices=Status.choices)
    created_at = models.DateTimeField("结算时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    certified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certified_at = models.DateTimeField("签认时间", null=True, blank=True)
    paid_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField("付款时间", null=True, blank=True)
    payment_ref = models.CharField("付款凭证号", max_length=60, blank=True)

    class Meta:
        verbose_name = "维修工程结算书"
        verbose_name_plural = "维修工程结算书"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "id"], name="settlement_status")]

    def __str__(self) -> str:
        return f"结算书 {self.number}"

    @property
    def number(self) -> str:
        return f"JZ-{self.pk:06d}"


class DepositAccount(models.Model):
    """A contractor's quality-guarantee deposit (工程质量保证金) for one project (R-CST-3).

    ``balance`` is never negative: a deduction larger than the balance takes what is there and
    records the rest as ``owed``; a later deposit first pays off what is owed.
    """

    SCOPE_PROJECT = "project_id"
    SCOPE_CONTRACTOR = "contractor_id"

    contractor = models.ForeignKey(
        Contractor, on_delete=models.PROTECT, related_name="deposit_accounts"
    )
    project = models.ForeignKey("estates.Project", on_delete=models.PROTECT, related_name="+")
    balance = models.DecimalField("余额", max_digits=14, decimal_places=2, default=0)
    owed = models.DecimalField("欠缴", max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "质量保证金账户"
        verbose_name_plural = "质量保证金账户"
        ordering = ["contractor", "project"]
        constraints = [
            models.UniqueConstraint(fields=["contractor", "project"], name="uniq_deposit_account"),
            models.CheckConstraint(
                condition=models.Q(balance__gte=0) & models.Q(owed__gte=0),
                name="deposit_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contractor} / {self.project}"


class DepositEntry(models.Model):
    """One line of the deposit ledger; append-only, with the balances after it."""

    SCOPE_PROJECT = "account__project_id"
    SCOPE_CONTRACTOR = "account__contractor_id"

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", "缴存"
        DEDUCTION = "deduction", "扣除"
        RELEASE = "release", "退还"

    account = models.ForeignKey(DepositAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    applied = models.DecimalField("计入余额", max_digits=14, decimal_places=2)
    owed_change = models.DecimalField("欠缴变动", max_digits=14, decimal_places=2, default=0)
    balance_after = models.DecimalField("余额", max_digits=14, decimal_places=2)
    owed_after = models.DecimalField("欠缴", max_digits=14, decimal_places=2)
    settlement = models.OneToOneField(
        Settlement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deposit_entry",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "保证金台账"
        verbose_name_plural = "保证金台账"
        ordering = ["account", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Fund(models.Model):
    """A revolving fund (周转金, R-CST-4) held by customer service or the maintenance team."""

    SCOPE_GLOBAL = True  # held by a department, not a project (funds.view guards it)

    name = models.CharField("名称", max_length=60, unique=True)
    department = models.CharField("使用部门", max_length=40)
    quota = models.DecimalField("定额", max_digits=14, decimal_places=2, default=100000)
    balance = models.DecimalField("余额", max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "周转金"
        verbose_name_plural = "周转金"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="fund_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class FundEntry(models.Model):
    SCOPE_GLOBAL = True  # entries of a department's fund (funds.view guards it)

    class Kind(models.TextChoices):
        DRAW = "draw", "支用"
        REPLENISH = "replenish", "补充"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    balance_after = models.DecimalField("余额", max_digits=14, decimal_places=2)
    purpose = models.CharField("用途/来源", max_length=300)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settlement = models.ForeignKey(
        Settlement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "周转金台账"
        verbose_name_plural = "周转金台账"
        ordering = ["fund", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
