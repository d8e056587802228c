"""The owner's mobile pages under /m/ (R-SS-1)."""

from django.urls import path

from aftersales.portal.views import pages, signin

urlpatterns = [
    path("", pages.home, name="home"),
    path("login/", signin.login, name="login"),
    path("logout/", signin.logout, name="logout"),
    path("houses/", pages.houses, name="houses"),
    path("houses/<int:pk>/warranty/", pages.warranty, name="warranty"),
    path("report/", pages.report, name="report"),
    path("tickets/", pages.tickets, name="tickets"),
    path("tickets/<int:pk>/", pages.ticket, name="ticket"),
    path("tickets/<int:pk>/sign/", pages.sign, name="sign"),
    path("tickets/<int:pk>/rate/", pages.rate, name="rate"),
    path("notifications/", pages.notifications, name="notifications"),
]
