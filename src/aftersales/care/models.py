"""Visits, questionnaires, customer care and community activities (R-VIS-1..5)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from aftersales.care.choices import (
    ActivityStatus,
    CampaignKind,
    CampaignStatus,
    CareChannel,
    CareKind,
    QuestionnaireKind,
    QuestionType,
    ResponseSource,
    SignupStatus,
    VisitMethod,
)

# A notice-board item is renewed every two weeks (R-VIS-5).
NOTICE_RENEWAL_DAYS = 14


class Questionnaire(models.Model):
    """A questionnaire (客户满意度调查表, 业主意见征询表) that every office may use."""

    SCOPE_GLOBAL = True

    title = models.CharField("标题", max_length=100)
    kind = models.CharField(
        "类型",
        max_length=12,
        choices=QuestionnaireKind.choices,
        default=QuestionnaireKind.SATISFACTION,
    )
    intro = models.TextField("说明", blank=True)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "问卷"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    SCOPE_GLOBAL = True

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions"
    )
    index = models.PositiveSmallIntegerField("序号")
    section = models.CharField("分节", max_length=60, blank=True)
    text = models.CharField("题目", max_length=300)
    type = models.CharField("题型", max_length=8, choices=QuestionType.choices)
    options = models.JSONField("选项", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问卷题目"
        ordering = ["questionnaire_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "index"], name="uniq_question_index")
        ]

    def __str__(self) -> str:
        return f"{self.index}. {self.text}"


class Campaign(models.Model):
    """A visit campaign of one project: its targets, visits, coverage and goal (R-VIS-1)."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    kind = models.CharField("类型", max_length=10, choices=CampaignKind.choices)
    title = models.CharField("名称", max_length=100)
    status = models.CharField(
        "状态", max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    sample_rate = models.DecimalField(
        "抽样比例", max_digits=4, decimal_places=3, null=True, blank=True
    )
    seed = models.BigIntegerField("抽样种子", default=0)
    goal = models.DecimalField("覆盖率目标", max_digits=4, decimal_places=3)
    houses = models.PositiveIntegerField("房屋总数", default=0)
    occupied = models.PositiveIntegerField("入住户数", default=0)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", null=True, blank=True, on_delete=models.PROTECT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回访计划"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """One house drawn into a campaign, and the member of staff who is to visit it."""

    SCOPE_PROJECT = "campaign__project_id"

    campaign = models.ForeignKey(
        Campaign, verbose_name="回访计划", on_delete=models.CASCADE, related_name="targets"
    )
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited = models.BooleanField("已回访", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "回访对象"
        ordering = ["campaign_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "house"], name="uniq_campaign_house")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.house_id}"


class Response(models.Model):
    """One filled-in questionnaire: from a visit, a phone call, or the owner's own phone."""

    SCOPE_PROJECT = "project_id"
    SCOPE_UNASSIGNED = "project"
    SCOPE_CUSTOMER = "customer_id"

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.PROTECT, related_name="responses"
    )
    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", null=True, blank=True, on_delete=models.PROTECT
    )
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", null=True, blank=True, on_delete=models.PROTECT
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name="回访计划", null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField("来源", max_length=8, choices=ResponseSource.choices)
    link_key = models.CharField("链接指纹", max_length=64, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField("提交时间", db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = verbose_name_plural = "问卷答卷"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"答卷 #{self.pk}"


class Answer(models.Model):
    """One answer; the questionnaire, project and time are copied from the response so that
    the statistics are one aggregate over this table."""

    SCOPE_PROJECT = "project_id"
    SCOPE_UNASSIGNED = "project"
    SCOPE_CUSTOMER = "response__customer_id"

    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.PROTECT)
    questionnaire = models.ForeignKey(Questionnaire, verbose_name="问卷", on_delete=models.PROTECT)
    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT
    )
    submitted_at = models.DateTimeField("提交时间")
    month = models.DateField("月份", help_text="提交时间所在月的第一天（本地时间），按月统计用")
    score = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    value = models.CharField("回答", max_length=1000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问卷回答"
        # The statistics group by these columns in this order: an index-only scan, no sort.
        indexes = [
            models.Index(
                fields=["questionnaire", "question", "project", "month", "score"],
                name="care_answer_stats_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"


class Visit(models.Model):
    """A visit (in person or by phone) to a campaign's target house (R-VIS-1, R-VIS-3)."""

    SCOPE_PROJECT = "campaign__project_id"

    campaign = models.ForeignKey(
        Campaign, verbose_name="回访计划", on_delete=models.PROTECT, related_name="visits"
    )
    target = models.ForeignKey(
        Target, verbose_name="回访对象", on_delete=models.PROTECT, related_name="visits"
    )
    house = models.ForeignKey("estates.House", verbose_name="房屋", on_delete=models.PROTECT)
    customer = models.ForeignKey(
        "estates.Customer", verbose_name="客户", null=True, blank=True, on_delete=models.PROTECT
    )
    method = models.CharField("方式", max_length=10, choices=VisitMethod.choices)
    note = models.TextField("记录", blank=True)
    response = models.ForeignKey(
        Response, verbose_name="问卷答卷", null=True, blank=True, on_delete=models.SET_NULL
    )
    severely_dissatisfied = models.BooleanField("非常不满意", default=False)
    repeat_done_at = models.DateTimeField("经理复访时间", null=True, blank=True)
    repeat_note = models.TextField("复访记录", blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回访人", on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField("回访时间")

    class Meta:
        verbose_name = verbose_name_plural = "回访记录"
        ordering = ["-visited_at", "-id"]

    def __str__(self) -> str:
        return f"回访 #{self.pk}"

    @property
    def needs_repeat(self) -> bool:
        return self.severely_dissatisfied and self.repeat_done_at is None


class VisitIssue(models.Model):
    """An opinion, request or complaint raised in a visit; handled as a ticket (R-VIS-3)."""

    SCOPE_PROJECT = "visit__campaign__project_id"

    visit = models.ForeignKey(
        Visit, verbose_name="回访记录", on_delete=models.CASCADE, related_name="issues"
    )
    kind = models.CharField("类型", max_length=12)
    description = models.CharField("内容", max_length=1000)
    category = models.CharField("类别", max_length=20, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name="工单", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "回访发现问题"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:40]


class SpotCheck(models.Model):
    """The service manager's yearly spot-check of a project's visit follow-up (R-VIS-3)."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽查人", on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField("抽查日期")
    visits_checked = models.PositiveIntegerField("抽查户数")
    findings = models.TextField("抽查结论")

    class Meta:
        verbose_name = verbose_name_plural = "回访抽查"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="uniq_spot_check_year")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}"


class CareRule(models.Model):
    """A customer-care rule an administrator configures (R-VIS-4)."""

    SCOPE_GLOBAL = True

    kind = models.CharField("类型", max_length=22, choices=CareKind.choices)
    name = models.CharField("名称", max_length=60)
    months = models.PositiveSmallIntegerField("提前/间隔月数", null=True, blank=True)
    segment = models.CharField("客户分类", max_length=12, blank=True)
    channel = models.CharField(
        "发送渠道", max_length=8, choices=CareChannel.choices, default=CareChannel.SMS
    )
    text = models.CharField("内容", max_length=300)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "客户关怀规则"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class CareMessage(models.Model):
    """One care message, recorded exactly once: ``key`` is unique, so two schedulers running
    the same day insert it once and only the winner sends."""

    SCOPE_PROJECT = "project_id"
    SCOPE_UNASSIGNED = "project"
    SCOPE_CUSTOMER = "customer_id"

    key = models.CharField("去重键", max_length=120, unique=True)
    rule = models.ForeignKey(CareRule, verbose_name="规则", null=True, on_delete=models.SET_NULL)
    kind = models.CharField("类型", max_length=22, choices=CareKind.choices)
    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT
    )
    house = models.ForeignKey(
        "estates.House", verbose_name="房屋", null=True, blank=True, on_delete=models.PROTECT
    )
    customer = models.ForeignKey("estates.Customer", verbose_name="客户", on_delete=models.PROTECT)
    on = models.DateField("日期")
    component = models.CharField("保修部位", max_length=60, blank=True)
    channel = models.CharField("渠道", max_length=8, choices=CareChannel.choices)
    text = models.CharField("内容", max_length=500)
    notification = models.ForeignKey(
        "notify.Notification", verbose_name="消息", null=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "关怀消息"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.key


class Activity(models.Model):
    """A community activity (社区文化活动): plan, invitations, sign-up, record, archive."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    theme = models.CharField("主题", max_length=100)
    items = models.TextField("活动内容", blank=True)
    cost = models.DecimalField("预算费用", max_digits=12, decimal_places=2, default=0)
    place = models.CharField("地点", max_length=100)
    starts_at = models.DateTimeField("时间")
    people = models.PositiveIntegerField("预计人数", default=0)
    prizes = models.TextField("奖品", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    record = models.TextField("执行记录", blank=True)
    attendance = models.PositiveIntegerField("实际参加人数", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="策划人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区活动"
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.theme


class Signup(models.Model):
    """An owner invited to an activity, and whether (with how many people) he signed up."""

    SCOPE_PROJECT = "activity__project_id"
    SCOPE_CUSTOMER = "customer_id"

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups"
    )
    customer = models.ForeignKey("estates.Customer", verbose_name="客户", on_delete=models.PROTECT)
    status = models.CharField(
        "状态", max_length=10, choices=SignupStatus.choices, default=SignupStatus.INVITED
    )
    people = models.PositiveSmallIntegerField("报名人数", default=0)
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)
    signed_up_at = models.DateTimeField("报名时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动报名"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "customer"], name="uniq_activity_customer")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.customer_id}"


def _photo_path(instance, filename: str) -> str:
    return f"activities/{instance.activity_id}/{filename}"


class ActivityPhoto(models.Model):
    SCOPE_PROJECT = "activity__project_id"

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField("照片", upload_to=_photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class Notice(models.Model):
    """A notice-board item; it is renewed every two weeks and flagged when stale."""

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey("estates.Project", verbose_name="项目", on_delete=models.PROTECT)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    renewed_on = models.DateField("更新日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公告栏"
        ordering = ["renewed_on", "id"]

    def __str__(self) -> str:
        return self.title

    def due_on(self) -> dt.date:
        return self.renewed_on + dt.timedelta(days=NOTICE_RENEWAL_DAYS)

    def stale(self, today: dt.date) -> bool:
        return today > self.due_on()
