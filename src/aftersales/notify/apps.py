from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "aftersales.notify"
    label = "notify"
    verbose_name = "消息通知"

    def ready(self) -> None:
        from aftersales.core.tasks import register_stale_run

        register_stale_run(
            "notification",
            "TASK_STALE_SECONDS",
            "aftersales.notify.tasks.requeue_lost_notifications",
        )
        from aftersales.core import menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.notify import reference
        from aftersales.notify.capabilities import CAPABILITIES

        register_capabilities(CAPABILITIES)
        register_reference("notify.templates", reference.ensure)
        menu.register_entry("home", _("我的消息"), "notify:inbox", None, "bell", order=20)
        menu.register_entry(
            "system", _("消息模板"), "notify:templates", "notify.templates", "mail", order=40
        )
