"""Web screens of 分析与会议 (namespace ``analysis``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
