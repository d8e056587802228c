"""Screens of the money flow: approvals inbox, final accounts, settlements, payments, prints."""

urlpatterns: list = []
