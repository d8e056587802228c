"""The data of the permission matrix: two of everything, built once for the whole module.

Side A and side B each have a project, a house, a customer with an owner account, a public
area, a contractor company with its contact user, a repair ticket transferred to that company
(accepted) with a spending request, a final account, a settlement and a photo, a meeting with
an action item, a lesson, an export job and an import job. Reference data (funds, policies,
phenomena, templates, calendar days) is shared.

Personas (every one has an API token and a logged-in web client):

* ``staff_a`` / ``staff_b`` — every staff role except admin, scoped to project A / B, so that
  the data scope is the only thing that stops them;
* ``manager`` — service manager of every project;
* ``owner_a`` / ``owner_b`` — owners of the house of side A / B;
* ``contractor_a`` / ``contractor_b`` — contact users of company A / B;
* ``analyst_a`` — analyst of project A: may read reports, may not act on records (403);
* ``technician_a`` — technician of project A, for what an analyst may do (lessons).

Every text of side A carries a marker (:data:`MARKERS`) that must not appear in what another
scope is shown.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from aftersales.accounts.choices import STAFF_ROLES, RoleCode
from tests.conftest import make_customer, make_house, make_user

OFFICE_ROLES = sorted(set(STAFF_ROLES) - {RoleCode.ADMIN})
SIDES = ("a", "b")

# What of side A another scope must never be shown (the ticket number is added when known).
MARKERS = {
    "staff": [
        "甲城花园",
        "甲业主",
        "甲门岗",
        "甲单渗水",
        "甲单投诉",
        "甲例会",
        "甲教训",
        "甲申请",
        "甲决算",
    ],
    "owner": ["甲业主", "甲单渗水", "甲单投诉", "甲申请"],
    "contractor": ["甲建工", "甲单渗水", "甲申请", "甲决算"],
}
NAMES = {
    "a": {"project": "甲城花园", "customer": "甲业主", "area": "甲门岗", "company": "甲建工"},
    "b": {"project": "乙城名邸", "customer": "乙业主", "area": "乙门岗", "company": "乙建工"},
}
PREFIX = {"a": "甲", "b": "乙"}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), (0, 128, 255)).save(out, format="PNG")
    return out.getvalue()


@dataclass
class World:
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    web: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)  # kind → {"a": pk, "b": pk} or {"any": pk}
    markers: dict = field(default_factory=dict)  # family → texts of side A

    def ids(self, kind: str, side: str) -> dict:
        found = self.records[kind]
        return found.get(side, found.get("any"))


def build() -> World:
    from aftersales.accounts.services import issue_token
    from aftersales.analysis.models import Lesson
    from aftersales.analysis.services import meetings
    from aftersales.attachments.services import add_attachment
    from aftersales.core.models import WorkCalendarDay
    from aftersales.costs.models import (
        DepositAccount,
        FinalAccount,
        Fund,
        Settlement,
        SpendingRequest,
    )
    from aftersales.costs.services.contractors import answer_transfer, create_contractor, transfer
    from aftersales.estates.models import ImportJob, ProjectWarrantyTerm
    from aftersales.estates.services import create_project, create_public_area
    from aftersales.notify.models import NotificationTemplate
    from aftersales.reports.models import ExportJob
    from aftersales.tickets import services as tickets
    from aftersales.tickets.models import DeadlinePolicy, Phenomenon, SavedView

    w = World()
    admin = make_user("m_admin", ["admin"], name="管理员")
    manager = make_user("manager", ["service_manager"], name="售后经理")
    tech = make_user("m_tech", ["technician"], name="维修工")
    w.users.update(manager=manager)
    for side in SIDES:
        p = PREFIX[side]
        names = NAMES[side]
        project = create_project(admin, code=f"P{side.upper()}", name=names["project"], city="杭州")
        building = "11" if side == "a" else "22"
        house = make_house(admin, project, f"{building}-1-{building}01", area="90")
        customer = make_customer(
            admin, names["customer"], f"1380000000{SIDES.index(side)}", [house]
        )
        area = create_public_area(admin, project=project, name=names["area"])
        company = create_contractor(
            admin, name=names["company"], trades=["waterproofing"], projects=[project.pk]
        )
        staff = make_user(f"staff_{side}", OFFICE_ROLES, [project], name=f"{p}员工")
        owner = make_user(f"owner_{side}", ["owner"], customer=customer, name=names["customer"])
        contact = make_user(
            f"contractor_{side}", ["contractor"], contractor=company.pk, name=f"{p}联系人"
        )
        w.users.update({f"staff_{side}": staff, f"owner_{side}": owner})
        w.users[f"contractor_{side}"] = contact
        ticket = tickets.register_ticket(
            manager,
            kind="repair",
            channel="hotline",
            description=f"{p}单渗水",
            customer=customer,
            house=house,
            category="civil",
            component="leakage",
        )
        tickets.perform(manager, ticket, "dispatch", assignee=tech.pk)
        complaint = tickets.register_ticket(
            manager,
            kind="complaint",
            channel="hotline",
            description=f"{p}单投诉",
            customer=customer,
            house=house,
            severity="minor",
        )
        moved = transfer(manager, ticket, contractor=company.pk, reason="防水保修")
        answer_transfer(contact, moved.pk, accept=True)
        spending = SpendingRequest.objects.create(
            ticket=ticket, amount=Decimal("300.00"), purpose=f"{p}申请", requested_by=manager
        )
        account = FinalAccount.objects.create(
            ticket=ticket,
            contractor=company,
            total=Decimal("300.00"),
            reviewer_role="service_manager",
            status=FinalAccount.Status.REVIEWED,
            note=f"{p}决算",
            filed_by=manager,
        )
        settlement = Settlement.objects.create(
            account=account,
            ticket=ticket,
            contractor=company,
            work_class="A",
            amount=Decimal("300.00"),
            status=Settlement.Status.AWAITING_CONFIRMATION,
        )
        DepositAccount.objects.create(contractor=company, project=project)
        photo = add_attachment(manager, ticket, SimpleUploadedFile("a.png", png(), "image/png"))
        meeting = meetings.create_meeting(
            manager,
            kind="weekly_complaint",
            title=f"{p}例会",
            project=project.pk,
            held_on=dt.date(2026, 11, 20),
        )
        action = meetings.add_action(manager, meeting, text=f"{p}待办", owner=staff.pk)
        lesson = Lesson.objects.create(
            project=project,
            dimension="component",
            value="leakage",
            value_label="渗漏",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
            title=f"{p}教训",
            created_by=manager,
        )
        export = ExportJob.objects.create(
            created_by=staff,
            kind="tickets",
            status=ExportJob.Status.DONE,
            file=ContentFile(b"PK", name=f"export-{side}.xlsx"),
            filename=f"export-{side}.xlsx",
        )
        imported = ImportJob.objects.create(
            created_by=staff, file=ContentFile(b"PK", name=f"roster-{side}.xlsx"), filename="r.xlsx"
        )
        saved_view = SavedView.objects.create(user=staff, name=f"{p}查询", query="q=%E6%BC%8F")
        link = customer.house_links.first()
        records = {
            "project": project.pk,
            "house": house.pk,
            "customer": customer.pk,
            "customer_house": link.pk if link else None,
            "public_area": area.pk,
            "contractor": company.pk,
            "ticket": ticket.pk,
            "complaint": complaint.pk,
            "transfer": moved.pk,
            "spending": spending.pk,
            "final_account": account.pk,
            "settlement": settlement.pk,
            "attachment": photo.pk,
            "meeting": meeting.pk,
            "action": action.pk,
            "lesson": lesson.pk,
            "export": export.pk,
            "import": imported.pk,
            "saved_view": saved_view.pk,
            "user": staff.pk,
        }
        for kind, pk in records.items():
            w.records.setdefault(kind, {})[side] = pk
        if side == "a":
            number, project_a = ticket.number, project
    _fees(w, manager)
    w.users["analyst_a"] = make_user("analyst_a", ["analyst"], [project_a], name="分析员")
    w.users["technician_a"] = make_user("technician_a", ["technician"], [project_a], name="技工")
    fund = Fund.objects.create(name="客服周转金", department="客户服务部", balance=Decimal("1000"))
    shared = {
        "fund": fund.pk,
        "policy": DeadlinePolicy.objects.order_by("pk").values_list("pk", flat=True).first(),
        "phenomenon": Phenomenon.objects.order_by("pk").values_list("pk", flat=True).first(),
        "template": NotificationTemplate.objects.order_by("pk")
        .values_list("code", flat=True)
        .first(),
        "day": WorkCalendarDay.objects.order_by("date").values_list("date", flat=True).first(),
        "component": ProjectWarrantyTerm.objects.filter(project_id=w.records["project"]["a"])
        .values_list("component__code", flat=True)
        .first(),
    }
    for kind, value in shared.items():
        w.records[kind] = {"any": value}
    _front_desk(w, manager)
    w.markers = {family: [*texts, number] for family, texts in MARKERS.items()}
    for name, user in w.users.items():
        w.tokens[name] = issue_token(user)
        client = Client()
        client.force_login(user)
        w.web[name] = client
    handover_records(w)
    _owner_markers(w)
    return w


def _front_desk(w: World, manager) -> None:
    """Side A and B records of the front desk (resident services), made by the manager."""
    from aftersales.estates.models import Customer, House
    from aftersales.frontdesk.demo_data import resident_id
    from aftersales.frontdesk.models import PriceItem
    from aftersales.frontdesk.services import locks, mail, paid, renovations, slips

    today = dt.date.today()
    for side in SIDES:
        p = PREFIX[side]
        house = House.objects.get(pk=w.records["house"][side])
        customer = Customer.objects.get(pk=w.records["customer"][side])
        service = paid.request_service(manager, house=house, customer=customer, item="lock_open")
        done = paid.request_service(manager, house=house, customer=customer, item="lock_open")
        paid.accept(manager, done)
        paid.complete(manager, done)
        paid.pay(manager, done, amount=done.amount)
        remittance = paid.remit(manager, project=house.project_id, day=today)
        lock = locks.apply(
            manager,
            house=house,
            kind="change",
            applicant_name=f"{p}申请人",
            applicant_id_number=resident_id("11010519900307251"),
        )
        item = mail.receive(manager, house=house, customer=customer, kind="letter", title=f"{p}信")
        renovation = renovations.register(
            manager, house=house, customer=customer, starts_on=today, ends_on=today
        )
        slip = slips.issue(manager, house=house, items=[f"{p}床"])
        for kind, value in {
            "paid": service.pk,
            "remittance": remittance.pk,
            "lock": lock.pk,
            "mail": item.pk,
            "renovation": renovation.pk,
            "slip": slip.pk,
            "slip_code": slip.code,
        }.items():
            w.records.setdefault(kind, {})[side] = value
    w.records["price_item"] = {
        "any": PriceItem.objects.order_by("pk").values_list("pk", flat=True).first()
    }


def _fees(w: World, manager) -> None:
    """Per side: a paid bill (its receipt), an overdue unpaid bill with a reminder recorded, and
    a booked home collection."""
    from django.utils import timezone

    from aftersales.estates.models import House, Project
    from aftersales.fees import services as fees

    today = timezone.localdate().replace(day=1)
    earlier = [(today - dt.timedelta(days=28 * n)).strftime("%Y-%m") for n in (3, 1)]
    for side in SIDES:
        project = Project.objects.get(pk=w.records["project"][side])
        house = House.objects.get(pk=w.records["house"][side])
        fees.set_fee_standard(manager, project, price_per_sqm="2.00")
        paid = fees.create_bill(manager, house, period=earlier[0])
        fees.pay_bill(manager, paid, amount=paid.amount)
        fees.create_bill(manager, house, period=earlier[1])
        action = fees.record_arrears_action(manager, house, step="reminder")
        visit = fees.book_collection(
            manager, house, scheduled_at=timezone.now() + dt.timedelta(days=1)
        )
        w.records.setdefault("bill", {})[side] = paid.pk
        w.records.setdefault("fee_action", {})[side] = action.pk
        w.records.setdefault("collection", {})[side] = visit.pk


def handover_records(w: World) -> None:
    """Side A and B of the handover app: a batch and appointment, an inspection with a defect
    ticket, an item photo, a move-in, a custody with a patrol and its photo, a usage report."""
    from aftersales.estates.models import House, Project
    from aftersales.handover.models import ChecklistItem, ItemPhoto, PatrolPhoto, UsageReport
    from aftersales.handover.services import batches, custody, inspections, move_ins

    manager = w.users["manager"]
    today = dt.date.today()
    for side in SIDES:
        project = Project.objects.get(pk=w.records["project"][side])
        house = House.objects.get(pk=w.records["house"][side])
        customer = w.records["customer"][side]
        batch = batches.create_batch(
            manager, project=project, name=f"{PREFIX[side]}批次", starts_on=today, ends_on=today
        )
        appt = batches.book(manager, batch, house=house, customer=customer, day=today, half="am")
        row = {"item": "墙面", "location": "客厅", "category": "civil", "component": "decoration"}
        insp = inspections.create_inspection(
            manager, house=house, customer=customer, items=[dict(row, passed=False)]
        )
        item = insp.items.get()
        photo = inspections.add_photo(
            manager, item, SimpleUploadedFile("i.png", png(), "image/png")
        )
        moved = move_ins.move_in(
            manager,
            house=house,
            customer=customer,
            party="owner",
            documents=["id_card", "occupancy_notice", "purchase_contract"],
        )
        kept = custody.start_custody(
            manager,
            house=house,
            customer=customer,
            starts_on=today,
            meters_read={"water": 1, "electricity": 1},
        )
        patrol = custody.record_patrol(manager, kept, kind="weekly")
        shot = custody.add_patrol_photo(
            manager, patrol, SimpleUploadedFile("p.png", png(), "image/png")
        )
        report = UsageReport.objects.create(
            project=project, period_start=today, period_end=today, filed_by=manager
        )
        records = {
            "ho_batch": batch.pk,
            "ho_appointment": appt.pk,
            "ho_inspection": insp.pk,
            "ho_item": item.pk,
            "ho_photo": photo.pk,
            "ho_move_in": moved.pk,
            "ho_custody": kept.pk,
            "ho_patrol": patrol.pk,
            "ho_patrol_photo": shot.pk,
            "ho_report": report.pk,
        }
        for kind, pk in records.items():
            w.records.setdefault(kind, {})[side] = pk
    assert ItemPhoto.objects.exists() and PatrolPhoto.objects.exists()
    _care(w, manager)
    line = ChecklistItem.objects.order_by("pk").values_list("pk", flat=True).first()
    w.records["checklist_item"] = {"any": line}
    return w


def _care(w: World, manager) -> None:
    """Care records of each side: a campaign with its target and visit, an answer sheet, a
    care message, an activity with a photo and a notice; the questionnaire and the care rule
    are shared."""
    import datetime as dt

    from aftersales.care.models import ActivityPhoto, CareMessage, CareRule, Target
    from aftersales.care.services import activities, campaigns, questionnaires
    from aftersales.estates.models import Customer, House

    survey = questionnaires.create_questionnaire(
        manager, title="满意度", questions=[{"text": "总体满意度", "type": "score"}]
    )
    w.records["questionnaire"] = {"any": survey.pk}
    w.records["care_rule"] = {
        "any": CareRule.objects.order_by("pk").values_list("pk", flat=True).first()
    }
    for side in SIDES:
        p = PREFIX[side]
        project = w.records["project"][side]
        House.objects.filter(project_id=project).update(status="occupied")
        house = w.records["house"][side]
        campaign = campaigns.create_campaign(
            manager, project=project, kind="first", questionnaire=survey.pk
        )
        target = Target.objects.get(campaign=campaign)
        visit = campaigns.record_visit(
            manager,
            campaign,
            house=house,
            method="phone",
            note=f"{p}回访记录",
            answers=[{"question": 0, "value": 5}],
        )
        customer = Customer.objects.get(pk=w.records["customer"][side])
        message = CareMessage.objects.create(
            key=f"matrix-{side}",
            kind="birthday",
            project_id=project,
            house_id=house,
            customer=customer,
            on=dt.date(2026, 12, 8),
            channel="sms",
            text=f"{p}生日祝福",
        )
        activity = activities.create_activity(
            manager,
            project=project,
            theme=f"{p}游园会",
            place="花园",
            starts_at=dt.datetime(2026, 9, 25, 18, tzinfo=dt.UTC),
        )
        photo = ActivityPhoto.objects.create(
            activity=activity,
            file=ContentFile(png(), name=f"act-{side}.png"),
            content_type="image/png",
        )
        notice = activities.post_notice(manager, project=project, title=f"{p}停水通知")
        check = campaigns.record_spot_check(
            manager, project=project, year=2025, visits_checked=3, findings=f"{p}抽查结论"
        )
        found = {
            "campaign": campaign.pk,
            "target": target.pk,
            "visit": visit.pk,
            "response": visit.response_id,
            "care_message": message.pk,
            "activity": activity.pk,
            "activity_photo": photo.pk,
            "notice": notice.pk,
            "spot_check": check.pk,
        }
        for kind, pk in found.items():
            w.records.setdefault(kind, {})[side] = pk
    w.markers["staff"] += ["甲回访记录", "甲生日祝福", "甲游园会", "甲停水通知", "甲抽查结论"]


def _owner_markers(w: World) -> None:
    """What owner B must never be shown of side A on the portal: the number of A's paid
    service and the receipt number of A's paid fee bill."""
    from aftersales.fees.models import Bill
    from aftersales.frontdesk.models import PaidService

    w.markers["owner"] += [
        PaidService.objects.get(pk=w.records["paid"]["a"]).number,
        Bill.objects.get(pk=w.records["bill"]["a"]).receipt_number,
    ]
