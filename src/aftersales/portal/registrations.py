"""What the portal registers at start-up: capabilities, sign-in providers, the entries of its
home menu, the owner's card on the back-office home page and its demo step."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from aftersales.core import demo
    from aftersales.core import menu as core_menu
    from aftersales.core.permissions import register_capabilities
    from aftersales.portal import auth, demo_data, menu
    from aftersales.portal.capabilities import CAPABILITIES

    register_capabilities(CAPABILITIES)
    auth.register_provider(auth.SmsCodeProvider())
    menu.register_entry(
        "portal.report",
        _("我要报事"),
        "portal:report",
        icon="report",
        order=10,
        hint=_("报修、投诉，可拍照"),
    )
    menu.register_entry(
        "portal.tickets",
        _("我的工单"),
        "portal:tickets",
        icon="tickets",
        order=20,
        hint=_("进度、签认与评价"),
    )
    menu.register_entry(
        "portal.houses",
        _("我的房屋"),
        "portal:houses",
        icon="home",
        order=30,
        hint=_("房屋与保修状态"),
    )
    menu.register_entry(
        "portal.notifications",
        _("消息通知"),
        "portal:notifications",
        icon="bell",
        order=40,
    )
    # Booking a paid service and the fee bills add their entries here from their own apps.
    core_menu.register_home_card("portal.owner", owner_card, order=1)
    demo.register_demo("portal.owner", demo_data.demo_owner, order=95)


def owner_card(user) -> dict | None:
    """On the back-office home page, an owner is pointed to his self-service pages."""
    from django.urls import reverse

    from aftersales.core.permissions import can

    if not (can(user, "portal.use") and user.customer_id):
        return None
    return {
        "label": _("业主服务"),
        "icon": "home",
        "color": "green",
        "count": "",
        "url": reverse("portal:home"),
    }
