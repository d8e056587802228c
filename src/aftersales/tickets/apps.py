from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "aftersales.tickets"
    label = "tickets"
    verbose_name = "报事工单"
