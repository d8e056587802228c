"""The deposit ledger per contractor and project (R-CST-3) and revolving funds (R-CST-4).

Every change locks the account row, computes the new balance from the locked figures and
appends one entry carrying the balances after it, so the ledger can be read back line by
line and two writers can never both spend the same yuan. Balances are never negative: a
deduction larger than the deposit takes what is there and records the rest as owed; a later
deposit first pays off what is owed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from aftersales.core import audit, scoping
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.money import parse_money
from aftersales.core.permissions import require
from aftersales.costs.models import (
    Contractor,
    DepositAccount,
    DepositEntry,
    Fund,
    FundEntry,
    Settlement,
)
from aftersales.estates.models import Project

ZERO = Decimal("0.00")


def _account(contractor: Contractor, project: Project) -> DepositAccount:
    DepositAccount.objects.get_or_create(contractor=contractor, project=project)
    return DepositAccount.objects.select_for_update().get(contractor=contractor, project=project)


def _project(actor, project_id) -> Project:
    if not isinstance(project_id, int) or isinstance(project_id, bool):
        raise field_error("project", "请选择项目", code="required")
    project = scoping.visible_to(Project.objects.filter(pk=project_id), actor).first()
    if project is None:
        raise field_error("project", "项目不存在或不在您的数据范围内", code="not_found")
    return project


def _contractor(actor, contractor_id: int) -> Contractor:
    found = scoping.visible_to(Contractor.objects.filter(pk=contractor_id), actor).first()
    if found is None:
        raise NotFound("施工单位不存在或不在您的数据范围内")
    return found


def _append(account: DepositAccount, kind: str, amount, applied, owed_change, **extra):
    account.balance += applied
    account.owed += owed_change
    account.save(update_fields=["balance", "owed"])
    return DepositEntry.objects.create(
        account=account,
        kind=kind,
        amount=amount,
        applied=applied,
        owed_change=owed_change,
        balance_after=account.balance,
        owed_after=account.owed,
        **extra,
    )


def deposit(actor, contractor_id: int, *, project, amount, note: str = "") -> DepositEntry:
    """Money paid in (or withheld from the contract price) as the quality deposit."""
    require(actor, "deposits.manage")
    company = _contractor(actor, contractor_id)
    place = _project(actor, project)
    money = parse_money(amount, "amount", positive=True)
    with transaction.atomic():
        account = _account(company, place)
        pays_off = min(account.owed, money)
        entry = _append(
            account,
            DepositEntry.Kind.DEPOSIT,
            money,
            money - pays_off,
            -pays_off,
            note=(note or "").strip()[:300],
            created_by=actor,
        )
        company.projects.add(place)
        audit.record(actor, "deposit", entry, after={"amount": money, "project": place.pk})
    return entry


def release(actor, contractor_id: int, *, project, amount, note: str = "") -> DepositEntry:
    """Deposit returned to the contractor at the end of the warranty (final payment)."""
    require(actor, "deposits.manage")
    company = _contractor(actor, contractor_id)
    place = _project(actor, project)
    money = parse_money(amount, "amount", positive=True)
    with transaction.atomic():
        account = _account(company, place)
        if account.owed > 0:
            raise Conflict(
                f"该单位尚欠缴保证金 {account.owed:.2f} 元，不能退还", code="deposit_owed"
            )
        if money > account.balance:
            raise field_error("amount", f"退还金额超过余额 {account.balance:.2f} 元")
        entry = _append(
            account,
            DepositEntry.Kind.RELEASE,
            money,
            -money,
            ZERO,
            note=(note or "").strip()[:300],
            created_by=actor,
        )
        audit.record(actor, "release", entry, after={"amount": money, "project": place.pk})
    return entry


def deduct_for(settlement: Settlement, actor) -> DepositEntry:
    """A paid class-A settlement comes out of the contractor's deposit for that project.

    Called inside the payment's transaction; a shortfall becomes an amount owed.
    """
    account = _account(settlement.contractor, settlement.ticket.project)
    taken = min(account.balance, settlement.amount)
    return _append(
        account,
        DepositEntry.Kind.DEDUCTION,
        settlement.amount,
        -taken,
        settlement.amount - taken,
        settlement=settlement,
        note=f"{settlement.number} 工单 {settlement.ticket.number}",
        created_by=actor,
    )


@dataclass
class Ledger:
    contractor: Contractor
    project: Project | None
    balance: Decimal
    owed: Decimal
    deposited: Decimal
    deducted: Decimal
    released: Decimal
    entries: list[DepositEntry]
    accounts: list[DepositAccount]


def _ledger_project(actor, company: Contractor, project_id) -> Project:
    """The project of a ledger read: one the caller sees, or (for the contractor's own user,
    who sees no estate records) one where his company has a deposit account he sees."""
    if isinstance(project_id, int) and not isinstance(project_id, bool):
        account = (
            scoping.visible_to(
                DepositAccount.objects.filter(contractor=company, project_id=project_id), actor
            )
            .select_related("project")
            .first()
        )
        if account is not None:
            return account.project
    return _project(actor, project_id)


def ledger(actor, contractor_id: int, project: int | None = None) -> Ledger:
    """The contractor's deposit ledger, for one project or all those the caller sees."""
    company = _contractor(actor, contractor_id)
    place = _ledger_project(actor, company, project) if project is not None else None
    accounts = scoping.visible_to(
        DepositAccount.objects.filter(contractor=company).select_related("project"), actor
    )
    if place is not None:
        accounts = accounts.filter(project=place)
    accounts = list(accounts)
    entries = list(
        DepositEntry.objects.filter(account__in=accounts)
        .select_related("account__project", "settlement__ticket", "created_by")
        .order_by("created_at", "id")
    )
    totals = {
        kind: sum((e.amount for e in entries if e.kind == kind), ZERO)
        for kind in DepositEntry.Kind.values
    }
    return Ledger(
        contractor=company,
        project=place,
        balance=sum((a.balance for a in accounts), ZERO),
        owed=sum((a.owed for a in accounts), ZERO),
        deposited=totals[DepositEntry.Kind.DEPOSIT],
        deducted=totals[DepositEntry.Kind.DEDUCTION],
        released=totals[DepositEntry.Kind.RELEASE],
        entries=entries,
        accounts=accounts,
    )


