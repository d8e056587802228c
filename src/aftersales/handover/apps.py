from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "aftersales.handover"
    label = "handover"
    verbose_name = "交付与入住"

    def ready(self) -> None:
        from aftersales.analysis.selectors import recurring
        from aftersales.core import audit, demo, generation, menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.core.schedule import register_job
        from aftersales.estates.sections import register_section
        from aftersales.fees.rates import register_rate_source
        from aftersales.handover import demo_data, reference, scale, sections, selectors
        from aftersales.handover.capabilities import CAPABILITIES
        from aftersales.notify.reference import KNOWN_FIELDS
        from aftersales.tickets import warnings

        register_capabilities(CAPABILITIES)
        # A house in custody on the first day of a period pays 70 % of the property fee (R-HO-4).
        register_rate_source(selectors.custody_fee_rates)
        register_reference("handover.checklist", reference.ensure)
        register_job("handover_reinspections", 900, "aftersales.handover.tasks.book_reinspections")
        KNOWN_FIELDS.update(reference.KNOWN_FIELDS)  # the placeholders of our message templates
        register_section(
            "customer", "handover", "handover/_history.html", sections.customer, order=20
        )
        register_section("house", "handover", "handover/_history.html", sections.house, order=20)
        warnings.register_rule(
            "patrol_overdue", "托管巡查逾期", sections.overdue_patrols, icon="umbrella"
        )
        recurring.register_source(
            "usage_reports", _("产品使用情况表反映的问题"), sections.usage_problems
        )
        audit.register_words(
            actions={
                "handover_arrive": _("到场签到"),
                "handover_documents": _("核验资料"),
                "handover_cancel": _("取消预约"),
                "handover_reinspect": _("复验"),
                "handover_accept": _("业主签收"),
                "handover_photo": _("上传验房照片"),
                "handover_archive": _("入住资料存档"),
                "handover_patrol": _("托管巡查"),
                "handover_rain_round": _("暴雨前后巡查"),
                "handover_custody_end": _("结束托管"),
                "reinspection_asked": _("通知预约复验"),
            }
        )
        menu.register_section("handover", _("交付与入住"), order=25)
        entry = menu.register_entry
        entry("handover", _("交付接待台"), "handover:desk", "handover.view", "door-enter", 10)
        entry("handover", _("交付批次"), "handover:batches", "handover.view", "calendar-event", 20)
        entry("handover", _("验房记录"), "handover:inspections", "handover.view", "checklist", 30)
        entry(
            "handover", _("托管房屋"), "handover:custodies", "handover.view", "building-cottage", 40
        )
        entry("handover", _("产品使用情况表"), "handover:reports", "handover.view", "report", 50)
        entry(
            "handover",
            _("验房检查项"),
            "handover:checklist",
            "handover.checklist",
            "list-check",
            60,
        )
        demo.register_demo("handover.delivery", demo_data.demo_handover, order=45)
        generation.register_scale("handover", scale.scale_handover, order=45)
