"""Code tables of visits, questionnaires and customer care; codes fixed by api.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionnaireKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("客户满意度调查表")
    OPINION = "opinion", _("业主意见征询表")


class QuestionType(models.TextChoices):
    SCORE = "score", _("评分（1–5）")
    CHOICE = "choice", _("选择")
    TEXT = "text", _("文字")


class ResponseSource(models.TextChoices):
    VISIT = "visit", _("上门走访")
    PHONE = "phone", _("电话回访")
    LINK = "link", _("业主手机填写")


class CampaignKind(models.TextChoices):
    FIRST = "first", _("新社区首次回访")
    YEARLY = "yearly", _("年度抽样回访")
    SPECIAL = "special", _("专项回访")
    QUARTERLY = "quarterly", _("季度电话回访")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class VisitMethod(models.TextChoices):
    IN_PERSON = "in_person", _("上门")
    PHONE = "phone", _("电话")


class CareKind(models.TextChoices):
    WARRANTY_EXPIRY = "warranty_expiry", _("保修到期提醒")
    DELIVERY_ANNIVERSARY = "delivery_anniversary", _("交付后回访")
    BIRTHDAY = "birthday", _("生日祝福")
    HOLIDAY = "holiday", _("节日问候")
    VIP = "vip", _("VIP 礼遇")


class CareChannel(models.TextChoices):
    SMS = "sms", _("短信")
    INAPP = "inapp", _("站内消息")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    DONE = "done", _("已举办")
    ARCHIVED = "archived", _("已归档")


class SignupStatus(models.TextChoices):
    INVITED = "invited", _("已邀请")
    SIGNED_UP = "signed_up", _("已报名")


class IssueKindChoices(models.TextChoices):
    """What a visit can raise; each becomes a ticket of that kind."""

    COMPLAINT = "complaint", pgettext_lazy("visit issue", "投诉")
    REPAIR = "repair", _("报修需求")
    SUGGESTION = "suggestion", _("意见建议")
    INQUIRY = "inquiry", _("咨询")
