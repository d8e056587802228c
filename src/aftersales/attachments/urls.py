"""Web screens of 附件 (namespace ``attachments``)."""

from django.urls import path

from aftersales.attachments.views import panel

urlpatterns = [
    path("ticket/<int:ticket>/upload/", panel.upload, name="upload"),
    path("<int:pk>/file/", panel.file, name="file"),
    path("<int:pk>/thumbnail.jpg", panel.thumbnail, name="thumbnail"),
    path("<int:pk>/delete/", panel.delete, name="delete"),
]
