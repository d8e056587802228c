from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "aftersales.analysis"
    label = "analysis"
    verbose_name = "分析与会议"

    def ready(self) -> None:
        # The weekly report, roll-up, recurring analysis and lessons list are also background
        # export kinds of the reports app's export centre (R-RPT-4).
        from aftersales.analysis.export_kinds import register_all

        register_all()
