"""Codes of the ticket domain; the codes are fixed by api.md."""

from django.db import models


class Kind(models.TextChoices):
    REPAIR = "repair", "报修"
    COMPLAINT = "complaint", "投诉"
    INQUIRY = "inquiry", "咨询"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"


# Prefix of the unified number per kind (R-TKT-3): BX-20261122-0007.
NUMBER_PREFIX = {
    Kind.REPAIR: "BX",
    Kind.COMPLAINT: "TS",
    Kind.INQUIRY: "ZX",
    Kind.SUGGESTION: "JY",
    Kind.PRAISE: "BY",
}


class Channel(models.TextChoices):
    HOTLINE = "hotline", "热线电话"
    ONLINE = "online", "网上平台"
    WECHAT = "wechat", "微信"
    APP = "app", "App"
    WALK_IN = "walk_in", "来访"
    EMAIL = "email", "电子邮件"
    LETTER = "letter", "信函"
    SALES = "sales", "经营销售部转来"
    PROPERTY = "property", "物业公司转来"
    VISIT = "visit", "回访发现"
    HANDOVER = "handover", "交付验房发现"


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记"
    DISPATCHED = "dispatched", "已派工"
    SURVEYED = "surveyed", "已勘察"
    IN_PROGRESS = "in_progress", "维修中"
    AWAITING_SIGNOFF = "awaiting_signoff", "待签认"
    ROUTED = "routed", "已转部门"
    REPLIED = "replied", "已答复"
    AWAITING_CALLBACK = "awaiting_callback", "待回访"
    REOPENED = "reopened", "重新处理"
    CLOSED = "closed", "已关闭"


OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "紧急"
    URGENT = "urgent", "加急"
    NORMAL = "normal", "一般"


class Severity(models.TextChoices):
    MAJOR = "major", "重大"
    IMPORTANT = "important", "重要"
    MINOR = "minor", "一般"


class Category(models.TextChoices):
    CIVIL = "civil", "土建"
    WATER_ELECTRIC = "water_electric", "水电"
    HVAC = "hvac", "暖通"
    DOORS_WINDOWS = "doors_windows", "门窗"
    FITOUT = "fitout", "精装"
    OTHER = "other", "其他"


class WorkClass(models.TextChoices):
    A = "A", "A类（保修）"
    B = "B", "B类（公司承担）"
    PAID = "paid", "有偿服务"


class ResponsibleParty(models.TextChoices):
    CONTRACTOR = "contractor", "施工单位"
    DESIGN = "design", "设计"
    MATERIALS = "materials", "材料"
    OWNER = "owner", "业主"
    PROPERTY = "property", "物业"
    OTHER = "other", "其他"


class Opinion(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class DeadlineName(models.TextChoices):
    SURVEY = "survey", "勘察"
    COMPLETION = "completion", "完工"
    CALLBACK = "callback", "回访"
    REPLY = "reply", "答复"
    RESOLUTION = "resolution", "处理完成"
    DEPARTMENT_FEEDBACK = "department_feedback", "部门反馈"
