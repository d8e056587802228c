"""我的账单: the owner's property-fee bills per house on his phone (portal, R-SS-1 with
R-SVC-6): period, amount, paid or not with the receipt number, and how many months an unpaid
bill is overdue. Reads through the fees selectors (the data scope: his own houses only)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.fees import selectors
from aftersales.fees.services import months_between, overdue_bills
from aftersales.portal import selectors as portal
from aftersales.portal.views import owner_only

BILLS_PER_HOUSE = 24  # two years on the page; older ones at the front desk


@owner_only
def my_bills(request):
    today = timezone.localdate()
    houses = []
    for house in portal.my_houses(request.user):
        bills = selectors.bills(request.user, house=house.pk)
        overdue = set(overdue_bills(bills, today).values_list("pk", flat=True))
        rows = [
            {
                "bill": bill,
                "months_overdue": months_between(bill.period, today) if bill.pk in overdue else 0,
            }
            for bill in bills[:BILLS_PER_HOUSE]
        ]
        houses.append(
            {
                "house": house,
                "status": selectors.fee_status(request.user, [house.pk], today),
                "rows": rows,
            }
        )
    return render(request, "fees/owner/bills.html", {"houses": houses, "title": _("我的账单")})


urlpatterns = [path("my/bills/", my_bills, name="my_bills")]
