"""The front desk's section of the house page (registered in :mod:`aftersales.estates.sections`):
how many of each service the house has, with links to the lists filtered by the house and to a
new registration for it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aftersales.core.permissions import can
from aftersales.frontdesk import selectors

SERVICES = [
    ("paid", _("有偿服务"), "frontdesk:paid_list", "frontdesk:paid_create"),
    ("locks", _("破/换门锁"), "frontdesk:lock_list", "frontdesk:lock_create"),
    ("mail", _("代派资料"), "frontdesk:mail_list", "frontdesk:mail_create"),
    ("renovations", _("装修登记"), "frontdesk:renovation_list", "frontdesk:renovation_create"),
    ("slips", _("放行条"), "frontdesk:slip_list", "frontdesk:slip_create"),
]


def house_section(request, house) -> dict | None:
    if not can(request.user, "frontdesk.view"):
        return None
    rows = []
    for kind, label, list_url, create_url in SERVICES:
        count = selectors.records(request.user, selectors.KINDS[kind], house=house.pk).count()
        rows.append({"label": label, "count": count, "list": list_url, "create": create_url})
    return {"rows": rows, "house": house, "can_manage": can(request.user, "frontdesk.manage")}
