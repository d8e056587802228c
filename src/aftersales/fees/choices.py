"""Code tables of property fees (R-SVC-6). Codes are fixed by api.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    """How money was taken: the one list of payment methods (the desk, imports, adapters)."""

    CASH = "cash", _("现金")
    CARD = "card", _("刷卡")
    WECHAT = "wechat", _("微信支付")
    ALIPAY = "alipay", _("支付宝")
    TRANSFER = "transfer", _("银行转账")


class BillStatus(models.TextChoices):
    UNPAID = "unpaid", _("未缴")
    PAID = "paid", _("已缴")


class ArrearsStep(models.TextChoices):
    """The follow-up of an owner in arrears, in the order it is usually taken."""

    REMINDER = "reminder", _("电话/短信催缴")
    DEMAND_LETTER = "demand_letter", _("催缴函")
    VISIT = "visit", _("上门催缴")
    LEGAL = "legal", _("法律途径")


class CollectionStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    DONE = "done", _("已上门")
    CANCELLED = "cancelled", _("已取消")
