"""Web screens of tickets (namespace ``tickets``)."""

from django.urls import path

from aftersales.tickets.views import (
    detail,
    field,
    phenomena,
    policies,
    printing,
    routed,
    search,
    warnings,
    workbench,
)

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("screen-pop/", workbench.screen_pop, name="screen_pop"),
    path("pick/", workbench.pick, name="pick"),
    path("list/", search.ticket_list, name="list"),
    path("saved-views/", search.saved_view_create, name="saved_view_create"),
    path("saved-views/<int:pk>/delete/", search.saved_view_delete, name="saved_view_delete"),
    path("field/", field.field, name="field"),
    path("routed/", routed.routed, name="routed"),
    path("warnings/", warnings.warning_list, name="warnings"),
    path("policies/", policies.policy_list, name="policies"),
    path("phenomena/", phenomena.phenomenon_list, name="phenomena"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/print/<slug:form>/", printing.print_form, name="print"),
    path("<int:pk>/signature.png", detail.signature, name="signature"),
    path("<int:pk>/<slug:action>/", detail.action, name="action"),
]
