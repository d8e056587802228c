"""Web screens of 统计报表 (namespace ``reports``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
