"""Web screens of 统计报表 (namespace ``reports``)."""

from django.urls import path

from aftersales.reports.views import dashboard, exports

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("drill/", dashboard.drill, name="drill"),
    path("exports/", exports.export_list, name="exports"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
