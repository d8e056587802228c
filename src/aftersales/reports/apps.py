from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "aftersales.reports"
    label = "reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        # The report facts follow the ticket trail: the ticket services hand every event they
        # write to the projections of aftersales.core.projections, in the same transaction
        # (tickets cannot import reports, which sits above them). A failure is logged and the
        # ticket marked for rebuild (StaleFact), never silently lost.
        from aftersales.core import projections
        from aftersales.reports import facts

        projections.register("report_facts", facts.project, on_failure=facts.mark_stale)
