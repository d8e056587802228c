"""Codes of the ticket domain; the codes are fixed by api.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REPAIR = "repair", _("报修")
    COMPLAINT = "complaint", pgettext_lazy("ticket kind", "投诉")
    INQUIRY = "inquiry", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


# Prefix of the unified number per kind (R-TKT-3): BX-20261122-0007.
NUMBER_PREFIX = {
    Kind.REPAIR: "BX",
    Kind.COMPLAINT: "TS",
    Kind.INQUIRY: "ZX",
    Kind.SUGGESTION: "JY",
    Kind.PRAISE: "BY",
}


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("热线电话")
    ONLINE = "online", _("网上平台")
    WECHAT = "wechat", _("微信")
    APP = "app", _("App")
    WALK_IN = "walk_in", _("来访")
    EMAIL = "email", _("电子邮件")
    LETTER = "letter", _("信函")
    SALES = "sales", _("经营销售部转来")
    PROPERTY = "property", _("物业公司转来")
    VISIT = "visit", _("回访发现")
    HANDOVER = "handover", _("交付验房发现")


class Status(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    DISPATCHED = "dispatched", _("已派工")
    SURVEYED = "surveyed", _("已勘察")
    IN_PROGRESS = "in_progress", _("维修中")
    AWAITING_SIGNOFF = "awaiting_signoff", _("待签认")
    ROUTED = "routed", _("已转部门")
    REPLIED = "replied", _("已答复")
    AWAITING_CALLBACK = "awaiting_callback", _("待回访")
    REOPENED = "reopened", _("重新处理")
    CLOSED = "closed", _("已关闭")


OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("紧急")
    URGENT = "urgent", _("加急")
    NORMAL = "normal", pgettext_lazy("urgency", "一般")


class Severity(models.TextChoices):
    MAJOR = "major", _("重大")
    IMPORTANT = "important", _("重要")
    MINOR = "minor", pgettext_lazy("complaint level", "一般")


class Category(models.TextChoices):
    CIVIL = "civil", _("土建")
    WATER_ELECTRIC = "water_electric", _("水电")
    HVAC = "hvac", _("暖通")
    DOORS_WINDOWS = "doors_windows", _("门窗")
    FITOUT = "fitout", _("精装")
    OTHER = "other", _("其他")


class WorkClass(models.TextChoices):
    A = "A", _("A类（保修）")
    B = "B", _("B类（公司承担）")
    PAID = "paid", _("有偿服务")


class ResponsibleParty(models.TextChoices):
    CONTRACTOR = "contractor", _("施工单位")
    DESIGN = "design", _("设计")
    MATERIALS = "materials", _("材料")
    OWNER = "owner", _("业主")
    PROPERTY = "property", _("物业")
    OTHER = "other", _("其他")


class Opinion(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class DeadlineName(models.TextChoices):
    SURVEY = "survey", _("勘察")
    COMPLETION = "completion", pgettext_lazy("deadline", "完工")
    CALLBACK = "callback", _("回访")
    REPLY = "reply", _("答复")
    RESOLUTION = "resolution", _("处理完成")
    DEPARTMENT_FEEDBACK = "department_feedback", _("部门反馈")
    INSTRUCTION = "instruction", _("总经理确定措施")
    MEASURES = "measures", _("落实处理措施")
