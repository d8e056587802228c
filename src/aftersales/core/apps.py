from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor. It knows no other app: the apps register into its registries
    (capabilities, roles of the data scope, reference data, periodic jobs, menu, demo steps)."""

    name = "aftersales.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.core import checks

        from aftersales.core import menu, reference, schedule
        from aftersales.core.scoping import check_scopes

        checks.register(check_scopes)
        # Once per migrate/flush, after the last of our apps has been migrated.
        post_migrate.connect(
            reference.ensure_reference_data, sender=self, dispatch_uid="aftersales-reference"
        )
        reference.register_reference("core.calendar", reference.ensure_calendar)
        schedule.register_job(
            "idempotency_prune", 3600, "aftersales.core.tasks.prune_idempotency_records"
        )
        schedule.register_job(
            "stale_run_recovery",
            settings.STALE_RUN_RECOVERY_SECONDS,
            "aftersales.core.tasks.recover_stale_run_records",
        )
        menu.register_section("home", _("工作台"), order=10)
        menu.register_section("system", _("系统"), order=90)
        menu.register_entry("home", _("首页"), "home", None, "home", order=10)
        menu.register_entry(
            "system", _("工作日历"), "core:calendar", "calendar.view", "calendar", order=10
        )
        menu.register_entry("system", _("审计日志"), "core:audit", "audit.view", "list", order=60)
        menu.register_entry("system", _("接口文档"), "api:openapi-view", None, "code", order=70)
