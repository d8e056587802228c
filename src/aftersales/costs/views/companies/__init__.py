"""Screens of contractors, their deposit ledgers, transfers, revolving funds and evaluation."""

urlpatterns: list = []
