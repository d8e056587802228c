"""Web screens of 附件 (namespace ``attachments``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