# --- revolving funds ---------------------------------------------------------------------------

DEFAULT_FUNDS = (("客户服务部周转金", "customer_service"), ("维修队周转金", "maintenance"))


def ensure_funds() -> None:
    """The two revolving funds of R-CST-4, each issued its quota once (post_migrate)."""
    quota = Decimal(settings.REVOLVING_FUND_QUOTA)
    for name, department in DEFAULT_FUNDS:
        fund, created = Fund.objects.get_or_create(
            name=name, defaults={"department": department, "quota": quota}
        )
        if created:
            fund.balance = quota
            fund.save(update_fields=["balance"])
            FundEntry.objects.create(
                fund=fund,
                kind=FundEntry.Kind.REPLENISH,
                amount=quota,
                balance_after=quota,
                purpose="初始拨付",
            )


def draw(actor, fund_id: int, *, amount, purpose: str, ticket=None, settlement=None) -> FundEntry:
    """Spend from a revolving fund; more than the balance is refused (never negative)."""
    require(actor, "funds.draw")
    money = parse_money(amount, "amount", positive=True)
    purpose = (purpose or "").strip()
    if not purpose:
        raise field_error("purpose", "请填写用途", code="required")
    with transaction.atomic():
        fund = Fund.objects.select_for_update().filter(pk=fund_id).first()
        if fund is None:
            raise NotFound("周转金不存在")
        if money > fund.balance:
            raise field_error(
                "amount", f"周转金余额不足（余额 {fund.balance:.2f} 元）", code="insufficient"
            )
        fund.balance -= money
        fund.save(update_fields=["balance"])
        entry = FundEntry.objects.create(
            fund=fund,
            kind=FundEntry.Kind.DRAW,
            amount=money,
            balance_after=fund.balance,
            purpose=purpose[:300],
            ticket=ticket,
            settlement=settlement,
            created_by=actor,
        )
        audit.record(actor, "draw", entry, after={"amount": money, "purpose": purpose})
    return entry


def replenish(actor, fund_id: int, *, amount, purpose: str = "") -> FundEntry:
    """Finance tops the fund back up, at most to its quota."""
    require(actor, "funds.manage")
    money = parse_money(amount, "amount", positive=True)
    with transaction.atomic():
        fund = Fund.objects.select_for_update().filter(pk=fund_id).first()
        if fund is None:
            raise NotFound("周转金不存在")
        if fund.balance + money > fund.quota:
            raise field_error(
                "amount",
                f"补充后余额将超过定额 {fund.quota:.2f} 元（当前余额 {fund.balance:.2f} 元）",
                code="over_quota",
            )
        fund.balance += money
        fund.save(update_fields=["balance"])
        entry = FundEntry.objects.create(
            fund=fund,
            kind=FundEntry.Kind.REPLENISH,
            amount=money,
            balance_after=fund.balance,
            purpose=(purpose or "").strip()[:300] or "补充周转金",
            created_by=actor,
        )
        audit.record(actor, "replenish", entry, after={"amount": money})
    return entry


def fund_totals(fund: Fund) -> dict:
    sums = dict(
        fund.entries.values_list("kind").annotate(total=Sum("amount")).values_list("kind", "total")
    )
    return {k: sums.get(k) or ZERO for k in FundEntry.Kind.values}
