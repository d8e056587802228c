"""Scale data of the handover app for ``aftersales gen-data`` (a step of
:mod:`aftersales.core.generation`, registered in ``apps.py``).

The delivery of every generated project, long over (``gen-data`` delivers its houses before the
ticket history starts), as the handover services would have left it:

* a few delivery batches per project (about :data:`BATCH_HOUSES` houses each, ``closed``) from
  the project's ``delivered_on``, each with its houses (the batch's ``houses`` rows
  :func:`services.batches.book` adds);
* one appointment per house in a half-day slot of its batch (never more than the capacity):
  ``done`` once the keys were handed over, else ``arrived`` (some with a document missing);
* one inspection per house by a customer-service agent: about 85 % passed and signed
  (``accepted``; a few owners who did not take the keys left it ``passed``), about 15 % with
  1–3 failed items, re-inspected after the repairs and signed, a few still waiting for the
  re-inspection (``defects_open`` with every defect repaired: read as
  ``ready_for_reinspection``; ``reinspection_booked_at`` is set, so the periodic job does not
  text those owners). Only the failed items have rows (the service would write one per
  checklist line: 30 rows per house is too many at scale); their ``ticket`` is empty: the
  defect tickets would have been registered years before the generated ticket history;
* a move-in for about 85 % of the houses (documents of the party's case, keys, meter readings,
  the fees collected), by a desk clerk;
* custody for about 3 % of the houses (after the move-in; about 40 % still in custody, the
  house ``custodial`` as :func:`services.custody.start_custody` leaves it, the others handed
  back with closing meters), each with its last few weekly patrols by a property liaison and
  sometimes a heavy-rain patrol (``over_limit`` by the service's rule, the owner told when a
  meter is over its limit or something was found; about 6 % of the active ones overdue);
* one usage report per project, filed a year after the delivery with its lines.

The run gets two desk clerks and two property liaisons of its own (``gd<run>_ho_…``): the
generated staff are technicians and agents, who may not hand over keys, patrol or file the
report. No notification, audit entry, photo, archived file or defect ticket is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from aftersales.accounts.models import Department, Role, User
from aftersales.core import generation
from aftersales.core.generation import Loader, reserve_ids
from aftersales.core.workcalendar import tz
from aftersales.estates.choices import HouseStatus
from aftersales.estates.models import House, Project
from aftersales.handover.choices import (
    REQUIRED_DOCUMENTS,
    AppointmentStatus,
    BatchStatus,
    CustodyStatus,
    InspectionStatus,
    Party,
    PatrolKind,
    PatrolStatus,
)
from aftersales.handover.models import (
    ELECTRICITY_LIMIT,
    WATER_LIMIT,
    Appointment,
    ChecklistItem,
    Custody,
    DeliveryBatch,
    Inspection,
    InspectionItem,
    MoveIn,
    Patrol,
    UsageReport,
    UsageReportLine,
)
from aftersales.handover.reference import DEFAULT_CHECKLIST
from aftersales.handover.services.usage import period_of

BATCH_HOUSES = 3000  # houses of one delivery batch at most
BATCH_DAYS = 14
FAILED = 0.15  # inspections with failed items
STILL_OPEN = 0.05  # of those: repaired, the re-inspection still to come
MOVED_IN = 0.85
CUSTODY = 0.03  # of all houses (chosen among the moved-in ones)
CUSTODY_ACTIVE = 0.40
OVERDUE = 0.06  # active custodies whose weekly patrol is late
PARTIES = [(Party.OWNER, 85), (Party.AGENT, 12), (Party.COMPANY, 3)]
FAILED_ITEMS = [(1, 55), (2, 30), (3, 15)]
# the inspection's failure weight by warranty component (leaks and plumbing fail most)
COMPONENT_WEIGHT = {
    "leakage": 5,
    "plumbing": 4,
    "decoration": 3,
    "electrical": 2,
    "equipment": 2,
    "heating_cooling": 2,
    "structure": 1,
}
DEFECT_NOTES = {
    "leakage": ["闭水试验渗漏", "窗框渗水", "顶棚有水渍"],
    "plumbing": ["接头滴水", "排水不畅", "地漏倒坡积水"],
    "decoration": ["墙面空鼓约 0.3㎡", "地面空鼓", "墙面开裂", "门扇变形关不严"],
    "electrical": ["插座不通电", "漏电保护不动作", "面板松动"],
    "equipment": ["门锁钥匙缺一把", "对讲无图像", "水表读数不清"],
    "heating_cooling": ["空调孔未预留", "地暖分水器渗漏"],
    "structure": ["栏杆松动", "梁底裂缝，需鉴定"],
}
REINSPECTION_NOTE = "整改完成，复验合格"
FEES = [Decimal(v) for v in ("1980.00", "2640.00", "3120.00", "3600.00", "4280.00")]
KEYS = (2, 3, 3, 4)
ZERO = Decimal("0")
AGREEMENTS = [
    "业主出国，委托物业看管",
    "业主暂不入住，委托物业代管",
    "业主外地工作，委托物业定期巡查",
    "待装修，委托物业看管",
]
FINDINGS = ["阳台地漏积水，已清理", "窗户未关，已关闭", "卫生间返味，已封堵地漏", "门口堆放杂物"]
# (equipment, ticket category, warranty component, problems per 1,000 houses, note)
EQUIPMENT = [
    ("可视对讲主机", "water_electric", "equipment", 18, "屏幕花屏、无法开锁"),
    ("卫生间地漏", "water_electric", "plumbing", 14, "返味、排水慢"),
    ("入户防盗门锁", "doors_windows", "decoration", 8, "锁芯卡滞"),
    ("燃气热水器", "hvac", "equipment", 5, ""),
    ("铝合金外窗", "doors_windows", "leakage", 11, "暴雨时窗框渗水"),
    ("给水管阀门", "water_electric", "plumbing", 6, "阀门滴漏"),
    ("配电箱漏电保护器", "water_electric", "electrical", 4, "误跳闸"),
    ("地暖分水器", "hvac", "heating_cooling", 3, ""),
    ("厨房排烟道止回阀", "hvac", "equipment", 7, "串味"),
    ("卫生间防水", "civil", "leakage", 9, "楼下顶棚渗水"),
    ("木地板", "fitout", "decoration", 6, "起拱、开缝"),
    ("户内开关插座", "water_electric", "electrical", 3, ""),
]
OFFICE_MINUTES = 8 * 60  # 09:00–17:00


def _cents(n: int) -> Decimal:
    return Decimal(n).scaleb(-2)


def _user(username: str, name: str, role: str, department: str) -> int:
    """A staff login of the run without a usable password (like gen-data's own staff)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            name=name,
            department=Department.objects.filter(code=department).first(),
        )
        user.set_unusable_password()
        user.save()
        user.roles.set(Role.objects.filter(code=role))
    return user.pk


