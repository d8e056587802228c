"""Web screens of tickets (namespace ``tickets``)."""

from django.urls import path

from aftersales.tickets.views import detail, field, workbench

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("screen-pop/", workbench.screen_pop, name="screen_pop"),
    path("pick/", workbench.pick, name="pick"),
    path("field/", field.field, name="field"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/<slug:action>/", detail.action, name="action"),
]
