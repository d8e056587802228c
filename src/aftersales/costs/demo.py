"""Demo contractors with their quality deposits (used by ``aftersales demo``)."""

from __future__ import annotations

from decimal import Decimal

from aftersales.costs.models import Contractor, DepositAccount
from aftersales.costs.services import contractors, ledgers
from aftersales.estates.models import Project

# name, trades, contact, phone, deposit per project (yuan)
CONTRACTORS = (
    ("恒固防水工程有限公司", ["waterproofing", "masonry"], "马建军", "13900000101", "200000.00"),
    (
        "中建华东第三建设有限公司",
        ["masonry", "plumbing", "electrical"],
        "陈立",
        "13900000102",
        "500000.00",
    ),
    (
        "美嘉装饰工程有限公司",
        ["painting", "carpentry", "doors_windows"],
        "林晓",
        "13900000103",
        "150000.00",
    ),
)
DEMO_CONTRACTOR = CONTRACTORS[0][0]  # the company of the demo contractor login


def load(admin) -> dict[str, Contractor]:
    """Create what is missing: the companies, their projects and one deposit per project."""
    projects = list(Project.objects.order_by("id"))
    out = {}
    for name, trades, contact, phone, deposit in CONTRACTORS:
        company = Contractor.objects.filter(name=name).first()
        if company is None:
            company = contractors.create_contractor(
                admin,
                name=name,
                trades=trades,
                contact_name=contact,
                contact_phone=phone,
                projects=[p.pk for p in projects],
                agreement="保修期内因施工质量造成的维修费用由本单位承担，从工程质量保证金中扣除。",
            )
        for project in projects:
            if not DepositAccount.objects.filter(contractor=company, project=project).exists():
                ledgers.deposit(
                    admin,
                    company.pk,
                    project=project.pk,
                    amount=Decimal(deposit),
                    note="合同约定质量保证金（结算价 5%）",
                )
        out[name] = company
    return out


def load_flows(stdout=None) -> int:
    """A few repairs of 澜湖雅筑 at each step of the money flow, so every cost screen shows
    something: requests waiting for the deputy GM and the service manager, a settlement
    waiting for the contractor, one waiting for finance, one paid from the deposit.

    Runs once (skipped when any spending request exists); returns how many repairs it made.
    """
    from aftersales.accounts.models import User
    from aftersales.costs.models import SpendingRequest
    from aftersales.costs.services import accounts, approvals
    from aftersales.estates.models import House
    from aftersales.tickets.services import perform, register_ticket

    if SpendingRequest.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_ACTORS)}
    if set(users) != set(DEMO_ACTORS):
        return 0
    company = Contractor.objects.filter(name=DEMO_CONTRACTOR).first()
    houses = list(
        House.objects.filter(project__code="LHYZ", occupants__role="owner")
        .select_related("project")
        .order_by("id")
        .distinct()[:5]
    )
    if company is None or len(houses) < 5:
        return 0
    u = users.__getitem__
    plans = [  # (amount asked, how far the money goes); the manager approves up to 1,000
        ("1500.00", "approval_half"),
        ("800.00", "approval_pending"),
        ("600.00", "awaiting_confirmation"),
        ("950.00", "certified"),
        ("880.00", "paid"),
    ]
    for house, (amount, stage) in zip(houses, plans, strict=True):
        owner = house.occupants.filter(role="owner").first().customer
        t = register_ticket(
            u("agent2"),
            kind="repair",
            channel="hotline",
            customer=owner.pk,
            house=house.pk,
            category="civil",
            component="leakage",
            location="卫生间",
            description="卫生间顶棚渗水，楼上卫生间防水层疑有破损（演示）",
        )
        perform(u("agent2"), t.pk, "dispatch", assignee=u("tech2").pk)
        perform(
            u("tech2"),
            t.pk,
            "survey",
            responsible_party="contractor",
            trades=1,
            estimate=amount,
            work_class="A",
            contractor_present=True,
            cause="楼上卫生间防水层施工质量问题",
        )
        req = approvals.request_spending(
            u("teamlead"), t.pk, amount=amount, purpose="重做防水层（卷材与人工）"
        )
        if stage == "approval_pending":
            continue
        if stage == "approval_half":
            approvals.approve(u("dce"), req.pk, comment="审核通过")
            continue
        approvals.approve(u("manager"), req.pk, comment="同意")
        perform(u("tech2"), t.pk, "start")
        perform(u("tech2"), t.pk, "complete", result="重做防水层，闭水试验 48 小时无渗漏")
        half = (Decimal(amount) / 2).quantize(Decimal("0.01"))
        account = accounts.file_final_account(
            u("teamlead"),
            t.pk,
            contractor=company.pk,
            lines=[
                {
                    "item": "SBS 防水卷材",
                    "kind": "material",
                    "unit": "m²",
                    "quantity": "10",
                    "unit_price": str(half / 10),
                },
                {
                    "item": "防水施工",
                    "kind": "labour",
                    "unit": "工日",
                    "quantity": "1",
                    "unit_price": str(half),
                },
            ],
        )
        settlement = accounts.review(u("manager"), account.pk, approved_total=account.total)
        if stage == "awaiting_confirmation":
            continue
        accounts.confirm(u("contractor"), settlement.pk)
        accounts.certify(u("dce"), settlement.pk)
        if stage == "paid":
            accounts.pay(u("finance"), settlement.pk, payment_ref="PZ-2026-0001")
    if stdout is not None:
        stdout.write(f"  费用演示：{len(plans)} 张报修处于费用审批、结算与付款的各个环节")
    return len(plans)


DEMO_ACTORS = ("agent2", "tech2", "teamlead", "manager", "dce", "dgm", "finance", "contractor")


# --- steps of ``aftersales demo`` (registered in CostsConfig.ready) -----------------------------


def demo_contractors(demo) -> None:
    """The contractor companies; the demo contractor login's company is left for the people
    step in ``shared["demo_contractor"]``."""
    companies = load(demo.shared["admin"])
    demo.shared["demo_contractor"] = companies[DEMO_CONTRACTOR]


def demo_flows(demo) -> None:
    """Repairs at each step of the money flow (needs the demo logins)."""
    load_flows(demo.stdout)
