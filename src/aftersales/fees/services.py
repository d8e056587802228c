"""The rules of property fees and arrears (R-SVC-6): one function per business action.

* the fee standard of a project: price per m² of building area per month;
* a bill per house and month (``period``): amount = price × area, rounded to the fen, times the
  house's share from :mod:`aftersales.fees.rates` (custodial houses: 0.70), rounded again; one
  bill per house and period (409 ``bill_exists``); a house without an area is refused (422
  ``no_area``) and left out of a project's billing run;
* paying a bill at the desk (or by an import or a payment adapter): the amount must equal the
  bill (422 ``amount_mismatch``), a paid bill is not paid again (409 ``already_paid``); the
  receipt number comes from :func:`aftersales.core.numbering.next_receipt_number` in the same
  transaction;
* arrears: a bill is overdue from the first day of the month after its period; a house's
  ``months_overdue`` is current month minus the period of its oldest unpaid bill; each
  follow-up step is recorded (a demand letter needs a tracking number, 422, and 3 months, 409);
* booked home collections.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Sum
from django.utils import timezone

from aftersales.core import audit, bounds, payments
from aftersales.core.errors import Conflict, field_error
from aftersales.core.money import CENT, parse_money
from aftersales.core.numbering import next_receipt_number
from aftersales.core.permissions import require
from aftersales.estates.choices import HouseStatus
from aftersales.estates.models import House, Project
from aftersales.fees import rates
from aftersales.fees.choices import ArrearsStep, BillStatus, CollectionStatus, PaymentMethod
from aftersales.fees.models import ArrearsAction, Bill, Collection, FeeStandard

DEMAND_LETTER_MONTHS = 3  # from 3 months overdue a formal demand letter (R-SVC-6)
BATCH = 2000
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_PERIOD = dt.date(2000, 1, 1)


# --- small parsers shared by the web forms, the API and the import ---------------------------


def parse_period(value, field_name: str = "period") -> dt.date:
    """``"2026-09"`` → 2026-09-01; a month from 2000-01 to a year ahead of today."""
    if isinstance(value, dt.date):
        value = f"{value:%Y-%m}"
    match = _PERIOD.match(str(value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise field_error(field_name, "账期应为 YYYY-MM 格式（如 2026-09）")
    period = dt.date(int(match.group(1)), int(match.group(2)), 1)
    latest = timezone.localdate().replace(day=1) + dt.timedelta(days=366)
    if not FIRST_PERIOD <= period <= latest:
        raise field_error(field_name, "账期应在 2000-01 到明年同月之间")
    return period


def parse_method(value, field_name: str = "method") -> str:
    return payments.method(str(value or "").strip() or None, field=field_name)


def _one_of(code: str, choices, field_name: str, what: str) -> str:
    if code not in choices.values:
        labels = "、".join(f"{c}（{label}）" for c, label in choices.choices)
        raise field_error(field_name, f"{what}应为 {labels} 之一")
    return code


def _text(value, field_name: str, limit: int) -> str:
    text = str(value or "").strip()
    problem = bounds.text_problem(text)
    if problem:
        raise field_error(field_name, problem)
    if len(text) > limit:
        raise field_error(field_name, f"最多 {limit} 个字")
    return text


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def months_between(period: dt.date, today: dt.date) -> int:
    """Whole months from ``period``'s month to ``today``'s month (2026-09 → 2026-12: 3)."""
    return month_index(today) - month_index(period)


def fee_amount(price: Decimal, area: Decimal, rate: Decimal = rates.FULL) -> Decimal:
    """price × area rounded to the fen (half up), then × rate rounded to the fen."""
    monthly = (price * area).quantize(CENT, rounding=ROUND_HALF_UP)
    if rate == rates.FULL:
        return monthly
    return (monthly * rate).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the fee standard ------------------------------------------------------------------------


def set_fee_standard(actor, project: Project, *, price_per_sqm) -> FeeStandard:
    """Set (or change) the project's price per m²; bills already made keep their price."""
    require(actor, "fees.standard")
    price = parse_money(price_per_sqm, "price_per_sqm", positive=True)
    if price >= Decimal("1000000"):
        raise field_error("price_per_sqm", "单价应小于 100 万元/㎡")
    with transaction.atomic():
        standard = FeeStandard.objects.select_for_update().filter(project=project).first()
        before = {"price_per_sqm": standard.price_per_sqm} if standard else None
        if standard is None:
            standard = FeeStandard(project=project)
        standard.price_per_sqm = price
        standard.updated_by = actor if getattr(actor, "pk", None) else None
        standard.save()
        audit.record(
            actor,
            "update" if before else "create",
            standard,
            before=before,
            after={"price_per_sqm": price},
        )
    return standard


