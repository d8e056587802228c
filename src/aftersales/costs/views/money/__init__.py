"""Screens of the money flow: approvals inbox, final accounts, settlements, payments, prints."""

from django.urls import path

from aftersales.costs.views.money import actions, inbox, lists, panel, payments, printing

urlpatterns = [
    path("approvals/", inbox.approvals_inbox, name="approvals"),
    path("spending/<int:pk>/decide/", actions.decide, name="spending_decide"),
    path("settlements/", lists.settlement_list, name="settlements"),
    path("settlements/<int:pk>/", lists.settlement_detail, name="settlement_detail"),
    path("settlements/<int:pk>/print/", printing.print_settlement, name="print_settlement"),
    path("settlements/<int:pk>/<slug:step>/", actions.settlement_step, name="settlement_step"),
    path("final-accounts/<int:pk>/", lists.account_detail, name="account_detail"),
    path("final-accounts/<int:pk>/print/", printing.print_account, name="print_account"),
    path("final-accounts/<int:pk>/review/", actions.review, name="account_review"),
    path("payments/", payments.payment_queue, name="payments"),
    path("tickets/<int:pk>/spending/", panel.request_spending, name="spending_new"),
    path("tickets/<int:pk>/final-account/", panel.file_account, name="account_new"),
]
