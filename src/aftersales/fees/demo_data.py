"""Demo data of fees: a fee standard per project, the current month billed for every house,
and half a year of history for the first building of each project — most bills paid at the
desk with their receipts, a few owners in arrears (1 to 5 months) with the steps taken."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aftersales.core.demo import DemoRun
from aftersales.estates.models import House, Project
from aftersales.fees import services
from aftersales.fees.choices import ArrearsStep, PaymentMethod
from aftersales.fees.models import Bill, FeeStandard

PRICES = [Decimal("2.50"), Decimal("1.80"), Decimal("3.20")]
HISTORY = 6  # months before the current one
HOUSES = 24  # houses with history per project
BEHIND = {0: 5, 1: 4, 2: 3, 3: 2, 4: 1}  # house index → months unpaid


def _month(today: dt.date, back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


@transaction.atomic
def demo_fees(demo: DemoRun) -> None:
    admin = demo.shared["admin"]
    rng = random.Random(demo.seed + 60)
    today = timezone.localdate()
    made = 0
    for number, project in enumerate(Project.objects.order_by("code")):
        if FeeStandard.objects.filter(project=project).exists():
            continue  # idempotent: a project with a standard was set up before
        services.set_fee_standard(admin, project, price_per_sqm=PRICES[number % len(PRICES)])
        houses = list(
            House.objects.filter(project=project, area__isnull=False)
            .exclude(status="unsold")
            .order_by("building__name", "unit", "room")[:HOUSES]
        )
        for back in range(HISTORY, 0, -1):
            period = _month(today, back)
            for index, house in enumerate(houses):
                bill = services.create_bill(admin, house, period=f"{period:%Y-%m}")
                made += 1
                if back <= BEHIND.get(index, 0):
                    continue  # still owed
                paid_at = timezone.make_aware(
                    dt.datetime.combine(period + dt.timedelta(days=rng.randint(3, 25)), dt.time(10))
                )
                services.pay_bill(
                    admin,
                    bill,
                    amount=bill.amount,
                    method=rng.choice(PaymentMethod.values),
                    paid_at=paid_at,
                )
        run = services.bill_project(admin, project, period=f"{today:%Y-%m}")
        made += run.created
        for index, months in BEHIND.items():
            if index >= len(houses):
                break
            house = houses[index]
            services.record_arrears_action(
                admin, house, step=ArrearsStep.REMINDER, note="电话提醒业主缴纳物业费"
            )
            if months >= services.DEMAND_LETTER_MONTHS:
                services.record_arrears_action(
                    admin,
                    house,
                    step=ArrearsStep.DEMAND_LETTER,
                    tracking_number=f"SF{demo.seed:04d}{house.pk:08d}",
                    note="催缴函已寄出",
                )
    if made:
        demo.say(f"  物业费：{made} 张账单，{Bill.objects.filter(status='paid').count()} 张已缴")
        demo.notes.append("物业收费：各项目已设收费标准并开出本月账单，欠费催缴页有 5 户欠费示例")
