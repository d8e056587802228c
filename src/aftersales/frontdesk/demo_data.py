"""Demo data of the front desk (``aftersales demo``): a few of each service in the first demo
project, at different steps, so every screen has something to show. Idempotent: skipped when
the project already has paid services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aftersales.accounts.models import User
from aftersales.core import pii
from aftersales.core.demo import DemoRun
from aftersales.estates.choices import HouseRole
from aftersales.estates.models import CustomerHouse
from aftersales.frontdesk.choices import WitnessParty
from aftersales.frontdesk.models import PaidService
from aftersales.frontdesk.services import locks, mail, paid, renovations, slips

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(seventeen: str) -> str:
    """A valid 18-digit resident ID from its first 17 digits (the GB 11643 check digit)."""
    total = sum(int(d) * w for d, w in zip(seventeen, _WEIGHTS, strict=True))
    return seventeen + "10X98765432"[total % 11]


def _witnesses(admin) -> list[User]:
    """One signer per party (customer service, concierge, engineering), three different users
    each belonging to his party; the administrator fills a party nobody else can sign for."""
    staff = list(
        User.objects.filter(is_active=True, customer__isnull=True, contractor__isnull=True)
        .exclude(pk=admin.pk)
        .filter(
            roles__code__in=["agent", "supervisor", "property_liaison", "engineer", "team_lead"]
        )
        .select_related("department")
        .distinct()
        .order_by("pk")
    )
    chosen: list[User] = []
    for party in WitnessParty.values:
        pool = [u for u in staff if u not in chosen and locks.may_sign_for(u, party)]
        if pool:
            chosen.append(pool[0])
        elif admin not in chosen:
            chosen.append(admin)
        else:
            return []
    return chosen


@transaction.atomic
def demo_services(demo: DemoRun) -> None:
    admin = demo.shared.get("admin")
    if admin is None:
        return
    links = list(
        CustomerHouse.objects.filter(role=HouseRole.OWNER)
        .select_related("house__project", "customer")
        .order_by("house__project_id", "house_id")[:12]
    )
    if len(links) < 6:
        return
    project = links[0].house.project
    links = [link for link in links if link.house.project_id == project.pk]
    if len(links) < 6 or PaidService.objects.filter(project=project).exists():
        return
    h = [(link.house, link.customer) for link in links]
    # paid services: requested, quoted, accepted with an inspection, paid and remitted
    paid.request_service(
        admin, house=h[0][0], customer=h[0][1], item="appliance_install", note="安装壁挂空调一台"
    )
    paid.request_service(admin, house=h[1][0], customer=h[1][1], item="pipe_clear")
    s = paid.request_service(admin, house=h[2][0], customer=h[2][1], item="lock_replace")
    paid.accept(admin, s)
    paid.inspect(admin, s, note="施工规范，现场已清理")
    done = paid.request_service(admin, house=h[3][0], customer=h[3][1], item="light_fix")
    paid.accept(admin, done)
    paid.complete(admin, done, note="更换客厅吸顶灯")
    paid.pay(admin, done, amount=done.amount, method="wechat")
    paid.remit(admin, project=project.pk, day=timezone.localdate())
    # a lock change: the owner applies, three parties sign, the lock is opened
    owner_house, owner = h[4]
    number = pii.decrypt(owner.id_number_encrypted)
    if not pii.valid_resident_id(number):
        number = resident_id("33010619800101123")
    lock = locks.apply(
        admin,
        house=owner_house,
        kind="change",
        applicant_name=owner.name,
        applicant_id_number=number,
        reason="钥匙遗失",
    )
    witnesses = _witnesses(admin)
    if witnesses:
        for user, party in zip(witnesses, WitnessParty.values, strict=True):
            locks.witness(user, lock, party=party)
        locks.open_lock(admin, lock)
    locks.apply(
        admin,
        house=h[5][0],
        kind="break",
        applicant_name="王租户",
        applicant_id_number=resident_id("11010519900307251"),
        owner_consent=f"业主{h[5][1].name}电话同意",
        consent_phone=h[5][1].phone,
    )
    # mail
    mail.receive(admin, house=h[0][0], customer=h[0][1], kind="letter", title="银行信用卡账单")
    item = mail.receive(
        admin,
        house=h[1][0],
        customer=h[1][1],
        kind="magazine",
        title="《物业之家》第 11 期",
        paid=True,
        fee=Decimal("12.00"),
    )
    mail.deliver(admin, item, receiver_name=h[1][1].name, signature=_DOT)
    # renovation with a permit and passes
    today = timezone.localdate()
    r = renovations.register(
        admin,
        house=h[2][0],
        customer=h[2][1],
        starts_on=today,
        ends_on=today + dt.timedelta(days=60),
        garbage_fee="300",
        contractor_name="安居装饰",
        agreement_no="ZXXY-001",
        plan="厨卫改造，不动结构",
    )
    renovations.review_plan(admin, r, approved=True)
    renovations.issue_permit(
        admin,
        r,
        workers=[
            {"name": "张师傅", "id_number": resident_id("34012219850612331")},
            {"name": "李师傅", "id_number": resident_id("34012219870923112")},
        ],
    )
    renovations.inspect(admin, r, findings="未发现违规拆改")
    # release slips: one waiting at the gate, one used
    slips.issue(admin, house=h[3][0], items=["旧沙发一套", "纸箱 5 个"], carrier="搬家公司")
    used = slips.issue(admin, house=h[4][0], items=["自行车"], carrier="")
    slips.check(admin, used.code)
    demo.notes.append(
        f"前台服务：{project.name} 已有有偿服务、破/换锁、代派资料、装修和放行条的演示记录"
    )


# a 1×1 transparent PNG: the demo's stand-in for a drawn signature
_DOT = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def demo_owner_booking(demo: DemoRun) -> None:
    """The demo owner's own bookings on the portal: one quoted on site and waiting for his
    acceptance, one done and paid with a receipt."""
    admin = demo.shared.get("admin")
    owner = User.objects.filter(username="owner", customer__isnull=False).first()
    if admin is None or owner is None or PaidService.objects.filter(created_by=owner).exists():
        return
    link = CustomerHouse.objects.filter(customer_id=owner.customer_id).order_by("id").first()
    if link is None:
        return
    waiting = paid.request_service(
        owner, house=link.house_id, customer=None, item="appliance_install", note="安装洗碗机"
    )
    paid.quote(admin, waiting, amount="180")
    done = paid.request_service(owner, house=link.house_id, customer=None, item="pipe_clear")
    paid.accept(owner, done)
    paid.complete(admin, done, note="疏通厨房下水")
    paid.pay(admin, done, amount=done.amount, method="wechat")
