"""Codes of the handover app (api.md "Handover and move-in": the codes are fixed)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    OPEN = "open", _("交付中")
    CLOSED = "closed", _("已结束")


class HalfDay(models.TextChoices):
    AM = "am", _("上午")
    PM = "pm", _("下午")


class Party(models.TextChoices):
    OWNER = "owner", _("业主本人")
    AGENT = "agent", _("委托代理人")
    COMPANY = "company", _("单位购房")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    ARRIVED = "arrived", _("已到场")
    DONE = "done", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class Document(models.TextChoices):
    ID_CARD = "id_card", _("业主身份证")
    OCCUPANCY_NOTICE = "occupancy_notice", _("入住通知书")
    PURCHASE_CONTRACT = "purchase_contract", _("购房合同")
    POWER_OF_ATTORNEY = "power_of_attorney", _("业主授权委托书")
    AGENT_ID_CARD = "agent_id_card", _("代理人身份证")
    COMPANY_CERTIFICATE = "company_certificate", _("单位证明")


_BASE = [Document.ID_CARD, Document.OCCUPANCY_NOTICE, Document.PURCHASE_CONTRACT]
# The documents each party must bring (R-HO-1; api.md fixes the sets).
REQUIRED_DOCUMENTS: dict[str, list[str]] = {
    Party.OWNER: [*_BASE],
    Party.AGENT: [*_BASE, Document.POWER_OF_ATTORNEY, Document.AGENT_ID_CARD],
    Party.COMPANY: [*_BASE, Document.COMPANY_CERTIFICATE],
}


class InspectionStatus(models.TextChoices):
    PASSED = "passed", _("验收合格")
    DEFECTS_OPEN = "defects_open", _("缺陷整改中")
    READY = "ready_for_reinspection", _("待复验")
    ACCEPTED = "accepted", _("业主已签收")


class CustodyStatus(models.TextChoices):
    ACTIVE = "active", _("托管中")
    ENDED = "ended", _("已结束")


class PatrolKind(models.TextChoices):
    WEEKLY = "weekly", _("每周巡查")
    BEFORE_RAIN = "before_rain", _("雨前巡查")
    AFTER_RAIN = "after_rain", _("雨后巡查")


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", _("待巡查")
    DONE = "done", _("已巡查")


class Meter(models.TextChoices):
    WATER = "water", _("水表")
    ELECTRICITY = "electricity", _("电表")
    GAS = "gas", _("燃气表")
