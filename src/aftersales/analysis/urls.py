"""Web screens of 分析与会议 (namespace ``analysis``)."""

from django.urls import path

from aftersales.analysis.views import board, lessons, meetings, recurring, weekly

urlpatterns = [
    path("weekly/", weekly.weekly_view, name="weekly"),
    path("weekly/print/", weekly.weekly_print, name="weekly_print"),
    path("weekly/export/", weekly.weekly_export, name="weekly_export"),
    path("rollup/", weekly.rollup_view, name="rollup"),
    path("rollup/print/", weekly.rollup_print, name="rollup_print"),
    path("rollup/export/", weekly.rollup_export, name="rollup_export"),
    path("recurring/", recurring.recurring_view, name="recurring"),
    path("recurring/export/", recurring.recurring_export, name="recurring_export"),
    path("recurring/tickets/", recurring.recurring_tickets, name="recurring_tickets"),
    path("lessons/", lessons.lesson_list, name="lessons"),
    path("lessons/new/", lessons.lesson_create, name="lesson_create"),
    path("lessons/export/", lessons.lesson_export, name="lesson_export"),
    path("lessons/<int:pk>/", lessons.lesson_detail, name="lesson_detail"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/print/", meetings.meeting_print, name="meeting_print"),
    path("meetings/<int:pk>/actions/", meetings.action_add, name="action_add"),
    path(
        "meetings/<int:pk>/actions/<int:action_pk>/done/",
        meetings.action_done,
        name="action_done",
    ),
    path("warnings-board/", board.warnings_board, name="warnings_board"),
]
