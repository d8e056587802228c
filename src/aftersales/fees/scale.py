"""Scale data of fees for ``aftersales gen-data`` (a step of :mod:`aftersales.core.generation`,
registered in ``registrations.py``).

For every generated project a fee standard, and for every house the monthly bills the billing
run would have made (one per house and month, amount = price × area as
:func:`services.fee_amount`), paid as :func:`services.pay_bill` records a payment: status,
amount, method, paid_at, the cashier and a receipt number ``<project code>-SJ-000001`` taken
from the project's shared receipt counter (a block reserved at once, numbered in payment
order, so live receipts continue after them). Project codes carry ``GD<run>-``, and so do the
receipt numbers.

The history is the last :data:`MAX_MONTHS` months (fewer on very large estates, down to
:data:`MIN_MONTHS`, to stay within :data:`BILL_BUDGET` rows). Most owners pay within the month,
some in the next month (a few reminded first); about 8 % are in arrears now with the most
recent 1–6 months unpaid and the steps the arrears rules would have taken so far (a reminder
from the first month overdue, a demand letter by express mail from 3 months, visits, legal
action for a few), some with a booked, done or cancelled home collection; about 2 % were in
arrears earlier and paid everything at a home collection. Rows are plain dicts written with
:class:`~aftersales.core.generation.Loader`; no service is called, no audit entry is written.
Custodial rates (70 %) are not modelled: every bill has rate 1 (asking the registered rate
sources per project and month, as the billing run does, costs ~40 µs per house and month:
over two minutes at 504,000 houses).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import itemgetter

from django.utils import timezone

from aftersales.core import generation, numbering
from aftersales.estates.choices import HouseStatus
from aftersales.estates.models import Customer, House, Project
from aftersales.fees import rates
from aftersales.fees.choices import ArrearsStep, BillStatus, CollectionStatus, PaymentMethod
from aftersales.fees.models import ArrearsAction, Bill, Collection, FeeStandard
from aftersales.fees.services import DEMAND_LETTER_MONTHS, fee_amount

MAX_MONTHS = 12  # the current month and the 11 before it
MIN_MONTHS = 7  # the current month and 6 overdue months at least
BILL_BUDGET = 3_600_000  # bills at most (504,000 houses: 7 months)
PRICES = [Decimal(p) for p in ("1.80", "2.20", "2.50", "2.80", "3.20", "3.50")]
IN_ARREARS = 0.08  # houses with overdue bills now
CAUGHT_UP = 0.02  # houses that were in arrears and paid all at a home collection
LATE = 0.08  # a bill paid in the month after its period
REMINDED = 0.25  # a late payer reminded before paying
BEHIND = [(1, 30), (2, 22), (3, 16), (4, 12), (5, 10), (6, 10)]  # months unpaid, weight
VISITED = 0.35  # houses in arrears for 2+ months with a home collection booked
METHODS = [
    (PaymentMethod.WECHAT, 34),
    (PaymentMethod.ALIPAY, 20),
    (PaymentMethod.CASH, 18),
    (PaymentMethod.CARD, 14),
    (PaymentMethod.TRANSFER, 14),
]
AT_HOME = [PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.WECHAT, PaymentMethod.ALIPAY]
DAY = 86400
HOUR = 3600


def _month(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _cumulative(items) -> tuple[list, list[float]]:
    total = sum(w for _, w in items)
    values, bounds, acc = [], [], 0
    for value, weight in items:
        acc += weight
        values.append(value)
        bounds.append(acc / total)
    return values, bounds


class _Fees:
    def __init__(self, run: generation.ScaleRun, months: int):
        self.run = run
        self.rng = run.rng
        self.tz = timezone.get_default_timezone()
        local = run.now.astimezone(self.tz)
        self.now = int(run.now.timestamp())
        self.months = months
        today = local.date()
        # periods[0] is the oldest billed month, periods[-1] the current one
        self.periods = [_month(today, back) for back in range(months - 1, -1, -1)]
        starts = [*self.periods, _month(today, -1)]
        self.starts = [
            int(dt.datetime.combine(d, dt.time(0), tzinfo=self.tz).timestamp()) for d in starts
        ]
        self.offset = int(local.utcoffset().total_seconds())
        self.agents = [pk for pk, _ in run.staff.get("agent", [])]
        if not self.agents:
            raise ValueError("gen-data fees: no agent to take the payments")
        self.methods = _cumulative(METHODS)
        self.behind = _cumulative(BEHIND)
        self.days: dict[int, str] = {}
        self.transfers: dict[int, int] = {}
        self.standards = generation.Loader(FeeStandard)
        self.bills = generation.Loader(Bill)
        self.actions = generation.Loader(ArrearsAction)
        self.collections = generation.Loader(Collection)
        self.visits: list[tuple[int, dict]] = []  # (owner, collection row): contact to fill

    # -- small helpers -----------------------------------------------------------------------

    def at(self, ts: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(ts, self.tz)

    def ymd(self, ts: int) -> str:
        day = (ts + self.offset) // DAY
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = f"{self.at(ts):%Y%m%d}"
        return text

    def pick(self, table) -> object:
        values, bounds = table
        x = self.rng.random()
        for value, bound in zip(values, bounds, strict=True):
            if x < bound:
                return value
        return values[-1]

    def office(self, month: int, day: int) -> int:
        """A moment of office hours (8:00–20:00) on day ``day`` (0-based) of month ``month``."""
        return self.starts[month] + day * DAY + 8 * HOUR + int(self.rng.random() * 12 * HOUR)

    def days_in(self, month: int) -> int:
        return (self.starts[month + 1] - self.starts[month]) // DAY

    def before_now(self, month: int, latest: int | None = None) -> int | None:
        """An office-hours moment in ``month`` before now (and before ``latest``), or None."""
        end = min(self.starts[month + 1], self.now, latest or self.now)
        days = (end - self.starts[month]) // DAY
        for _ in range(4):
            ts = self.office(month, int(self.rng.random() * (days + 1)))
            if ts < end:
                return ts
        return None

    def on_time(self, month: int) -> int:
        """When an owner pays within the month: earlier days more often."""
        return self.office(month, int(self.rng.random() ** 1.6 * self.days_in(month)))

    # -- the step ------------------------------------------------------------------------------

    def project(self, project: Project, houses: list[tuple[int, Decimal, int]], index: int):
        rng = self.rng
        random = rng.random
        months = self.months
        current = months - 1
        price = PRICES[int(random() * len(PRICES))]
        desk = [self.agents[(index * 2 + k) % len(self.agents)] for k in (0, 1)]
        first_start = self.starts[0]
        set_at = first_start - int((5 + random() * 40) * DAY)
        # set by the system before the first billed month (no staff of the run may set it)
        self.standards.add(
            {"project_id": project.pk, "price_per_sqm": price, "updated_at": self.at(set_at)}
        )
        # the monthly run: the first of the month between midnight and 6 a.m. (every 6 hours)
        billed = []
        for m in range(months):
            ts = self.starts[m] + int(random() * 6 * HOUR)
            billed.append(self.at(min(ts, self.now - 60)))
        rows: list[list[dict]] = [[] for _ in range(months)]
        paid: list[tuple[int, int, dict]] = []
        for house_id, area, customer_id in houses:
            common = {
                "project_id": project.pk,
                "house_id": house_id,
                "area": area,
                "price_per_sqm": price,
                "rate": rates.FULL,
                "amount": fee_amount(price, area),
            }
            bills = []
            for m in range(months):
                bill = dict(common)
                bill["period"] = self.periods[m]
                bill["created_at"] = billed[m]
                rows[m].append(bill)
                bills.append(bill)
            x = random()
            if x < IN_ARREARS:
                self.in_arrears(project, house_id, customer_id, bills, paid, desk)
            elif x < IN_ARREARS + CAUGHT_UP:
                self.caught_up(project, house_id, customer_id, bills, paid, desk)
            else:
                for m in range(current):
                    self.pay_regularly(project, house_id, bills[m], m, paid, desk)
                ts = self.on_time(current)
                if ts < self.now:
                    self.pay(bills[current], ts, paid, desk)
        # receipt numbers in payment order, from a block of the project's shared counter
        paid.sort(key=itemgetter(0, 1))
        first = numbering.next_values(f"receipt:{project.pk}", len(paid)) if paid else 1
        code = project.code
        for n, (ts, _, bill) in enumerate(paid):
            bill["receipt_number"] = f"{code}-SJ-{first + n:06d}"
            bill["paid_at"] = self.at(ts)
            method = bill["method"]
            if method == PaymentMethod.WECHAT:
                bill["reference"] = f"4200{int(random() * 1e6):06d}{self.ymd(ts)}{n % 10**10:010d}"
            elif method == PaymentMethod.ALIPAY:
                bill["reference"] = f"{self.ymd(ts)}2200{project.pk % 10**6:06d}{n:010d}"
            elif method == PaymentMethod.TRANSFER:
                day = (ts + self.offset) // DAY
                seq = self.transfers[day] = self.transfers.get(day, 0) + 1
                bill["reference"] = f"B{self.ymd(ts)}{seq:06d}"
        for period_rows in rows:
            for bill in period_rows:
                self.bills.add(bill)
        self.add_visits()

    def add_visits(self) -> None:
        """The project's home collections, with the owner's name and phone as contact."""
        ids = sorted({owner for owner, _ in self.visits})
        owners = {}
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            owners.update(
                (pk, f"{name} {phone}".strip())
                for pk, name, phone in Customer.objects.filter(pk__in=chunk).values_list(
                    "pk", "name", "phone"
                )
            )
        for owner, row in self.visits:
            row["contact"] = owners.get(owner, "")
            self.collections.add(row)
        self.visits = []

    def pay(self, bill: dict, ts: int, paid: list, desk: list[int], method=None, by=None):
        bill["status"] = BillStatus.PAID
        bill["paid_amount"] = bill["amount"]
        bill["method"] = method or self.pick(self.methods)
        bill["paid_by_id"] = by or desk[int(self.rng.random() * len(desk))]
        paid.append((ts, len(paid), bill))

    def pay_regularly(self, project, house_id, bill, m, paid, desk) -> None:
        """Paid in its month, or (``LATE``) in the next one, some after a reminder."""
        rng = self.rng
        if rng.random() < LATE:
            day = int(rng.random() * 20)
            ts = self.office(m + 1, day)
            if ts < self.now:
                self.pay(bill, ts, paid, desk)
                if day and rng.random() < REMINDED:
                    reminded = self.office(m + 1, int(rng.random() * day))
                    owed = bill["amount"]
                    self.action(project, house_id, ArrearsStep.REMINDER, reminded, 1, owed, desk)
                return
        self.pay(bill, self.on_time(m), paid, desk)

    def action(self, project, house_id, step, ts, months, amount, desk, tracking="", note=""):
        """A step recorded at ``ts`` when the house was ``months`` behind owing ``amount``."""
        if not note:
            note = {
                ArrearsStep.REMINDER: "电话提醒业主缴纳物业费"
                if self.rng.random() < 0.6
                else "已发短信提醒缴费",
                ArrearsStep.DEMAND_LETTER: "催缴函已寄出",
                ArrearsStep.VISIT: "上门催缴，已向业主当面说明欠费情况",
                ArrearsStep.LEGAL: "欠费时间较长，已移交法务，拟通过诉讼追缴",
            }[step]
        self.actions.add(
            {
                "project_id": project.pk,
                "house_id": house_id,
                "step": step,
                "tracking_number": tracking,
                "note": note,
                "months_overdue": months,
                "amount": amount,
                "recorded_by_id": desk[int(self.rng.random() * len(desk))],
                "recorded_at": self.at(ts),
            }
        )

    def in_arrears(self, project, house_id, customer_id, bills, paid, desk) -> None:
        """The last ``k`` months before the current one unpaid (and the current one), the steps
        taken in each month overdue, and for some a home collection."""
        rng = self.rng
        current = self.months - 1
        k = self.pick(self.behind)
        oldest = current - k
        for m in range(oldest):
            self.pay_regularly(project, house_id, bills[m], m, paid, desk)
        letter = False
        for overdue in range(1, k + 1):
            month = oldest + overdue  # in this month the house is ``overdue`` months behind
            x = rng.random()
            if overdue >= DEMAND_LETTER_MONTHS and not letter and x < 0.85:
                step, letter = ArrearsStep.DEMAND_LETTER, True
            elif (overdue == 1 and x < 0.75) or (overdue in (2, 5) and x < 0.5):
                step = ArrearsStep.REMINDER
            elif overdue == 4 and x < 0.4:
                step = ArrearsStep.VISIT
            elif overdue == 6 and x < 0.3:
                step = ArrearsStep.LEGAL
            else:
                continue
            ts = self.before_now(month)
            if ts is None:
                continue
            tracking = ""
            if step == ArrearsStep.DEMAND_LETTER:
                tracking = f"SF{self.run.run:04d}{house_id:09d}"
            owed = sum(b["amount"] for b in bills[oldest:month])
            self.action(project, house_id, step, ts, overdue, owed, desk, tracking)
        if k >= 2 and rng.random() < VISITED:
            self.visit(project, house_id, customer_id, k, oldest, desk)

    def visit(self, project, house_id, customer_id, k, oldest, desk) -> None:
        """A home collection of a house still in arrears: booked ahead, done (not paid) or
        cancelled."""
        rng = self.rng
        x = rng.random()
        row = {
            "project_id": project.pk,
            "house_id": house_id,
            "note": f"欠费 {k} 个月，预约上门收取物业费",
            "collector_id": desk[int(rng.random() * len(desk))],
            "booked_by_id": desk[int(rng.random() * len(desk))],
        }
        if x < 0.45:
            local = dt.datetime.fromtimestamp(self.now, self.tz)
            day = local.date() + dt.timedelta(days=1 + int(rng.random() * 14))
            scheduled = dt.datetime.combine(day, dt.time(9 + int(rng.random() * 9)), tzinfo=self.tz)
            row |= {
                "scheduled_at": scheduled,
                "status": CollectionStatus.BOOKED,
                "booked_at": self.at(self.now - int(rng.random() * 3 * DAY) - HOUR),
            }
        else:
            month = oldest + 1 + int(rng.random() * (k - 1))
            ts = self.before_now(month, self.now - 3 * HOUR)
            if ts is None:
                return
            ts -= ts % 1800  # on the half hour
            booked = ts - int((1 + rng.random() * 4) * DAY)
            if x < 0.8:
                done = ts + int((0.5 + rng.random() * 1.5) * HOUR)
                status = CollectionStatus.DONE
                outcome = "业主不在家，已留催缴通知" if rng.random() < 0.5 else "业主承诺月底前缴清"
            else:
                done = booked + int(rng.random() * (ts - booked))
                status, outcome = CollectionStatus.CANCELLED, "业主要求改期"
            row |= {
                "scheduled_at": self.at(ts),
                "status": status,
                "outcome": outcome,
                "booked_at": self.at(booked),
                "done_at": self.at(min(done, self.now - 60)),
            }
        self.visits.append((customer_id, row))

    def caught_up(self, project, house_id, customer_id, bills, paid, desk) -> None:
        """Behind ``j`` months some time ago, reminded, then everything owed (and that month's
        bill) paid at a home collection; regular before and after."""
        rng = self.rng
        current = self.months - 1
        j = 2 + int(rng.random() * 3)
        start = int(rng.random() * (current - j))  # first unpaid month; paid in month start + j
        for m in range(start):
            self.pay_regularly(project, house_id, bills[m], m, paid, desk)
        letter = False
        for overdue in range(1, j):
            x = rng.random()
            owed = sum(b["amount"] for b in bills[start : start + overdue])
            ts = self.office(start + overdue, int(rng.random() * 25))
            if overdue >= DEMAND_LETTER_MONTHS and not letter and x < 0.85:
                tracking = f"SF{self.run.run:04d}{house_id:09d}"
                step, letter = ArrearsStep.DEMAND_LETTER, True
                self.action(project, house_id, step, ts, overdue, owed, desk, tracking)
            elif x < 0.8:
                self.action(project, house_id, ArrearsStep.REMINDER, ts, overdue, owed, desk)
        month = start + j
        visit = self.office(month, 2 + int(rng.random() * 20))
        visit -= visit % 1800
        collector = desk[int(rng.random() * len(desk))]
        method = AT_HOME[int(rng.random() * len(AT_HOME))]
        ts = visit + int((10 + rng.random() * 30) * 60)
        collected = sum(b["amount"] for b in bills[start : month + 1])
        for m in range(start, month + 1):
            ts += 30 + int(rng.random() * 60)
            self.pay(bills[m], ts, paid, desk, method=method, by=collector)
        for m in range(month + 1, current):
            self.pay_regularly(project, house_id, bills[m], m, paid, desk)
        last = self.on_time(current)
        if month < current and last < self.now:
            self.pay(bills[current], last, paid, desk)
        self.visits.append(
            (
                customer_id,
                {
                    "project_id": project.pk,
                    "house_id": house_id,
                    "scheduled_at": self.at(visit),
                    "note": f"欠费 {j} 个月，业主约定上门缴费",
                    "collector_id": collector,
                    "status": CollectionStatus.DONE,
                    "outcome": f"已收取 {j + 1} 个月物业费共 {collected} 元",
                    "booked_by_id": desk[int(rng.random() * len(desk))],
                    "booked_at": self.at(visit - int((1 + rng.random() * 4) * DAY)),
                    "done_at": self.at(ts + int((0.2 + rng.random()) * HOUR)),
                },
            )
        )


def _houses(run: generation.ScaleRun) -> dict[int, list[tuple[int, Decimal, int]]]:
    """The run's billable houses (sold, with an area) per project: (house, area, owner)."""
    areas = dict(
        House.objects.filter(project_id__in=run.projects, area__isnull=False)
        .exclude(status=HouseStatus.UNSOLD)
        .values_list("id", "area")
        .iterator(chunk_size=20000)
    )
    by_project: dict[int, list[tuple[int, Decimal, int]]] = {}
    for house_id, project_id, _building, customer_id in run.houses:
        area = areas.get(house_id)
        if area:
            by_project.setdefault(project_id, []).append((house_id, area, customer_id))
    return by_project