def _standard(project_id: int) -> FeeStandard:
    standard = FeeStandard.objects.filter(project_id=project_id).first()
    if standard is None:
        raise Conflict("该项目尚未设置物业费收费标准", code="no_fee_standard")
    return standard


# --- bills -----------------------------------------------------------------------------------


def create_bill(actor, house: House, *, period) -> Bill:
    """The bill of one house for one month (R-SVC-6)."""
    require(actor, "fees.bill")
    first_day = parse_period(period)
    if not house.area:
        raise field_error(
            "house",
            f"房屋 {house.label} 没有建筑面积，无法计算物业费，请先在房屋档案中补录面积",
            code="no_area",
        )
    standard = _standard(house.project_id)
    rate = rates.rates_for([house.pk], first_day).get(house.pk, rates.FULL)
    bill = Bill(
        project_id=house.project_id,
        house=house,
        period=first_day,
        area=house.area,
        price_per_sqm=standard.price_per_sqm,
        rate=rate,
        amount=fee_amount(standard.price_per_sqm, house.area, rate),
    )
    try:
        with transaction.atomic():
            bill.save()
            audit.record(actor, "create", bill, after={"period": f"{first_day:%Y-%m}"})
    except IntegrityError as exc:
        raise Conflict(
            f"房屋 {house.label} 已有 {first_day:%Y-%m} 的账单", code="bill_exists"
        ) from exc
    return bill


@dataclass
class BillingRun:
    project: int
    period: str
    created: int = 0
    existing: int = 0
    no_area: list[str] = field(default_factory=list)


def bill_project(actor, project: Project, *, period) -> BillingRun:
    """Bill every house of ``project`` for ``period`` (the monthly run).

    Houses not yet sold and houses without an area are left out (the latter are listed); a
    house already billed for the period is not billed again — the unique constraint holds even
    when two runs overlap. Three reads (the standard, the houses, the bills already there),
    the rate sources once, and ``bulk_create`` in batches.
    """
    require(actor, "fees.bill")
    return _run_billing(actor, project, parse_period(period))


def _run_billing(actor, project: Project, first_day: dt.date) -> BillingRun:
    standard = _standard(project.pk)
    price = standard.price_per_sqm
    run = BillingRun(project=project.pk, period=f"{first_day:%Y-%m}")
    houses = list(
        House.objects.filter(project=project)
        .exclude(status=HouseStatus.UNSOLD)
        .values_list("id", "area", "label")
        .order_by("id")
    )
    billed = set(
        Bill.objects.filter(project=project, period=first_day).values_list("house_id", flat=True)
    )
    run.existing = len(billed)
    todo = []
    for house_id, area, label in houses:
        if house_id in billed:
            continue
        if not area:
            run.no_area.append(label)
            continue
        todo.append((house_id, area))
    shares = rates.rates_for([h for h, _ in todo], first_day)
    bills = [
        Bill(
            project_id=project.pk,
            house_id=house_id,
            period=first_day,
            area=area,
            price_per_sqm=price,
            rate=shares.get(house_id, rates.FULL),
            amount=fee_amount(price, area, shares.get(house_id, rates.FULL)),
        )
        for house_id, area in todo
    ]
    with transaction.atomic():
        before = Bill.objects.filter(project=project, period=first_day).count()
        for start in range(0, len(bills), BATCH):
            Bill.objects.bulk_create(bills[start : start + BATCH], ignore_conflicts=True)
        run.created = Bill.objects.filter(project=project, period=first_day).count() - before
        if run.created:
            audit.record(
                actor,
                "bill",
                project,
                after={"period": run.period, "created": run.created},
                note=f"{run.period} 物业费开单 {run.created} 户",
            )
    return run


