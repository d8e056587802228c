from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "aftersales.reports"
    label = "reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from aftersales.core.tasks import register_stale_run

        register_stale_run(
            "export", "EXPORT_STALE_SECONDS", "aftersales.reports.exports.fail_abandoned_exports"
        )
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

        # The report facts follow the ticket trail: the ticket services hand every event they
        # write to the projections of aftersales.core.projections, in the same transaction
        # (tickets cannot import reports, which sits above them). A failure is logged and the
        # ticket marked for rebuild (StaleFact), never silently lost.
        from aftersales.core import projections
        from aftersales.core.schedule import register_job
        from aftersales.reports import facts

        projections.register(
            "report_facts", facts.project, on_failure=facts.mark_stale, wants=facts.follows
        )
        register_job("report_fact_rebuild", 300, "aftersales.reports.tasks.rebuild_stale_facts")
