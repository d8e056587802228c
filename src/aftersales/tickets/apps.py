from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "aftersales.tickets"
    label = "tickets"
    verbose_name = "报事工单"

    def warm(self) -> None:
        """Load the word dictionary of the search index (seconds) when the app server boots,
        not in the first intake a worker serves (see ``aftersales.wsgi``)."""
        from aftersales.tickets import search

        search.warm()

    def ready(self) -> None:
        from django.conf import settings

        from aftersales.core import menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.core.schedule import register_job
        from aftersales.estates.sections import register_section
        from aftersales.tickets import reference, search, selectors
        from aftersales.tickets.capabilities import CAPABILITIES

        register_capabilities(CAPABILITIES)
        register_section(
            "customer",
            "tickets",
            "tickets/_customer_tickets.html",
            selectors.customer_section,
            order=10,
        )
        register_section(
            "house", "tickets", "tickets/_house_tickets.html", search.house_section, order=10
        )
        register_reference("tickets.policies", reference.ensure)
        register_job(
            "deadline_sweep",
            settings.DEADLINE_SWEEP_SECONDS,
            "aftersales.tickets.tasks.sweep_deadlines",
        )
        menu.register_section("tickets", _("报事工单"), order=20)
        entry = menu.register_entry
        entry("tickets", _("客服工作台"), "tickets:workbench", "tickets.intake", "headset", 10)
        entry("tickets", _("工单查询"), "tickets:list", "tickets.search", "search", 15)
        entry("tickets", _("我的维修任务"), "tickets:field", "tickets.field", "tool", 20)
        entry("tickets", _("转本部门的投诉"), "tickets:routed", "tickets.routed", "inbox", 25)
        entry("tickets", _("预警"), "tickets:warnings", "tickets.warnings", "alert-triangle", 30)
        entry("system", _("时限规则"), "tickets:policies", "policies.manage", "clock", 20)
        entry("system", _("报事现象"), "tickets:phenomena", "policies.manage", "list-tree", 30)
        from aftersales.tickets import home

        menu.register_home_card("tickets.mine", home.my_tickets_card, order=1)
        menu.register_home_card("tickets.at_risk", home.at_risk_card, order=2)
        menu.register_home_card("tickets.overdue", home.overdue_card, order=3)
        menu.register_home_card("tickets.routed", home.routed_card, order=5)
