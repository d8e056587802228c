from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "aftersales.analysis"
    label = "analysis"
    verbose_name = "分析与会议"

    def ready(self) -> None:
        # The weekly report, roll-up, recurring analysis and lessons list are also background
        # export kinds of the reports app's export centre (R-RPT-4).
        from aftersales.analysis.export_kinds import register_all

        register_all()

        from aftersales.analysis.capabilities import CAPABILITIES
        from aftersales.core import menu
        from aftersales.core.permissions import register_capabilities

        register_capabilities(CAPABILITIES)
        for order, (label, url_name, capability, icon) in enumerate(
            [
                (_("投诉周报"), "analysis:weekly", "reports.view", "report"),
                (_("问题分析"), "analysis:recurring", "reports.view", "chart-pie"),
                (_("设计施工改进"), "analysis:lessons", "reports.view", "bulb"),
                (_("预警看板"), "analysis:warnings_board", "tickets.warnings", "alert-octagon"),
                (_("会议纪要"), "analysis:meetings", "meetings.view", "notes"),
            ],
            start=2,
        ):
            menu.register_entry("reports", label, url_name, capability, icon, order=order * 10)
