"""Screens of contractors, their deposit ledgers, transfers, revolving funds and evaluation.

* :mod:`.contractors` — 施工单位 list, form and page with the deposit ledger (R-CST-3);
* :mod:`.transfers` — work handed to contractors and their answers (R-DSP-8);
* :mod:`.funds` — the revolving funds (R-CST-4);
* :mod:`.evaluation` — quarterly and yearly evaluation (R-CST-5).
"""

from django.urls import path

from aftersales.costs.views.companies import contractors, evaluation, funds, transfers

urlpatterns: list = [
    path("contractors/", contractors.contractor_list, name="contractor_list"),
    path("contractors/new/", contractors.contractor_create, name="contractor_create"),
    path("contractors/<int:pk>/", contractors.contractor_detail, name="contractor_detail"),
    path("contractors/<int:pk>/edit/", contractors.contractor_edit, name="contractor_edit"),
    path("contractors/<int:pk>/deposits/", contractors.deposit, name="contractor_deposit"),
    path("contractors/<int:pk>/releases/", contractors.release, name="contractor_release"),
    path("contractors/<int:pk>/ledger.xlsx", contractors.ledger_export, name="ledger_export"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/<int:pk>/answer/", transfers.transfer_answer, name="transfer_answer"),
    path("tickets/<int:pk>/transfer/", transfers.ticket_transfer, name="ticket_transfer"),
    path("funds/", funds.fund_list, name="funds"),
    path("funds/<int:pk>/draw/", funds.fund_draw, name="fund_draw"),
    path("funds/<int:pk>/replenish/", funds.fund_replenish, name="fund_replenish"),
    path("funds/<int:pk>/ledger.xlsx", funds.fund_export, name="fund_export"),
    path("evaluation/", evaluation.evaluation_page, name="evaluation"),
    path("evaluation/export.xlsx", evaluation.evaluation_export, name="evaluation_export"),
]