def bill_all_projects(period=None) -> list[BillingRun]:
    """The scheduled monthly run: every project with a fee standard, for ``period`` (default:
    the current month). Idempotent."""
    first_day = parse_period(period or f"{timezone.localdate():%Y-%m}")
    return [
        _run_billing(None, standard.project, first_day)
        for standard in FeeStandard.objects.select_related("project").order_by("project_id")
    ]


def pay_bill(
    actor,
    bill: Bill,
    *,
    amount,
    method=PaymentMethod.CASH,
    reference: str = "",
    paid_at: dt.datetime | None = None,
) -> Bill:
    """Record the payment of ``bill`` and give it its receipt number.

    The one entry point for money taken for a bill: the desk, the import of bank/finance
    statements and any payment adapter (WeChat Pay, Alipay callbacks) call it.
    """
    require(actor, "fees.collect")
    paid = parse_money(amount, "amount", positive=True)
    method = parse_method(method)
    reference = _text(reference, "reference", 64)
    with transaction.atomic():
        locked = Bill.objects.select_for_update().select_related("project", "house").get(pk=bill.pk)
        if locked.status == BillStatus.PAID:
            raise Conflict(
                f"该账单已于 {timezone.localtime(locked.paid_at):%Y-%m-%d %H:%M} 缴清，"
                f"收据编号 {locked.receipt_number}",
                code="already_paid",
            )
        if paid != locked.amount:
            raise field_error(
                "amount", f"缴费金额应等于账单金额 {locked.amount} 元", code="amount_mismatch"
            )
        locked.status = BillStatus.PAID
        locked.paid_amount = paid
        locked.method = method
        locked.reference = reference
        locked.paid_at = paid_at or timezone.now()
        locked.paid_by = actor if getattr(actor, "pk", None) else None
        locked.receipt_number = next_receipt_number(locked.project)
        payments.collect(
            method,
            paid,
            reference=locked.receipt_number,
            description=f"物业费 {locked.period:%Y-%m}",
        )
        locked.save(
            update_fields=[
                "status",
                "paid_amount",
                "method",
                "reference",
                "paid_at",
                "paid_by",
                "receipt_number",
            ]
        )
        audit.record(
            actor,
            "collect_fee",
            locked,
            after={"amount": paid, "method": method, "receipt_number": locked.receipt_number},
        )
    return locked


# --- arrears ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrears:
    house: int
    label: str
    months_overdue: int
    amount: Decimal
    bills: int
    oldest: dt.date

    @property
    def next_step(self) -> str:
        return next_step(self.months_overdue)


def next_step(months_overdue: int) -> str:
    if months_overdue >= DEMAND_LETTER_MONTHS:
        return ArrearsStep.DEMAND_LETTER
    return ArrearsStep.REMINDER


def overdue_bills(queryset, today: dt.date | None = None):
    """The unpaid bills of ``queryset`` that are overdue on ``today`` (period before its month)."""
    today = today or timezone.localdate()
    return queryset.filter(status=BillStatus.UNPAID, period__lt=today.replace(day=1))


