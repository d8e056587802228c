from django.urls import path

from aftersales.frontdesk.views import locks, owner, paid, residents

app_name = "frontdesk"

urlpatterns = [
    # paid services, price list, remittances (R-SVC-1)
    path("paid/", paid.paid_list, name="paid_list"),
    path("paid/new/", paid.paid_create, name="paid_create"),
    path("paid/export/", paid.paid_export, name="paid_export"),
    path("paid/print/", paid.paid_print_list, name="paid_print_list"),
    path("paid/<int:pk>/", paid.paid_detail, name="paid_detail"),
    path("paid/<int:pk>/print/", paid.paid_print, name="paid_print"),
    path("paid/<int:pk>/<slug:action>/", paid.paid_action, name="paid_action"),
    path("prices/", paid.price_list, name="price_list"),
    path("prices/new/", paid.price_create, name="price_create"),
    path("remittances/", paid.remittance_list, name="remittance_list"),
    path("remittances/new/", paid.remittance_create, name="remittance_create"),
    path("remittances/export/", paid.remittance_export, name="remittance_export"),
    path("remittances/<int:pk>/", paid.remittance_detail, name="remittance_detail"),
    path("remittances/<int:pk>/confirm/", paid.remittance_confirm, name="remittance_confirm"),
    # the owner's booking and his requests, in the portal's layout (R-SS-1)
    path("my/book/", owner.book, name="book"),
    path("my/services/", owner.my_services, name="my_services"),
    path(
        "my/services/<int:pk>/<slug:action>/",
        owner.my_service_action,
        name="my_service_action",
    ),
    # lock break/change (R-SVC-2)
    path("locks/", locks.lock_list, name="lock_list"),
    path("locks/new/", locks.lock_create, name="lock_create"),
    path("locks/export/", locks.lock_export, name="lock_export"),
    path("locks/<int:pk>/", locks.lock_detail, name="lock_detail"),
    path("locks/<int:pk>/print/", locks.lock_print, name="lock_print"),
    path("locks/<int:pk>/<slug:action>/", locks.lock_action, name="lock_action"),
    # mail (R-SVC-3)
    path("mail/", residents.mail_list, name="mail_list"),
    path("mail/new/", residents.mail_create, name="mail_create"),
    path("mail/export/", residents.mail_export, name="mail_export"),
    path("mail/print/", residents.mail_print_list, name="mail_print_list"),
    path("mail/<int:pk>/", residents.mail_detail, name="mail_detail"),
    path("mail/<int:pk>/deliver/", residents.mail_deliver, name="mail_deliver"),
    # renovation (R-SVC-4)
    path("renovations/", residents.renovation_list, name="renovation_list"),
    path("renovations/new/", residents.renovation_create, name="renovation_create"),
    path("renovations/export/", residents.renovation_export, name="renovation_export"),
    path("renovations/<int:pk>/", residents.renovation_detail, name="renovation_detail"),
    path("renovations/<int:pk>/print/", residents.renovation_print, name="renovation_print"),
    path(
        "renovations/<int:pk>/<slug:action>/",
        residents.renovation_action,
        name="renovation_action",
    ),
    # release slips and the gate (R-SVC-5)
    path("slips/", residents.slip_list, name="slip_list"),
    path("slips/new/", residents.slip_create, name="slip_create"),
    path("slips/export/", residents.slip_export, name="slip_export"),
    path("slips/<int:pk>/", residents.slip_detail, name="slip_detail"),
    path("slips/<int:pk>/print/", residents.slip_print, name="slip_print"),
    path("gate/", residents.gate, name="gate"),
]
