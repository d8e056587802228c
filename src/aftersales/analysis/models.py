"""Lessons for design and construction (R-RPT-3) and meetings with action items (R-RPT-5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from aftersales.analysis.choices import Dimension, LessonOwner, LessonStatus, MeetingKind


class Lesson(models.Model):
    """One line of the 设计施工改进清单: a recurring problem handed to design or engineering.

    Created from a row of the recurring-problem analysis; the counts are a snapshot of that
    row at the time (``period_start``–``period_end``), the annotation and the decision are
    engineering's. ``project`` empty means the row was taken across every project.
    """

    SCOPE_PROJECT = "project_id"

    project = models.ForeignKey(
        "estates.Project", verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT
    )
    dimension = models.CharField("分析维度", max_length=20, choices=Dimension.choices)
    value = models.CharField("维度取值", max_length=100, blank=True)
    value_label = models.CharField("取值名称", max_length=150)
    period_start = models.DateField("统计起")
    period_end = models.DateField("统计止")
    ticket_count = models.PositiveIntegerField("报修单数", default=0)
    house_count = models.PositiveIntegerField("涉及户数", default=0)
    repeat_house_count = models.PositiveIntegerField("重复报修户数", default=0)
    title = models.CharField("标题", max_length=200)
    annotation = models.TextField("工程批注", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=LessonStatus.choices, default=LessonStatus.OPEN
    )
    owner_dept = models.CharField(
        "责任部门", max_length=20, choices=LessonOwner.choices, default=LessonOwner.ENGINEERING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "设计施工改进项"
        verbose_name_plural = "设计施工改进清单"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "owner_dept"])]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A meeting with minutes (R-RPT-5). ``project`` empty: a head-office meeting."""

    SCOPE_PROJECT = "project_id"

    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=200)
    project = models.ForeignKey(
        "estates.Project",
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name="专题投诉",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="special_meetings",
    )
    held_on = models.DateField("会议日期", db_index=True)
    place = models.CharField("地点", max_length=100, blank=True)
    chair = models.CharField("主持人", max_length=60, blank=True)
    attendees = models.TextField("参会人员", blank=True)
    minutes = models.TextField("会议纪要", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议纪要"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """A decision of a meeting to be carried out by one person, possibly about tickets."""

    SCOPE_PROJECT = "meeting__project_id"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("事项")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    due_on = models.DateField("完成期限", null=True, blank=True)
    done = models.BooleanField("已完成", default=False)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    tickets = models.ManyToManyField(
        "tickets.Ticket", verbose_name="相关工单", blank=True, related_name="meeting_actions"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "会议待办"
        verbose_name_plural = "会议待办"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40]
