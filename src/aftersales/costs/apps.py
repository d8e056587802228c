from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "aftersales.costs"
    label = "costs"
    verbose_name = "费用与施工单位"

    def ready(self) -> None:
        from django.core import checks

        from aftersales.costs.services.approvals import check_thresholds

        checks.register(check_thresholds)
