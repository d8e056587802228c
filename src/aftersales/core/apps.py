from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "aftersales.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from aftersales.core.reference import ensure_reference_data

        # Once per migrate/flush, after the last of our apps has been migrated.
        post_migrate.connect(
            ensure_reference_data, sender=self, dispatch_uid="aftersales-reference"
        )
