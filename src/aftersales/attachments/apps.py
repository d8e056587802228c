from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "aftersales.attachments"
    label = "attachments"
    verbose_name = "附件"

    def ready(self) -> None:
        from aftersales.attachments.capabilities import CAPABILITIES
        from aftersales.core.permissions import register_capabilities

        register_capabilities(CAPABILITIES)

        # The ticket screens offer and store photos through this app's panel (R-TKT-4).
        from aftersales.attachments.views import panel
        from aftersales.tickets.views import photos

        photos.use(panel)
