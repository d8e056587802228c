"""``aftersales demo``: the demonstration data is complete, plausible, scoped and idempotent."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from aftersales.accounts.choices import RoleCode
from aftersales.accounts.models import User
from aftersales.core import pii, scoping
from aftersales.estates.choices import HouseRole, HouseStatus, IdType
from aftersales.estates.demo_data import DEMO_PASSWORD, OWNER_USERNAME
from aftersales.estates.models import (
    Customer,
    CustomerHouse,
    House,
    Project,
    ProjectWarrantyTerm,
    PublicArea,
)
from aftersales.estates.services import initials_of, warranty_status

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    return run_demo()


def counts() -> dict[str, int]:
    return {
        "projects": Project.objects.count(),
        "houses": House.objects.count(),
        "customers": Customer.objects.count(),
        "links": CustomerHouse.objects.count(),
        "users": User.objects.count(),
        "public_areas": PublicArea.objects.count(),
        "terms": ProjectWarrantyTerm.objects.count(),
    }


def test_demo_creates_two_projects_and_about_two_thousand_houses(demo):
    assert set(Project.objects.values_list("code", flat=True)) == {"JYHY", "LHYZ"}
    total = House.objects.count()
    assert 1800 <= total <= 2200
    jyhy = Project.objects.get(code="JYHY")
    assert jyhy.name == "锦园华庭" and jyhy.city == "杭州"
    statuses = Counter(House.objects.filter(project=jyhy).values_list("status", flat=True))
    assert statuses[HouseStatus.OCCUPIED] > sum(statuses.values()) / 2  # mostly occupied
    assert set(House.objects.filter(project=jyhy).values_list("finish", flat=True)) == {"bare"}
    lhyz = Project.objects.get(code="LHYZ")
    assert set(House.objects.filter(project=lhyz).values_list("finish", flat=True)) == {"fitted"}
    house = House.objects.get(project=jyhy, label="3-1-1201")
    assert house.floor == 12 and house.area and house.unit_type
    assert PublicArea.objects.filter(project=jyhy).exists()


def test_demo_customers_are_plausible(demo):
    customers = list(Customer.objects.all())
    assert len(customers) > House.objects.count() * 0.9
    phones = [c.phone for c in customers]
    assert len(set(phones)) == len(phones)
    assert all(len(p) == 11 and p.startswith("1") for p in phones)
    resident = [c for c in customers if c.id_type == IdType.RESIDENT_ID]
    assert len(resident) > len(customers) * 0.7
    sample = resident[:200]
    assert all(pii.valid_resident_id(pii.decrypt(c.id_number_encrypted)) for c in sample)
    assert all(c.id_number_masked and "*" in c.id_number_masked for c in sample)
    assert all(c.initials == initials_of(c.name) for c in customers[:200])
    roles = Counter(CustomerHouse.objects.values_list("role", flat=True))
    for role in (HouseRole.OWNER, HouseRole.CO_OWNER, HouseRole.FAMILY, HouseRole.TENANT):
        assert roles[role] > 0
    sold = House.objects.exclude(status=HouseStatus.UNSOLD)
    assert not sold.exclude(occupants__role=HouseRole.OWNER).exists()


def test_demo_has_a_login_for_every_role(demo):
    held = set(User.objects.values_list("roles__code", flat=True))
    assert set(RoleCode.values) <= held
    for username in ("admin", "agent1", "agent2", "manager", OWNER_USERNAME):
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
    agent1 = User.objects.get(username="agent1")
    assert list(agent1.projects.values_list("code", flat=True)) == ["JYHY"]
    assert User.objects.exclude(department=None).count() >= len(RoleCode.values) - 2
    assert "demo1234!" in demo and "agent1" in demo and "owner" in demo


def test_demo_warranty_overrides(demo):
    lhyz = Project.objects.get(code="LHYZ")
    term = ProjectWarrantyTerm.objects.get(project=lhyz, component__code="leakage")
    assert term.months == 96
    house = House.objects.filter(project=lhyz).first()
    assert warranty_status(house, "leakage").months == 96


def test_owner_login_sees_only_his_houses(demo):
    owner = User.objects.get(username=OWNER_USERNAME)
    assert owner.customer is not None
    own = set(
        CustomerHouse.objects.filter(customer=owner.customer).values_list("house_id", flat=True)
    )
    assert own
    visible = set(scoping.visible_to(House.objects.all(), owner).values_list("id", flat=True))
    assert visible == own
    customers = scoping.visible_to(Customer.objects.all(), owner)
    assert list(customers.values_list("id", flat=True)) == [owner.customer_id]


def test_scoped_agent_sees_only_his_project(demo):
    agent2 = User.objects.get(username="agent2")
    visible = scoping.visible_to(House.objects.all(), agent2)
    assert set(visible.values_list("project__code", flat=True)) == {"LHYZ"}
    assert visible.count() == House.objects.filter(project__code="LHYZ").count()


def test_demo_is_idempotent(demo):
    before = counts()
    again = run_demo()
    assert counts() == before
    assert "已存在" in again and "demo1234!" in again


def test_demo_is_deterministic(demo):
    first = sorted(Customer.objects.values_list("name", "phone"))[:50]
    from aftersales.care import models as care
    from aftersales.costs import models as costs
    from aftersales.fees import models as fees
    from aftersales.frontdesk import models as frontdesk
    from aftersales.handover import models as handover
    from aftersales.tickets.models import Ticket

    for model in (
        frontdesk.PaidService,
        frontdesk.Remittance,
        frontdesk.LockChange,
        frontdesk.MailItem,
        frontdesk.Renovation,
        frontdesk.ReleaseSlip,
        fees.Bill,
        fees.ArrearsAction,
        fees.Collection,
        fees.FeeStandard,
        handover.InspectionItem,
        handover.Inspection,
        handover.MoveIn,
        handover.Custody,
        handover.DeliveryBatch,
        handover.UsageReport,
        care.VisitIssue,
        care.Visit,
        care.Response,
        care.Target,
        care.Campaign,
        care.SpotCheck,
        care.CareMessage,
        care.Activity,
        care.Notice,
        costs.DepositEntry,
        costs.DepositAccount,
        costs.Settlement,
        costs.FinalAccountLine,
        costs.FinalAccount,
        costs.ApprovalStep,
        costs.SpendingRequest,
        costs.Transfer,
        Ticket,
        CustomerHouse,
        Customer,
    ):
        model.objects.all().delete()
    User.objects.all().delete()
    costs.Contractor.objects.all().delete()
    House.objects.all().delete()
    PublicArea.objects.all().delete()
    ProjectWarrantyTerm.objects.all().delete()
    for project in Project.objects.all():
        project.buildings.all().delete()
        project.delete()
    run_demo()
    assert sorted(Customer.objects.values_list("name", "phone"))[:50] == first


def test_demo_can_add_a_ticket_history_once(db):
    from aftersales.reports.models import TicketFact
    from aftersales.tickets.models import Ticket

    out = io.StringIO()
    call_command("demo", "--tickets", "40", stdout=out)
    assert "生成演示工单历史" in out.getvalue()
    generated = Ticket.objects.filter(number__startswith="GD")
    assert generated.count() == 40
    assert TicketFact.objects.filter(ticket__in=generated).count() == 40  # the dashboard's
    call_command("demo", "--tickets", "40", stdout=io.StringIO())
    assert generated.count() == 40


def test_demo_shows_every_step_of_the_money_flow(demo):
    from aftersales.costs.models import ApprovalStep, DepositEntry, Settlement

    pending = ApprovalStep.objects.filter(status="pending")
    assert set(pending.values_list("role", flat=True)) == {"deputy_gm", "service_manager"}
    assert sorted(Settlement.objects.values_list("status", flat=True)) == [
        "awaiting_confirmation",
        "certified",
        "paid",
    ]
    paid = Settlement.objects.get(status="paid")
    assert DepositEntry.objects.get(settlement=paid).amount == paid.amount
