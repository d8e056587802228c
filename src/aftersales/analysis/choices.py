"""Codes of the analysis domain: meeting kinds, lesson status and owners, analysis dimensions."""

from django.db import models


class MeetingKind(models.TextChoices):
    """R-RPT-5: the three kinds of meeting the documents name."""

    WEEKLY_COMPLAINT = "weekly_complaint", "投诉协调周例会"
    OFFICE_HEADS = "office_heads", "客服处负责人周例会"
    SPECIAL = "special", "重大投诉专题会"


class LessonStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ADOPTED = "adopted", "已采纳"
    REJECTED = "rejected", "不采纳"


class LessonOwner(models.TextChoices):
    """The department a lesson is handed to (R-RPT-3: design and construction)."""

    DESIGN = "design", "设计研发部"
    ENGINEERING = "engineering", "工程材料部"


class Dimension(models.TextChoices):
    """What a recurring-problem analysis groups repairs by (R-RPT-3)."""

    CATEGORY = "category", "类别"
    PHENOMENON = "phenomenon", "现象"
    COMPONENT = "component", "部位"
    LOCATION = "location", "房内位置"
    UNIT_TYPE = "unit_type", "户型"
    BUILDING = "building", "楼栋"
    CONTRACTOR = "contractor", "施工单位"


# Unit types are a design matter; everything else first goes to engineering.
DEFAULT_OWNER = {Dimension.UNIT_TYPE: LessonOwner.DESIGN}