def _checklist() -> list[tuple[int, str, str, str, str]]:
    """(form index, room, item, category, component) of the active checklist lines."""
    lines = list(
        ChecklistItem.objects.filter(active=True)
        .order_by("order", "id")
        .values_list("room", "name", "category", "component")
    )
    return [(i, *line) for i, line in enumerate(lines or DEFAULT_CHECKLIST)]


class _Handover:
    """The rows of one run, written as the loop goes."""

    def __init__(self, run: generation.ScaleRun):
        self.run = run
        self.rng = run.rng
        self.zone = tz()
        self.now = run.now
        self.today = timezone.localdate(run.now, self.zone)
        self.party = generation.weighted(self.rng, PARTIES)
        self.failures = generation.weighted(self.rng, FAILED_ITEMS)
        self.lines = _checklist()
        self.line_weights = [COMPONENT_WEIGHT.get(line[4], 1) for line in self.lines]
        self.inspectors = run.staff["agent"] or run.staff["technician"]
        self.desk = [
            _user(f"gd{run.run}_ho_desk{i}", f"交付资料员{i}", "clerk", "service_office")
            for i in (1, 2)
        ]
        self.liaisons = [
            _user(f"gd{run.run}_ho_liaison{i}", f"物业接口人{i}", "property_liaison", "property")
            for i in (1, 2)
        ]
        self.batches = Loader(DeliveryBatch, explicit_id=True)
        self.batch_houses = Loader(DeliveryBatch.houses.through)
        self.appointments = Loader(Appointment, explicit_id=True)
        self.inspections = Loader(Inspection, explicit_id=True)
        self.items = Loader(InspectionItem)
        self.move_ins = Loader(MoveIn)
        self.custodies = Loader(Custody, explicit_id=True)
        self.patrols = Loader(Patrol)
        self.reports = Loader(UsageReport, explicit_id=True)
        self.report_lines = Loader(UsageReportLine)
        # (house, project, customer, move-in day) of the houses that go into custody
        self.kept: list[tuple[int, int, int, dt.date]] = []

    # -- moments ---------------------------------------------------------------------------

    def at(self, day: dt.date, minutes: int) -> dt.datetime:
        """``minutes`` after midnight of ``day`` (local time)."""
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.zone)

    def office(self, day: dt.date) -> dt.datetime:
        return self.at(day, 9 * 60 + self.rng.randrange(OFFICE_MINUTES))

    def local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()

    # -- the delivery ----------------------------------------------------------------------

    def plan(self, delivered: dict[int, dt.date]) -> list[tuple[int, dt.date, int, list]]:
        """(project, first day, days, houses) of every batch: a few per project, staggered
        from the delivery, all over 60 days before today."""
        by_project: dict[int, list] = {}
        for house in self.run.houses:
            by_project.setdefault(house[1], []).append(house)
        batches = []
        for project in self.run.projects:
            houses = sorted(by_project.get(project, []))
            if not houses:
                continue
            start = delivered[project]
            k = -(-len(houses) // BATCH_HOUSES)
            room = max(1, (self.today - start).days - 60)
            days = max(1, min(BATCH_DAYS, room))
            step = min(BATCH_DAYS, max(0, room - days) // k) if k > 1 else 0
            size = -(-len(houses) // k)
            for i in range(k):
                chunk = houses[i * size : (i + 1) * size]
                if chunk:
                    batches.append((project, start + dt.timedelta(days=i * step), days, chunk))
        return batches

    def batch(self, batch_id: int, project: int, first: dt.date, days: int, houses, n: int):
        rng = self.rng
        slots = 2 * days
        per_slot = -(-len(houses) // slots)
        capacity = min(500, max(20, -(-per_slot * 12 // 100) * 10))
        created = self.office(first - dt.timedelta(days=rng.randint(15, 30)))
        self.batches.add(
            {
                "id": batch_id,
                "project_id": project,
                "name": f"第{n}批集中交付",
                "starts_on": first,
                "ends_on": first + dt.timedelta(days=days - 1),
                "capacity": capacity,
                "status": BatchStatus.CLOSED,
                "created_at": created,
            }
        )
        # the half-day slots: (day, half, when the desk opens)
        slots_at = []
        for slot in range(slots):
            day = first + dt.timedelta(days=slot // 2)
            half = "am" if slot % 2 == 0 else "pm"
            slots_at.append((day, half, self.at(day, 9 * 60 if half == "am" else 14 * 60)))
        order = list(houses)
        rng.shuffle(order)
        for pos, house in enumerate(order):
            self.house(batch_id, house, slots_at[pos // per_slot], created)

    def house(self, batch_id: int, house: tuple, slot: tuple, created) -> None:
        """The house's appointment, inspection (and failed items) and move-in (the hot loop:
        ``random()`` rather than ``randint()``)."""
        rng = self.rng
        random = rng.random
        house_id, project, _building, customer = house
        day, half, opens = slot
        appt_id, insp_id = self.next_appt, self.next_insp
        self.next_appt += 1
        self.next_insp += 1
        party = self.party()
        required = REQUIRED_DOCUMENTS[party]
        arrived = opens + dt.timedelta(minutes=int(random() * 150))
        booked = created + (arrived - created) * (0.1 + 0.8 * random())
        moving = random() < MOVED_IN
        documents, missing = required, []
        if not moving and random() < 0.4:  # came without one of the documents
            lacking = rng.choice(required)
            documents = [d for d in required if d != lacking]
            missing = [lacking]
        inspected = arrived + dt.timedelta(minutes=40 + int(random() * 50))
        row = {
            "id": insp_id,
            "project_id": project,
            "house_id": house_id,
            "customer_id": customer,
            "appointment_id": appt_id,
            "occurred_at": inspected,
            "inspected_by_id": self.inspectors[int(random() * len(self.inspectors))][0],
            "created_at": inspected,
        }
        keys_at = None  # when the keys were handed over
        if random() < FAILED:
            self.failed_items(insp_id)
            row["status"] = InspectionStatus.DEFECTS_OPEN
            told = inspected + dt.timedelta(hours=rng.uniform(4 * 24, 25 * 24))
            told = min(told, self.now)
            row["reinspection_booked_at"] = told  # every defect ticket closed, owner asked
            again = self.office(self.local_day(told) + dt.timedelta(days=rng.randint(1, 10)))
            if rng.random() >= STILL_OPEN and again <= self.now:
                signed = again + dt.timedelta(minutes=rng.randint(5, 30))
                row.update(
                    status=InspectionStatus.ACCEPTED,
                    reinspected_at=again,
                    reinspection_note=REINSPECTION_NOTE,
                    accepted_at=signed,
                )
                if rng.random() < 0.5:  # waited for the repairs to take the keys
                    keys_at = signed + dt.timedelta(minutes=rng.randint(10, 40))
            if keys_at is None:  # took the keys with the defects listed (R-HO-3)
                keys_at = inspected + dt.timedelta(minutes=rng.randint(15, 60))
        elif moving or random() < 0.5:
            signed = inspected + dt.timedelta(minutes=5 + int(random() * 25))
            row["status"] = InspectionStatus.ACCEPTED
            row["accepted_at"] = signed
            keys_at = signed + dt.timedelta(minutes=10 + int(random() * 30))
        else:  # passed, the owner left without signing
            row["status"] = InspectionStatus.PASSED
        moved = moving and keys_at is not None and keys_at <= self.now
        self.batch_houses.add({"deliverybatch_id": batch_id, "house_id": house_id})
        self.appointments.add(
            {
                "id": appt_id,
                "batch_id": batch_id,
                "project_id": project,
                "house_id": house_id,
                "customer_id": customer,
                "day": day,
                "half": half,
                "party": party,
                "status": AppointmentStatus.DONE if moved else AppointmentStatus.ARRIVED,
                "documents": documents,
                "missing": missing,
                "arrived_at": arrived,
                "created_at": booked,
            }
        )
        self.inspections.add(row)
        if moved:
            self.move_in(house, party, required, keys_at)

    def failed_items(self, inspection_id: int) -> None:
        rng = self.rng
        k = self.failures()
        picked = sorted(set(rng.choices(self.lines, self.line_weights, k=k)))
        for index, room, name, category, component in picked:
            self.items.add(
                {
                    "inspection_id": inspection_id,
                    "item": name,
                    "location": room,
                    "category": category,
                    "component": component,
                    "passed": False,
                    "note": rng.choice(DEFECT_NOTES.get(component, ["需整改"])),
                    "order": index,
                }
            )

    def move_in(self, house: tuple, party: str, documents: list, at: dt.datetime) -> None:
        random = self.rng.random
        house_id, project, _building, customer = house
        self.move_ins.add(
            {
                "project_id": project,
                "house_id": house_id,
                "customer_id": customer,
                "party": party,
                "documents": documents,
                "keys": KEYS[int(random() * len(KEYS))],
                "handbook": random() < 0.97,
                "drawings": random() < 0.9,
                "agreements_signed": random() < 0.95,
                "water": _cents(int(random() * 500)),
                "electricity": _cents(int(random() * 3000)),
                "gas": _cents(int(random() * 200)) if random() < 0.75 else None,
                "fees_collected": FEES[int(random() * len(FEES))] if random() < 0.8 else ZERO,
                "occurred_at": at,
                "handled_by_id": self.desk[int(random() * len(self.desk))],
                "created_at": at,
            }
        )
        if random() < CUSTODY / MOVED_IN:
            self.kept.append((house_id, project, customer, self.local_day(at)))

    # -- custody ---------------------------------------------------------------------------

    def custody(self, custody_id: int, kept: tuple, previous: str) -> bool:
        """One custody and its last few patrols; True while it is still active."""
        rng = self.rng
        today = self.today
        earliest = kept[3] + dt.timedelta(days=30)  # a month after the move-in at the soonest
        starts = today - dt.timedelta(days=rng.randint(21, 700))
        if rng.random() < CUSTODY_ACTIVE and starts >= earliest:
            late = rng.random() < OVERDUE
            last = today - dt.timedelta(days=rng.randint(9, 20) if late else rng.randint(1, 6))
            self.custody_row(custody_id, kept, previous, starts, None, last)
            return True
        latest = today - dt.timedelta(days=60)
        starts = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        ends = min(starts + dt.timedelta(days=rng.randint(30, 365)), today - dt.timedelta(days=1))
        last = ends - dt.timedelta(days=rng.randint(0, 6))
        self.custody_row(custody_id, kept, previous, starts, ends, last)
        return False

    def custody_row(self, custody_id, kept, previous, starts, ends, last) -> None:
        rng = self.rng
        house_id, project, customer, _moved_on = kept
        start_water = _cents(rng.randint(2000, 40000))
        start_electricity = _cents(rng.randint(50000, 400000))
        # an empty house uses little; now and then a leak or an appliance left on
        water_week = rng.uniform(0, 0.04)
        power_week = rng.uniform(0, 0.15)
        incident = rng.random() < 0.08
        days = [last - dt.timedelta(days=7 * i) for i in range(rng.randint(2, 5))]
        days = sorted(d for d in days if d > starts)
        water = electricity = None
        for n, day in enumerate(days):
            weeks = (day - starts).days / 7
            jump_w = jump_e = 0.0
            if incident and n == len(days) - 1:
                jump_w, jump_e = rng.choice(((rng.uniform(6, 15), 0.0), (0.0, rng.uniform(25, 60))))
            metered = rng.random() < 0.9
            if metered:
                water = start_water + _cents(int((water_week * weeks + jump_w) * 100))
                electricity = start_electricity + _cents(int((power_week * weeks + jump_e) * 100))
            self.patrol(
                custody_id,
                project,
                PatrolKind.WEEKLY,
                self.office(day),
                (water, electricity) if metered else (None, None),
                (start_water, start_electricity),
            )
        if rng.random() < 0.15:  # a heavy-rain round: planned the afternoon before, then done
            due = starts + dt.timedelta(days=rng.randint(1, (last - starts).days))
            self.patrol(
                custody_id,
                project,
                rng.choice((PatrolKind.BEFORE_RAIN, PatrolKind.AFTER_RAIN)),
                self.office(due),
                (None, None),
                (start_water, start_electricity),
                due_on=due,
                created=self.at(due - dt.timedelta(days=1), 16 * 60 + rng.randrange(120)),
            )
        row = {
            "id": custody_id,
            "project_id": project,
            "house_id": house_id,
            "customer_id": customer,
            "status": CustodyStatus.ACTIVE if ends is None else CustodyStatus.ENDED,
            "agreement": rng.choice(AGREEMENTS),
            "starts_on": starts,
            "ended_on": ends,
            "start_water": start_water,
            "start_electricity": start_electricity,
            "previous_status": previous,
            "created_at": self.at(starts, 9 * 60 + rng.randrange(120)),
        }
        if ends is not None:  # closing meters, never below the last reading
            row["end_water"] = (water or start_water) + _cents(rng.randrange(30))
            row["end_electricity"] = (electricity or start_electricity) + _cents(rng.randrange(200))
        self.custodies.add(row)

    def patrol(self, custody_id, project, kind, at, meters, starts, due_on=None, created=None):
        rng = self.rng
        water, electricity = meters
        over = []  # services.custody.over_limit
        if water is not None and water - starts[0] > WATER_LIMIT:
            over.append("water")
        if electricity is not None and electricity - starts[1] > ELECTRICITY_LIMIT:
            over.append("electricity")
        findings = rng.choice(FINDINGS) if rng.random() < 0.1 else ""
        self.patrols.add(
            {
                "custody_id": custody_id,
                "project_id": project,
                "kind": kind,
                "status": PatrolStatus.DONE,
                "due_on": due_on,
                "occurred_at": at,
                "water": water,
                "electricity": electricity,
                "findings": findings,
                "over_limit": over,
                "owner_notified": bool(over or findings),  # every generated owner has a phone
                "patrolled_by_id": rng.choice(self.liaisons),
                "created_at": created or at,
            }
        )

    # -- the usage report ------------------------------------------------------------------

    def report(self, report_id: int, project: int, delivered: dt.date, houses: int) -> None:
        rng = self.rng
        start, end = period_of(delivered)
        filed = self.office(end + dt.timedelta(days=rng.randint(3, 40)))
        chosen = rng.sample(EQUIPMENT, rng.randint(6, 10))
        lines = []
        for equipment, category, component, per_thousand, note in chosen:
            problems = min(100000, int(houses * per_thousand / 1000 * rng.uniform(0.5, 1.5)))
            lines.append((problems, equipment, category, component, note))
        lines.sort(key=lambda line: -line[0])
        top = "与".join(line[1] for line in lines[:2])
        self.reports.add(
            {
                "id": report_id,
                "project_id": project,
                "period_start": start,
                "period_end": end,
                "summary": f"交付一年，{top}问题较多，建议工程材料部跟进供应商整改",
                "filed_by_id": rng.choice(self.liaisons),
                "filed_at": filed,
                "status": "filed",
            }
        )
        for problems, equipment, category, component, note in lines:
            self.report_lines.add(
                {
                    "report_id": report_id,
                    "equipment": equipment,
                    "category": category,
                    "component": component,
                    "problems": problems,
                    "note": note,
                }
            )


def scale_handover(run: generation.ScaleRun) -> None:
    """The handover step of ``gen-data`` (see the module's docstring)."""
    if not run.houses or DeliveryBatch.objects.filter(project_id__in=run.projects).exists():
        run.say("交付：本批房屋已有交付数据（或没有房屋），跳过")
        return
    gen = _Handover(run)
    with generation.without_row_triggers():
        loaders = _write(run, gen)
    generation.analyze(*(loader.model for loader in loaders.values()))


def _write(run: generation.ScaleRun, gen: _Handover) -> dict[str, Loader]:
    # the usage report's year counts from the first delivery (services.usage.first_delivery)
    delivered = dict(
        House.objects.filter(project_id__in=run.projects)
        .values_list("project_id")
        .annotate(first=Min("delivered_on"))
    )
    for project, day in Project.objects.filter(pk__in=run.projects).values_list(
        "pk", "delivered_on"
    ):
        delivered[project] = delivered.get(project) or day or gen.today - run.span
    plan = gen.plan(delivered)
    first_batch = reserve_ids(DeliveryBatch, len(plan))
    n = sum(len(houses) for *_, houses in plan)
    gen.next_appt = reserve_ids(Appointment, n)
    gen.next_insp = reserve_ids(Inspection, n)
    numbers: dict[int, int] = {}
    for i, (project, first, days, houses) in enumerate(plan):
        numbers[project] = numbers.get(project, 0) + 1
        gen.batch(first_batch + i, project, first, days, houses, numbers[project])
    run.say(f"交付：批次 {len(plan)} 个，预约与验房各 {n} 条")

    latest = gen.today - dt.timedelta(days=90)
    kept = [k for k in gen.kept if k[3] <= latest]
    status: dict[int, str] = {}
    ids = [k[0] for k in kept]
    for i in range(0, len(ids), 5000):
        status.update(House.objects.filter(pk__in=ids[i : i + 5000]).values_list("pk", "status"))
    first_custody = reserve_ids(Custody, len(kept))
    custodial = []
    for i, record in enumerate(kept):
        previous = status.get(record[0]) or HouseStatus.OCCUPIED
        if previous == HouseStatus.CUSTODIAL:
            previous = HouseStatus.OCCUPIED
        if gen.custody(first_custody + i, record, previous):
            custodial.append(record[0])

    sizes: dict[int, int] = {}
    for house in run.houses:
        sizes[house[1]] = sizes.get(house[1], 0) + 1
    filed = [p for p in run.projects if p in sizes]
    first_report = reserve_ids(UsageReport, len(filed))
    for i, project in enumerate(filed):
        gen.report(first_report + i, project, delivered[project], sizes[project])

    loaders = {
        "handover.batches": gen.batches,
        "handover.batch_houses": gen.batch_houses,
        "handover.appointments": gen.appointments,
        "handover.inspections": gen.inspections,
        "handover.inspection_items": gen.items,
        "handover.move_ins": gen.move_ins,
        "handover.custodies": gen.custodies,
        "handover.patrols": gen.patrols,
        "handover.usage_reports": gen.reports,
        "handover.usage_report_lines": gen.report_lines,
    }
    for name, loader in loaders.items():
        loader.flush()
        run.count(name, loader.count)
    # start_custody leaves the house custodial until the custody ends
    for i in range(0, len(custodial), 5000):
        House.objects.filter(pk__in=custodial[i : i + 5000]).update(status=HouseStatus.CUSTODIAL)
    return loaders