def scale_fees(run: generation.ScaleRun) -> None:
    """The fees step of ``gen-data`` (see the module docstring)."""
    # a project with a standard was done before (``gen-data --domains-of-run`` again)
    done = set(
        FeeStandard.objects.filter(project_id__in=run.projects).values_list("project_id", flat=True)
    )
    by_project = _houses(run)
    projects = [
        p
        for p in Project.objects.filter(pk__in=run.projects).order_by("pk")
        if p.pk not in done and p.pk in by_project
    ]
    total = sum(len(by_project[p.pk]) for p in projects)
    if not total:
        return
    months = max(MIN_MONTHS, min(MAX_MONTHS, BILL_BUDGET // total))
    fees = _Fees(run, months)
    with generation.without_row_triggers():
        for index, project in enumerate(projects):
            houses = by_project[project.pk]
            fees.project(project, houses, index)
            if (index + 1) % 5 == 0:
                run.say(f"  物业费：{index + 1}/{len(projects)} 个项目")
        fees.standards.flush()
        fees.bills.flush()
        fees.actions.flush()
        fees.collections.flush()
    run.count("fees.standards", fees.standards.count)
    run.count("fees.bills", fees.bills.count)
    run.count("fees.arrears_actions", fees.actions.count)
    run.count("fees.collections", fees.collections.count)
    generation.analyze(FeeStandard, Bill, ArrearsAction, Collection)
