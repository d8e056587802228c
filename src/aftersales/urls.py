"""URL map: web UI by domain, the JSON API under /api/v1/, Django admin for emergencies."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from aftersales.accounts import views as account_views
from aftersales.api.app import api
from aftersales.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", account_views.login_view, name="login"),
    path("logout/", account_views.logout_view, name="logout"),
    path("accounts/", include(("aftersales.accounts.urls", "accounts"))),
    path("estates/", include(("aftersales.estates.urls", "estates"))),
    path("tickets/", include(("aftersales.tickets.urls", "tickets"))),
    path("system/", include(("aftersales.core.urls", "core"))),
    path("notifications/", include(("aftersales.notify.urls", "notify"))),
    path("costs/", include(("aftersales.costs.urls", "costs"))),
    path("reports/", include(("aftersales.reports.urls", "reports"))),
    path("analysis/", include(("aftersales.analysis.urls", "analysis"))),
    path("attachments/", include(("aftersales.attachments.urls", "attachments"))),
    path("frontdesk/", include(("aftersales.frontdesk.urls", "frontdesk"))),
    path("fees/", include(("aftersales.fees.urls", "fees"))),
    path("handover/", include(("aftersales.handover.urls", "handover"))),
    path("m/", include(("aftersales.portal.urls", "portal"))),
    path("care/", include(("aftersales.care.urls", "care"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
