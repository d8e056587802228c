from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "aftersales.portal"
    label = "portal"
    verbose_name = "业主服务"

    def ready(self) -> None:
        from aftersales.portal import registrations

        registrations.register_all()
