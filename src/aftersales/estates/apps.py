from django.apps import AppConfig


class EstatesConfig(AppConfig):
    name = "aftersales.estates"
    label = "estates"
    verbose_name = "房产与客户"
