"""What fees registers into the lower floors (called from ``FeesConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

BILLING_EVERY = 6 * 3600  # the monthly run is idempotent: checking four times a day is cheap


def register_all() -> None:
    from aftersales.core import audit, demo, generation, menu
    from aftersales.core.permissions import register_capabilities
    from aftersales.core.schedule import register_job
    from aftersales.estates.sections import register_section
    from aftersales.fees import demo_data, scale, selectors
    from aftersales.fees.capabilities import CAPABILITIES

    register_capabilities(CAPABILITIES)
    register_job("fees_monthly_billing", BILLING_EVERY, "aftersales.fees.tasks.bill_current_month")
    register_section("customer", "fees", "fees/_section.html", selectors.customer_section, order=30)
    register_section("house", "fees", "fees/_section.html", selectors.house_section, order=30)
    menu.register_section("fees", _("物业收费"), order=35)
    for order, (label, url_name, capability, icon) in enumerate(
        [
            (_("物业费账单"), "fees:bills", "fees.view", "receipt-2"),
            (_("欠费催缴"), "fees:arrears", "fees.arrears", "alert-triangle"),
            (_("催缴记录"), "fees:actions", "fees.arrears", "history"),
            (_("预约上门收费"), "fees:collections", "fees.collect", "calendar-event"),
            (_("导入缴费记录"), "fees:payment_import", "fees.collect", "file-upload"),
            (_("收费标准"), "fees:standards", "fees.view", "ruler-measure"),
        ]
    ):
        menu.register_entry("fees", label, url_name, capability, icon, order=order * 10)
    # the owner's bills on the portal's home page (fees stands above portal; see docs/portal.md)
    from aftersales.portal import menu as portal_menu

    portal_menu.register_entry(
        "fees.bills",
        _("我的账单"),
        "fees:my_bills",
        icon="bill",
        order=60,
        capability="fees.view",
        hint=_("物业费与收据"),
    )
    audit.register_words(
        actions={"bill": _("物业费开单"), "collect_fee": _("收取物业费"), "dun": _("催缴")},
        fields={
            "period": _("账期"),
            "created": _("开单户数"),
            "receipt_number": _("收据编号"),
            "method": _("缴费方式"),
            "amount": _("金额"),
            "step": _("催缴步骤"),
            "tracking_number": _("快递单号"),
        },
    )
    # after reports.history (50, outside the main transaction), which adds projects of its own
    demo.register_demo("fees.bills", demo_data.demo_fees, order=60, atomic=False)
    generation.register_scale("fees", scale.scale_fees, order=60)
