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
