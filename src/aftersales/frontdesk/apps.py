from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "aftersales.frontdesk"
    label = "frontdesk"
    verbose_name = "前台服务"

    def ready(self) -> None:
        from aftersales.core import audit, demo, generation, menu, projections
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.estates.sections import register_section
        from aftersales.frontdesk import demo_data, reference, scale, sections
        from aftersales.frontdesk.capabilities import CAPABILITIES
        from aftersales.frontdesk.services import paid
        from aftersales.notify.reference import KNOWN_FIELDS

        register_capabilities(CAPABILITIES)
        register_section(
            "house", "frontdesk", "frontdesk/_house_section.html", sections.house_section, order=30
        )
        register_reference("frontdesk.price_items", reference.ensure_price_items)
        register_reference("frontdesk.templates", reference.ensure_templates)
        KNOWN_FIELDS.update(reference.KNOWN_FIELDS)  # the placeholders of our message templates
        # R-WAR-2: a repair judged ``paid`` at survey becomes a paid-service request
        projections.register(
            "frontdesk.paid_from_survey",
            paid.from_ticket,
            on_failure=paid.ticket_projection_failed,
            wants=paid.follows,
        )
        menu.register_section("frontdesk", _("前台服务"), order=35)
        for order, (label, url_name, capability, icon) in enumerate(
            [
                (_("有偿服务"), "frontdesk:paid_list", "frontdesk.view", "tool"),
                (_("交款单"), "frontdesk:remittance_list", "frontdesk.view", "cash"),
                (_("破/换门锁"), "frontdesk:lock_list", "frontdesk.view", "lock"),
                (_("代派资料"), "frontdesk:mail_list", "frontdesk.view", "mail"),
                (_("装修登记"), "frontdesk:renovation_list", "frontdesk.view", "paint"),
                (_("放行条"), "frontdesk:slip_list", "frontdesk.view", "truck-delivery"),
                (_("门岗验条"), "frontdesk:gate", "frontdesk.gate", "scan"),
                (_("有偿服务价目"), "frontdesk:price_list", "frontdesk.view", "list"),
            ]
        ):
            menu.register_entry("frontdesk", label, url_name, capability, icon, order=order * 10)
        audit.register_words(
            actions={
                "quote": _("报价"),
                "accept": _("业主确认报价"),
                "inspect": _("巡查"),
                "complete": _("完工"),
                "dispute": _("价格异议"),
                "cancel": _("取消"),
                "consent": _("业主电话同意"),
                "witness": _("见证签字"),
                "open": _("开锁"),
                "deliver": _("签收"),
                "permit": _("发放装修许可证"),
                "finish": _("装修完工"),
                "check": _("门岗验放"),
            },
            fields={
                "party": _("见证部门"),
                "user": _("签字人"),
                "findings": _("检查发现"),
                "workers": _("施工人数"),
            },
        )
        demo.register_demo("frontdesk.services", demo_data.demo_services, order=60)
        demo.register_demo("frontdesk.owner_booking", demo_data.demo_owner_booking, order=61)
        generation.register_scale("frontdesk", scale.generate, order=60)
        # the owner's booking on the portal's home page (frontdesk stands above portal)
        from aftersales.portal import menu as portal_menu

        portal_menu.register_entry(
            "frontdesk.book",
            _("预约服务"),
            "frontdesk:book",
            icon="service",
            order=50,
            capability="frontdesk.book",
            hint=_("有偿服务价目与预约"),
        )
        portal_menu.register_entry(
            "frontdesk.services",
            _("我的服务"),
            "frontdesk:my_services",
            icon="receipt",
            order=55,
            capability="frontdesk.view",
            hint=_("报价确认与收据"),
        )
