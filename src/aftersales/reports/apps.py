from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "aftersales.reports"
    label = "reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from aftersales.core import demo, menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.reports.capabilities import CAPABILITIES
        from aftersales.reports.demo import demo_history

        register_capabilities(CAPABILITIES)
        menu.register_section("reports", _("统计分析"), order=40)
        menu.register_entry(
            "reports", _("数据看板"), "reports:dashboard", "reports.view", "chart-bar", order=10
        )
        menu.register_entry(
            "reports", _("导出任务"), "reports:exports", "reports.export", "download", order=70
        )
        demo.register_demo("reports.history", demo_history, order=50, atomic=False)

        # The report facts follow the ticket trail: every ticket action ends by writing one
        # TicketEvent (after the ticket, its deadlines and callbacks are saved), so refreshing
        # the ticket's fact row then sees the finished step. A projection for reporting is a
        # cross-cutting concern; the ticket services stay unaware of it.
        from django.db.models.signals import post_save

        from aftersales.tickets.models import TicketEvent

        post_save.connect(_event_saved, sender=TicketEvent, dispatch_uid="reports.fact_refresh")


def _event_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    from aftersales.reports.facts import refresh_quietly

    registered = created and instance.action == "register"
    refresh_quietly(instance.ticket_id, instance.ticket if registered else None)
