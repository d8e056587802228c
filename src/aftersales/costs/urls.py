"""Web screens of 费用与施工单位 (namespace ``costs``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