def house_arrears(house: House, today: dt.date | None = None) -> Arrears | None:
    today = today or timezone.localdate()
    found = overdue_bills(Bill.objects.filter(house=house), today).aggregate(
        oldest=Min("period"), amount=Sum("amount"), bills=Count("id")
    )
    if not found["bills"]:
        return None
    return Arrears(
        house=house.pk,
        label=house.label,
        months_overdue=months_between(found["oldest"], today),
        amount=found["amount"],
        bills=found["bills"],
        oldest=found["oldest"],
    )


def record_arrears_action(
    actor, house: House, *, step, tracking_number: str = "", note: str = ""
) -> ArrearsAction:
    """Record one follow-up step of a house in arrears.

    A demand letter goes by express mail: its tracking number is required (422) and it is sent
    only from 3 months overdue (409 ``too_early``). Any step needs the house to be in arrears
    (409 ``not_in_arrears``).
    """
    require(actor, "fees.dun")
    step = _one_of(str(step or "").strip(), ArrearsStep, "step", "催缴步骤")
    tracking_number = _text(tracking_number, "tracking_number", 40)
    note = _text(note, "note", 500)
    if step == ArrearsStep.DEMAND_LETTER and not tracking_number:
        raise field_error("tracking_number", "催缴函须以快递寄送，请填写快递单号", code="required")
    with transaction.atomic():
        House.objects.select_for_update().filter(pk=house.pk).first()
        arrears = house_arrears(house)
        if arrears is None:
            raise Conflict(f"房屋 {house.label} 没有逾期未缴的物业费", code="not_in_arrears")
        if step == ArrearsStep.DEMAND_LETTER and arrears.months_overdue < DEMAND_LETTER_MONTHS:
            raise Conflict(
                f"欠费 {arrears.months_overdue} 个月，满 {DEMAND_LETTER_MONTHS} 个月才发催缴函；"
                "请先电话或短信提醒",
                code="too_early",
            )
        action = ArrearsAction.objects.create(
            project_id=house.project_id,
            house=house,
            step=step,
            tracking_number=tracking_number,
            note=note,
            months_overdue=arrears.months_overdue,
            amount=arrears.amount,
            recorded_by=actor,
        )
        audit.record(
            actor,
            "dun",
            action,
            after={"step": step, "tracking_number": tracking_number, "amount": arrears.amount},
        )
    return action


# --- booked home collection ------------------------------------------------------------------


def book_collection(
    actor,
    house: House,
    *,
    scheduled_at: dt.datetime,
    contact: str = "",
    note: str = "",
    collector=None,
) -> Collection:
    """Book a visit to the owner's home to collect the fee (预约上门收费)."""
    require(actor, "fees.collect")
    problem = bounds.APPOINTMENT.check_moment(scheduled_at) if scheduled_at else "请填写预约时间"
    if problem:
        raise field_error("scheduled_at", problem)
    with transaction.atomic():
        visit = Collection.objects.create(
            project_id=house.project_id,
            house=house,
            scheduled_at=scheduled_at,
            contact=_text(contact, "contact", 100),
            note=_text(note, "note", 500),
            collector=collector,
            booked_by=actor,
        )
        audit.record(actor, "create", visit, after={"scheduled_at": scheduled_at})
    return visit


def finish_collection(actor, visit: Collection, *, outcome: str = "", cancel: bool = False):
    """Close a booked collection: done (the bills paid on the spot are paid with
    :func:`pay_bill`) or cancelled."""
    require(actor, "fees.collect")
    outcome = _text(outcome, "outcome", 500)
    with transaction.atomic():
        locked = Collection.objects.select_for_update().get(pk=visit.pk)
        if locked.status != CollectionStatus.BOOKED:
            raise Conflict(f"该预约已{locked.get_status_display()}", code="not_booked")
        locked.status = CollectionStatus.CANCELLED if cancel else CollectionStatus.DONE
        locked.outcome = outcome
        locked.done_at = timezone.now()
        locked.save(update_fields=["status", "outcome", "done_at"])
        audit.record(actor, "update", locked, after={"status": locked.status})
    return locked
