"""Property fees (物业管理费) and arrears (R-SVC-6): the standard per project, the monthly bill
per house with its payment and receipt, the follow-up steps of arrears and booked home
collections."""

from django.conf import settings
from django.db import models

from aftersales.fees.choices import ArrearsStep, BillStatus, CollectionStatus, PaymentMethod


class FeeStandard(models.Model):
    """The project's property fee: price per m² of building area per month."""

    SCOPE_PROJECT = "project_id"

    project = models.OneToOneField(
        "estates.Project",
        verbose_name="项目",
        on_delete=models.PROTECT,
        related_name="fee_standard",
    )
    price_per_sqm = models.DecimalField("单价(元/㎡·月)", max_digits=8, decimal_places=2)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = verbose_name_plural = "收费标准"

    def __str__(self) -> str:
        return f"{self.project} {self.price_per_sqm} 元/㎡"


class Bill(models.Model):
    """One month's property fee of one house; paid once, with a receipt number."""

    SCOPE_PROJECT = "project_id"
    SCOPE_CUSTOMER = "house__occupants__customer_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="fee_bills"
    )
    period = models.DateField("账期", help_text="账期月份的第一天")
    area = models.DecimalField("计费面积(㎡)", max_digits=9, decimal_places=2)
    price_per_sqm = models.DecimalField("单价(元/㎡·月)", max_digits=8, decimal_places=2)
    rate = models.DecimalField("收费比例", max_digits=4, decimal_places=3, default=1)
    amount = models.DecimalField("应缴金额", max_digits=12, decimal_places=2)
    status = models.CharField(
        "状态", max_length=8, choices=BillStatus.choices, default=BillStatus.UNPAID
    )
    created_at = models.DateTimeField("开单时间", auto_now_add=True)
    paid_at = models.DateTimeField("缴费时间", null=True, blank=True)
    paid_amount = models.DecimalField(
        "实收金额", max_digits=12, decimal_places=2, null=True, blank=True
    )
    method = models.CharField("缴费方式", max_length=10, choices=PaymentMethod.choices, blank=True)
    reference = models.CharField("交易流水号", max_length=64, blank=True)
    receipt_number = models.CharField("收据编号", max_length=60, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收款人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "物业费账单"
        ordering = ["-period", "house_id"]
        constraints = [
            models.UniqueConstraint(fields=["house", "period"], name="uniq_fee_bill_period"),
        ]
        indexes = [
            # the arrears list can be answered from this index alone (house and amount in it)
            models.Index(
                fields=["project", "status", "period", "house", "amount"],
                name="fee_bill_arrears",
            ),
            # the bill list: newest month first, by house (selectors.bills)
            models.Index(fields=["-period", "house"], name="fee_bill_period_house"),
        ]

    def __str__(self) -> str:
        return f"{self.house.label} {self.period:%Y-%m}"

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"


class ArrearsAction(models.Model):
    """One recorded step of the follow-up of a house in arrears."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField("催缴步骤", max_length=16, choices=ArrearsStep.choices)
    tracking_number = models.CharField("快递单号", max_length=40, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    months_overdue = models.PositiveSmallIntegerField("欠费月数")
    amount = models.DecimalField("欠费金额", max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "催缴记录"
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["house", "-recorded_at"], name="fee_action_house")]

    def __str__(self) -> str:
        return f"{self.house.label} {self.get_step_display()}"


class Collection(models.Model):
    """A booked home collection (预约上门收费)."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField("预约时间")
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收费员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=CollectionStatus.choices, default=CollectionStatus.BOOKED
    )
    outcome = models.CharField("上门结果", max_length=500, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField("登记时间", auto_now_add=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "预约上门收费"
        ordering = ["scheduled_at", "id"]

    def __str__(self) -> str:
        return f"{self.house.label} {self.scheduled_at:%Y-%m-%d %H:%M}"
