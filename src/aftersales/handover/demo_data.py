"""Demo data of the handover app: 澜湖雅筑 (LHYZ) in its second delivery weeks.

A batch from four days ago to ten days ahead with owners booked for today, arrived with their
documents checked, inspected (passed and signed, with defects whose repair tickets are open,
one ready for re-inspection), moved in; four custodial houses with patrols (one overdue, one
over the limit, one with a finding); a usage report of 锦园华庭 (JYHY) filed a year after its
delivery. Idempotent: nothing is added when the batch exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.core.workcalendar import tz
from aftersales.estates.choices import HouseStatus
from aftersales.estates.models import House, Project
from aftersales.handover.models import DeliveryBatch, UsageReport
from aftersales.handover.services import batches, custody, inspections, move_ins
from aftersales.tickets import services as tickets

BATCH = "二期集中交付"
OWNER_DOCS = ["id_card", "occupancy_notice", "purchase_contract"]
ROWS = [
    ("入户门", "门扇开关顺畅、无变形", "doors_windows", "decoration"),
    ("客厅", "墙面无空鼓、开裂、污染", "civil", "decoration"),
    ("卫生间", "防水闭水试验无渗漏", "civil", "leakage"),
    ("厨房", "给水管、阀门无渗漏", "water_electric", "plumbing"),
    ("卧室", "窗户开启灵活、玻璃完好", "doors_windows", "leakage"),
    ("全屋", "配电箱、漏电保护动作正常", "water_electric", "electrical"),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz())


def _items(failed: tuple[int, ...] = ()) -> list[dict]:
    return [
        {
            "item": item,
            "location": room,
            "category": cat,
            "component": comp,
            "passed": i not in failed,
            "note": "需整改" if i in failed else "",
        }
        for i, (room, item, cat, comp) in enumerate(ROWS)
    ]


def _close(admin, tech, ticket_id: int, start: dt.datetime) -> None:
    step = iter(range(1, 20))

    def when() -> dt.datetime:
        return start + dt.timedelta(minutes=30 * next(step))

    tickets.perform(admin, ticket_id, "dispatch", assignee=tech.pk, occurred_at=when())
    tickets.perform(
        tech,
        ticket_id,
        "survey",
        responsible_party="contractor",
        trades=1,
        estimate="150",
        work_class="A",
        cause="交付前施工遗留",
        occurred_at=when(),
    )
    tickets.perform(tech, ticket_id, "start", occurred_at=when())
    tickets.perform(tech, ticket_id, "complete", result="已整改", occurred_at=when())
    tickets.perform(admin, ticket_id, "sign_off", opinion="satisfied", occurred_at=when())
    tickets.perform(admin, ticket_id, "callback", satisfied=True, occurred_at=when())


def demo_handover(run) -> None:
    admin = run.shared.get("admin") or User.objects.filter(is_superuser=True).first()
    project = Project.objects.filter(code="LHYZ").first()
    if admin is None or project is None:
        return
    if DeliveryBatch.objects.filter(project=project, name=BATCH).exists():
        run.notes.append("交付演示数据已存在，未改动")
        return
    today = timezone.localdate()
    houses = list(
        House.objects.filter(project=project, status=HouseStatus.DELIVERED, occupants__isnull=False)
        .distinct()
        .order_by("label")[:16]
    )
    if len(houses) < 16:
        return
    tech = User.objects.filter(username="tech2").first() or admin
    batch = batches.create_batch(
        admin,
        project=project,
        name=BATCH,
        starts_on=today - dt.timedelta(days=4),
        ends_on=today + dt.timedelta(days=10),
        capacity=30,
    )

    def owner(house: House) -> int:
        return house.occupants.order_by("id").first().customer_id

    def book(house: House, day: dt.date, half: str):
        return batches.book(admin, batch, house=house, customer=owner(house), day=day, half=half)

    # today's arrivals: four still expected, two at the desk (one without the contract)
    for i, house in enumerate(houses[:4]):
        book(house, today, "am" if i < 2 else "pm")
    for house, docs in ((houses[4], OWNER_DOCS), (houses[5], ["id_card", "occupancy_notice"])):
        batches.check_documents(admin, book(house, today, "am"), documents=docs)
    # earlier days: inspected, signed, moved in
    for n, house in enumerate(houses[6:9]):
        day = today - dt.timedelta(days=3 - n % 2)
        appt = book(house, day, "am")
        insp = inspections.create_inspection(
            admin,
            house=house,
            customer=owner(house),
            items=_items(),
            occurred_at=_at(day, 9, 30),
            appointment=appt.pk,
        )
        inspections.accept(admin, insp, occurred_at=_at(day, 10, 30))
        move_ins.move_in(
            admin,
            house=house,
            customer=owner(house),
            party="owner",
            documents=OWNER_DOCS,
            keys=3,
            meters_read={"water": 2 + n, "electricity": 15 + n, "gas": 1},
            fees_collected="3600.00",
            handbook=True,
            drawings=True,
            agreements_signed=True,
            occurred_at=_at(day, 11),
        )
    # defects: tickets open (one owner took the keys anyway), one ready for re-inspection
    for n, house in enumerate(houses[9:13]):
        day = today - dt.timedelta(days=2)
        appt = book(house, day, "pm")
        insp = inspections.create_inspection(
            admin,
            house=house,
            customer=owner(house),
            items=_items(failed=(1, 2) if n % 2 else (4,)),
            occurred_at=_at(day, 14, 10 * n),
            appointment=appt.pk,
        )
        if n == 0:
            for item in insp.items.filter(ticket__isnull=False):
                _close(admin, tech, item.ticket_id, _at(day, 16))
        if n == 3:
            move_ins.move_in(
                admin,
                house=house,
                customer=owner(house),
                party="agent",
                documents=[*OWNER_DOCS, "power_of_attorney", "agent_id_card"],
                keys=2,
                meters_read={"water": 1, "electricity": 9},
                occurred_at=_at(day, 16, 30),
            )
    # custodial houses with their patrols
    kept = list(
        House.objects.filter(project=project, status=HouseStatus.CUSTODIAL, occupants__isnull=False)
        .distinct()
        .order_by("label")[:4]
    )
    for n, house in enumerate(kept):
        started = today - dt.timedelta(days=30 - n)
        record = custody.start_custody(
            admin,
            house=house,
            customer=owner(house),
            starts_on=started,
            meters_read={"water": 120 + n, "electricity": 800 + n},
            agreement="业主出国，委托物业看管",
        )
        if n == 0:  # overdue: the last weekly patrol was ten days ago
            custody.record_patrol(
                admin,
                record,
                kind="weekly",
                meters_read={"water": 121, "electricity": 805},
                occurred_at=_at(today - dt.timedelta(days=10), 10),
            )
        elif n == 1:  # over the water limit: the owner was told
            custody.record_patrol(
                admin,
                record,
                kind="weekly",
                meters_read={"water": 128, "electricity": 810},
                occurred_at=_at(today - dt.timedelta(days=2), 10),
            )
        else:
            custody.record_patrol(
                admin,
                record,
                kind="weekly",
                findings="阳台地漏积水，已清理" if n == 2 else "",
                occurred_at=_at(today - dt.timedelta(days=3), 15),
            )
    custody.rain_round(admin, project, due_on=today + dt.timedelta(days=1))
    other = Project.objects.filter(code="JYHY").first()
    if other is not None and not UsageReport.objects.filter(project=other).exists():
        from aftersales.handover.services import usage

        usage.file_report(
            admin,
            project=other,
            summary="交付一年，对讲与卫生间地漏问题较多，建议更换供应商",
            lines=[
                {
                    "equipment": "可视对讲主机",
                    "component": "equipment",
                    "problems": 23,
                    "note": "屏幕花屏、无法开锁",
                },
                {
                    "equipment": "卫生间地漏",
                    "category": "water_electric",
                    "component": "plumbing",
                    "problems": 17,
                },
                {
                    "equipment": "入户防盗门锁",
                    "category": "doors_windows",
                    "component": "decoration",
                    "problems": 9,
                },
                {"equipment": "燃气热水器", "component": "equipment", "problems": 4},
            ],
        )
    run.notes.append(f"交付演示：{project.name}“{BATCH}”，今日预约 6 户；托管房屋 {len(kept)} 套")
