from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "aftersales.costs"
    label = "costs"
    verbose_name = "费用与施工单位"
