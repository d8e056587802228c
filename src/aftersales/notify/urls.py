"""Web screens of notifications (namespace ``notify``)."""

from django.urls import path
from django.views.generic import RedirectView

from aftersales.notify import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="notify:inbox")),
    path("inbox/", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="read"),
    path("templates/", views.template_list, name="templates"),
]
