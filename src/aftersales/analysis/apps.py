from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "aftersales.analysis"
    label = "analysis"
    verbose_name = "分析与会议"
