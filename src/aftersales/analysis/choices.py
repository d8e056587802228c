"""Codes of the analysis domain: meeting kinds, lesson status and owners, analysis dimensions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    """R-RPT-5: the three kinds of meeting the documents name."""

    WEEKLY_COMPLAINT = "weekly_complaint", _("投诉协调周例会")
    OFFICE_HEADS = "office_heads", _("客服处负责人周例会")
    SPECIAL = "special", _("重大投诉专题会")


class LessonStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ADOPTED = "adopted", _("已采纳")
    REJECTED = "rejected", _("不采纳")


class LessonOwner(models.TextChoices):
    """The department a lesson is handed to (R-RPT-3: design and construction)."""

    DESIGN = "design", _("设计研发部")
    ENGINEERING = "engineering", _("工程材料部")


class Dimension(models.TextChoices):
    """What a recurring-problem analysis groups repairs by (R-RPT-3)."""

    CATEGORY = "category", _("类别")
    PHENOMENON = "phenomenon", _("现象")
    COMPONENT = "component", _("部位")
    LOCATION = "location", _("房内位置")
    UNIT_TYPE = "unit_type", pgettext_lazy("dimension", "户型")
    BUILDING = "building", pgettext_lazy("dimension", "楼栋")
    CONTRACTOR = "contractor", _("施工单位")


# Unit types are a design matter; everything else first goes to engineering.
DEFAULT_OWNER = {Dimension.UNIT_TYPE: LessonOwner.DESIGN}
