from django.db import models
from django.utils.translation import gettext_lazy as _


class PaidStatus(models.TextChoices):
    REQUESTED = "requested", _("待报价")
    QUOTED = "quoted", _("已报价")
    ACCEPTED = "accepted", _("业主已确认")
    COMPLETED = "completed", _("已完工")
    PAID = "paid", _("已收费")
    DISPUTED = "disputed", _("价格异议")
    CANCELLED = "cancelled", _("已取消")


class RemittanceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待财务确认")
    CONFIRMED = "confirmed", _("财务已确认")


class LockKind(models.TextChoices):
    BREAK = "break", _("破锁")
    CHANGE = "change", _("换锁")
    REPAIR = "repair", _("修锁")


class LockStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    OPENED = "opened", _("已开锁")


class WitnessParty(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("客服部")
    CONCIERGE = "concierge", _("礼宾部")
    ENGINEERING = "engineering", _("工程部")


class MailKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("报纸")
    LETTER = "letter", _("信件")
    MAGAZINE = "magazine", _("杂志")
    BOOK = "book", _("书籍")
    OTHER = "other", _("其他资料")


class MailStatus(models.TextChoices):
    RECEIVED = "received", _("待派送")
    DELIVERED = "delivered", _("已签收")


class RenovationStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    PERMITTED = "permitted", _("已发证")
    FINISHED = "finished", _("已完工")


class PlanReview(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class SlipStatus(models.TextChoices):
    ISSUED = "issued", _("待放行")
    USED = "used", _("已放行")
