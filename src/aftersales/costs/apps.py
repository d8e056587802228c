from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "aftersales.costs"
    label = "costs"
    verbose_name = "费用与施工单位"

    def ready(self) -> None:
        from django.core import checks

        from aftersales.core import demo as demo_registry
        from aftersales.core import menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.costs import demo
        from aftersales.costs.capabilities import CAPABILITIES
        from aftersales.costs.services.approvals import check_thresholds
        from aftersales.costs.services.ledgers import ensure_funds

        checks.register(check_thresholds)
        register_capabilities(CAPABILITIES)
        register_reference("costs.funds", ensure_funds)
        menu.register_section("costs", _("费用与施工单位"), order=30)
        for order, (label, url_name, capability, icon) in enumerate(
            [
                (_("待我审批"), "costs:approvals", "costs.inbox", "checklist"),
                (_("决算与结算"), "costs:settlements", "costs.view", "receipt"),
                (_("付款队列"), "costs:payments", "costs.pay", "cash"),
                (_("施工单位"), "costs:contractor_list", "contractors.view", "building-factory"),
                (_("转交工单"), "costs:transfers", "costs.confirm", "truck"),
                (_("周转金"), "costs:funds", "funds.view", "wallet"),
                (_("考核评价"), "costs:evaluation", "evaluation.view", "award"),
            ]
        ):
            menu.register_entry("costs", label, url_name, capability, icon, order=order * 10)
        from aftersales.costs import home

        menu.register_home_card("costs.approvals", home.approvals_card, order=4)
        demo_registry.register_demo("costs.contractors", demo.demo_contractors, order=20)
        demo_registry.register_demo("costs.flows", demo.demo_flows, order=40)
