from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "aftersales.attachments"
    label = "attachments"
    verbose_name = "附件"
