from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "aftersales.care"
    label = "care"
    verbose_name = "回访与客户关怀"

    def ready(self) -> None:
        from aftersales.care import demo_data, reference, scale
        from aftersales.care.capabilities import CAPABILITIES
        from aftersales.care.selectors import care as care_selectors
        from aftersales.core import audit, demo, generation, menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.core.schedule import register_job
        from aftersales.estates.sections import register_section
        from aftersales.notify.reference import KNOWN_FIELDS

        register_capabilities(CAPABILITIES)
        register_reference("care.defaults", reference.ensure)
        KNOWN_FIELDS.update(reference.KNOWN_FIELDS)  # the placeholders of our message templates
        # Hourly: each message is recorded once (unique key), so reruns send nothing twice.
        register_job("care_messages", 3600, "aftersales.care.tasks.send_care_messages")
        register_section(
            "customer",
            "care",
            "care/_customer_care.html",
            care_selectors.customer_section,
            order=30,
        )
        audit.register_words(
            fields={
                "assigned": "分配户数",
                "assignee": "回访人",
                "targets": "回访对象数",
                "issues": "问题数",
                "invited": "邀请人数",
                "signed_up": "报名客户",
                "photos": "照片数",
            }
        )
        menu.register_section("care", _("回访与关怀"), order=35)
        for order, (label, url_name, icon) in enumerate(
            [
                (_("回访计划"), "care:campaigns", "route"),
                (_("问卷与统计"), "care:questionnaires", "clipboard-list"),
                (_("客户关怀"), "care:upcoming", "heart-handshake"),
                (_("关怀规则"), "care:rules", "settings-heart"),
                (_("社区活动"), "care:activities", "confetti"),
                (_("公告栏"), "care:notices", "pin"),
            ],
            start=1,
        ):
            menu.register_entry("care", label, url_name, "care.view", icon, order=order * 10)
        demo.register_demo("care.visits", demo_data.demo_care, order=45)
        generation.register_scale("care", scale.scale_care, order=45)
