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
        from aftersales.costs.services.approvals import assert_work_may_start, check_thresholds
        from aftersales.costs.services.ledgers import ensure_funds
        from aftersales.tickets.workflow import register_guard

        checks.register(check_thresholds)
        register_guard("start", assert_work_may_start)  # R-CST-1
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
        from aftersales.core import audit
        from aftersales.costs import home

        audit.register_words(
            actions={
                "review": _("审核决算"),
                "confirm": _("施工单位确认"),
                "certify": _("副总工程师签认"),
                "pay": _("财务付款"),
                "deposit": _("缴纳保证金"),
                "release": _("退还保证金"),
                "draw": _("支用周转金"),
                "replenish": _("补充周转金"),
            },
            fields={
                "approved_total": _("核定金额"),
                "comment": _("意见"),
                "lines": _("明细行数"),
                "purpose": _("用途"),
                "project": _("项目"),
                "amount": _("金额"),
            },
        )

        menu.register_home_card("costs.approvals", home.approvals_card, order=4)
        demo_registry.register_demo("costs.contractors", demo.demo_contractors, order=20)
        demo_registry.register_demo("costs.flows", demo.demo_flows, order=40)
