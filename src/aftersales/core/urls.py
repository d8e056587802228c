from django.urls import path

from aftersales.core import views

urlpatterns = [
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/schedule/", views.calendar_year, name="calendar_year"),
    path("calendar/day/<str:date>/", views.calendar_day, name="calendar_day"),
    path("audit/", views.audit_list, name="audit"),
]
