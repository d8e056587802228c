from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "aftersales.fees"
    label = "fees"
    verbose_name = "物业收费"

    def ready(self) -> None:
        from aftersales.fees import registrations

        registrations.register_all()
