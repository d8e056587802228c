"""Code tables of property fees (R-SVC-6). Codes are fixed by api.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.payments import Method

# The one list of payment methods, shared with the front desk (core/payments.py).
PaymentMethod = Method


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
