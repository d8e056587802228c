"""Costs and contractors (requirements §9): the names of the issue are fixed.

Contractors and their deposit ledger, transfer of work to a contractor, spending requests
with the approval chain by amount, final accounts, settlements and revolving funds.
"""

from decimal import Decimal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Id, LocalDateTime, Money
from aftersales.core.http import dated_name, xlsx_response
from aftersales.core.permissions import require
from aftersales.costs import exports, selectors
from aftersales.costs.models import (
    Contractor,
    DepositEntry,
    FinalAccount,
    Fund,
    Settlement,
    SpendingRequest,
)
from aftersales.costs.services import accounts, approvals, contractors, ledgers
from aftersales.costs.services._common import visible
from aftersales.tickets import selectors as ticket_selectors

router = Router(tags=["费用与施工单位"])

Amount = Decimal | str


# --- contractors ---------------------------------------------------------------------------


class ContractorIn(Schema):
    name: str
    trades: list[str] = Field(default_factory=list, description="工种编码，见 accounts TradeCode")
    kind: str = Field("contractor", description="contractor 施工单位 / supplier 供应商")
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    agreement: str = Field("", description="保修协议要点")
    projects: list[Id] = Field(default_factory=list, description="承建项目")


class ContractorPatch(Schema):
    name: str | None = None
    trades: list[str] | None = None
    kind: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    address: str | None = None
    agreement: str | None = None
    projects: list[Id] | None = None
    active: bool | None = None


class ContractorOut(Schema):
    id: int
    name: str
    kind: str
    trades: list[str]
    contact_name: str
    contact_phone: str
    address: str
    agreement: str
    projects: list[int]
    active: bool

    @staticmethod
    def resolve_projects(obj: Contractor, context) -> list[int]:
        return [p.pk for p in selectors.contractor_projects(context["request"].auth, obj)]


class ContractorFilter(Schema):
    q: str = ""
    active: bool | None = None


@router.post("/contractors", response={201: ContractorOut}, summary="新增施工单位")
def create_contractor(request, payload: ContractorIn):
    return Status(201, contractors.create_contractor(request.auth, **payload.dict()))


@router.get("/contractors", response=list[ContractorOut], summary="施工单位列表")
@paginate(PageNumber)
def list_contractors(request, filters: Query[ContractorFilter]):
    require(request.auth, "contractors.view")
    return selectors.contractors_for(request.auth, filters.q, filters.active)


def _contractor(request, contractor_id: int) -> Contractor:
    require(request.auth, "contractors.view")
    return visible(Contractor, request.auth, contractor_id, "施工单位不存在或不在您的数据范围内")


@router.get("/contractors/{contractor_id}", response=ContractorOut, summary="施工单位详情")
def get_contractor(request, contractor_id: Id):
    return _contractor(request, contractor_id)


@router.patch("/contractors/{contractor_id}", response=ContractorOut, summary="修改施工单位")
def patch_contractor(request, contractor_id: Id, payload: ContractorPatch):
    company = _contractor(request, contractor_id)
    return contractors.update_contractor(request.auth, company, **payload.dict(exclude_unset=True))


# --- deposit ledger ------------------------------------------------------------------------


class DepositIn(Schema):
    project: Id
    amount: Amount
    note: str = ""


class EntryOut(Schema):
    id: int
    at: LocalDateTime = Field(..., alias="created_at")
    project: int
    kind: str
    amount: Money
    applied: Money = Field(..., description="余额变动（扣除、退还为负）")
    owed_change: Money = Field(..., description="欠缴变动")
    balance_after: Money
    owed_after: Money
    settlement: int | None = Field(None, alias="settlement_id")
    ticket: str | None = None
    note: str

    @staticmethod
    def resolve_project(obj: DepositEntry) -> int:
        return obj.account.project_id

    @staticmethod
    def resolve_ticket(obj: DepositEntry) -> str | None:
        return obj.settlement.ticket.number if obj.settlement_id else None


class LedgerOut(Schema):
    contractor: int
    project: int | None
    balance: Money
    owed: Money
    deposited: Money
    deducted: Money
    released: Money
    entries: list[EntryOut]


def _ledger_out(ledger: ledgers.Ledger) -> dict:
    return {
        "contractor": ledger.contractor.pk,
        "project": ledger.project.pk if ledger.project else None,
        "balance": ledger.balance,
        "owed": ledger.owed,
        "deposited": ledger.deposited,
        "deducted": ledger.deducted,
        "released": ledger.released,
        "entries": ledger.entries,
    }


@router.post(
    "/contractors/{contractor_id}/deposits",
    response={201: EntryOut},
    summary="缴存质量保证金",
)
def add_deposit(request, contractor_id: Id, payload: DepositIn):
    entry = ledgers.deposit(request.auth, contractor_id, **payload.dict())
    return Status(201, entry)


@router.post(
    "/contractors/{contractor_id}/releases",
    response={201: EntryOut},
    summary="退还质量保证金",
)
def release_deposit(request, contractor_id: Id, payload: DepositIn):
    entry = ledgers.release(request.auth, contractor_id, **payload.dict())
    return Status(201, entry)


@router.get("/contractors/{contractor_id}/ledger", response=LedgerOut, summary="质量保证金台账")
def get_ledger(request, contractor_id: Id, project: Id | None = None):
    require(request.auth, "costs.view")
    return _ledger_out(ledgers.ledger(request.auth, contractor_id, project))


@router.get(
    "/contractors/{contractor_id}/ledger.xlsx",
    summary="质量保证金台账（Excel）",
    response={200: None},
)
def export_ledger(request, contractor_id: Id, project: Id | None = None) -> HttpResponse:
    require(request.auth, "costs.view")
    ledger = ledgers.ledger(request.auth, contractor_id, project)
    return xlsx_response(
        exports.ledger_workbook(ledger), dated_name(f"质量保证金台账-{ledger.contractor.name}")
    )


# --- transfer to a contractor (R-DSP-8) ----------------------------------------------------


class TransferIn(Schema):
    contractor: Id
    reason: str = ""


class AnswerIn(Schema):
    reason: str = ""


class TransferOut(Schema):
    id: int
    ticket: int = Field(..., alias="ticket_id")
    ticket_number: str = Field(..., alias="ticket.number")
    contractor: int = Field(..., alias="contractor_id")
    contractor_name: str = Field(..., alias="contractor.name")
    reason: str
    status: str
    created_at: LocalDateTime
    answered_at: LocalDateTime | None
    answer: str


class TransferFilter(Schema):
    status: str = ""
    ticket: Id | None = None


@router.post("/tickets/{ticket_id}/transfer", response={201: TransferOut}, summary="转交施工单位")
def transfer_ticket(request, ticket_id: Id, payload: TransferIn):
    return Status(201, contractors.transfer(request.auth, ticket_id, **payload.dict()))


@router.get("/transfers", response=list[TransferOut], summary="转交施工单位的工单")
@paginate(PageNumber)
def list_transfers(request, filters: Query[TransferFilter]):
    require(request.auth, "contractors.view")
    return selectors.transfers_for(request.auth, status=filters.status, ticket=filters.ticket)


@router.post("/transfers/{transfer_id}/accept", response=TransferOut, summary="施工单位接收")
def accept_transfer(request, transfer_id: Id, payload: AnswerIn | None = None):
    reason = payload.reason if payload else ""
    return contractors.answer_transfer(request.auth, transfer_id, accept=True, answer=reason)


@router.post("/transfers/{transfer_id}/decline", response=TransferOut, summary="施工单位拒绝")
def decline_transfer(request, transfer_id: Id, payload: AnswerIn):
    return contractors.answer_transfer(
        request.auth, transfer_id, accept=False, answer=payload.reason
    )


# --- spending approval (R-CST-1) -----------------------------------------------------------


class SpendingIn(Schema):
    amount: Amount
    purpose: str


class CommentIn(Schema):
    comment: str = ""


class StepOut(Schema):
    order: int
    role: str
    action: str = Field(..., description="review 审核 / approve 审批")
    status: str
    decided_by: str | None = None
    decided_at: LocalDateTime | None
    comment: str

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.display_name if obj.decided_by_id else None


class SpendingOut(Schema):
    id: int
    ticket: int = Field(..., alias="ticket_id")
    ticket_number: str = Field(..., alias="ticket.number")
    amount: Money
    purpose: str
    status: str
    steps: list[StepOut]
    requested_by: str
    created_at: LocalDateTime
    decided_at: LocalDateTime | None

    @staticmethod
    def resolve_steps(obj: SpendingRequest):
        return sorted(obj.steps.all(), key=lambda s: s.order)

    @staticmethod
    def resolve_requested_by(obj: SpendingRequest) -> str:
        return obj.requested_by.display_name


class SpendingFilter(Schema):
    status: str = ""
    ticket: Id | None = None
    awaiting_me: bool = Field(False, description="true：只列待我审批的")


@router.post(
    "/tickets/{ticket_id}/spending-requests",
    response={201: SpendingOut},
    summary="申请维修费用",
)
def create_spending_request(request, ticket_id: Id, payload: SpendingIn):
    return Status(201, approvals.request_spending(request.auth, ticket_id, **payload.dict()))


@router.get(
    "/tickets/{ticket_id}/spending-requests", response=list[SpendingOut], summary="工单的费用申请"
)
def ticket_spending_requests(request, ticket_id: Id):
    require(request.auth, "costs.view")
    ticket = ticket_selectors.ticket_for(request.auth, ticket_id)  # out of scope: 404
    return list(selectors.spending_requests_for(request.auth, ticket=ticket.pk))


@router.get("/spending-requests", response=list[SpendingOut], summary="费用申请列表")
@paginate(PageNumber)
def list_spending_requests(request, filters: Query[SpendingFilter]):
    require(request.auth, "costs.view")
    return selectors.spending_requests_for(request.auth, **filters.dict())


@router.get("/spending-requests/{request_id}", response=SpendingOut, summary="费用申请详情")
def get_spending_request(request, request_id: Id):
    require(request.auth, "costs.view")
    return visible(SpendingRequest, request.auth, request_id, "费用申请不存在或不在您的数据范围内")


@router.post("/spending-requests/{request_id}/approve", response=SpendingOut, summary="同意")
def approve_spending(request, request_id: Id, payload: CommentIn | None = None):
    return approvals.approve(request.auth, request_id, comment=payload.comment if payload else "")


@router.post("/spending-requests/{request_id}/reject", response=SpendingOut, summary="驳回")
def reject_spending(request, request_id: Id, payload: CommentIn):
    return approvals.reject(request.auth, request_id, comment=payload.comment)


# --- final accounts and settlements (R-CST-2, R-CST-3) --------------------------------------


class LineIn(Schema):
    item: str
    quantity: Amount
    unit_price: Amount
    unit: str = ""
    kind: str = Field("material", description="material 材料 / labour 人工 / other 其他")


class LineOut(Schema):
    item: str
    kind: str
    unit: str
    quantity: Money
    unit_price: Money
    amount: Money


class FinalAccountIn(Schema):
    lines: list[LineIn]
    contractor: Id | None = Field(
        None, description="责任施工单位（A 类必填，默认取已接收转交的单位）"
    )
    note: str = ""


class FinalAccountOut(Schema):
    id: int
    number: str
    ticket: int = Field(..., alias="ticket_id")
    ticket_number: str = Field(..., alias="ticket.number")
    contractor: int | None = Field(None, alias="contractor_id")
    total: Money
    reviewer_role: str
    status: str
    lines: list[LineOut]
    note: str
    filed_at: LocalDateTime
    reviewed_at: LocalDateTime | None
    review_comment: str
    settlement: int | None = None

    @staticmethod
    def resolve_lines(obj: FinalAccount):
        return list(obj.lines.all())

    @staticmethod
    def resolve_settlement(obj: FinalAccount) -> int | None:
        return Settlement.objects.filter(account=obj).values_list("pk", flat=True).first()


class ReviewIn(Schema):
    approved_total: Amount
    comment: str = ""


class SettlementOut(Schema):
    id: int
    number: str
    final_account: int = Field(..., alias="account_id")
    ticket: int = Field(..., alias="ticket_id")
    ticket_number: str = Field(..., alias="ticket.number")
    contractor: int | None = Field(None, alias="contractor_id")
    work_class: str
    amount: Money
    status: str
    created_at: LocalDateTime
    confirmed_at: LocalDateTime | None
    certified_at: LocalDateTime | None
    paid_at: LocalDateTime | None
    payment_ref: str


class PayIn(Schema):
    payment_ref: str = ""
    fund: Id | None = Field(None, description="从该周转金支付（可选）")


class AccountFilter(Schema):
    status: str = ""
    ticket: Id | None = None
    reviewable: bool = Field(False, description="true：只列待我审核的")


class SettlementFilter(Schema):
    status: str = ""
    contractor: Id | None = None
    work_class: str = ""
    ticket: Id | None = None


@router.post(
    "/tickets/{ticket_id}/final-accounts",
    response={201: FinalAccountOut},
    summary="编制维修工程决算书",
)
def create_final_account(request, ticket_id: Id, payload: FinalAccountIn):
    data = payload.dict()
    return Status(201, accounts.file_final_account(request.auth, ticket_id, **data))


@router.get("/final-accounts", response=list[FinalAccountOut], summary="决算书列表")
@paginate(PageNumber)
def list_final_accounts(request, filters: Query[AccountFilter]):
    require(request.auth, "costs.view")
    return selectors.final_accounts_for(request.auth, **filters.dict())


@router.get("/final-accounts/{account_id}", response=FinalAccountOut, summary="决算书详情")
def get_final_account(request, account_id: Id):
    require(request.auth, "costs.view")
    return visible(FinalAccount, request.auth, account_id, "决算书不存在或不在您的数据范围内")


@router.post("/final-accounts/{account_id}/review", response=SettlementOut, summary="审核决算书")
def review_final_account(request, account_id: Id, payload: ReviewIn):
    return accounts.review(request.auth, account_id, **payload.dict())


@router.get("/settlements", response=list[SettlementOut], summary="结算书列表")
@paginate(PageNumber)
def list_settlements(request, filters: Query[SettlementFilter]):
    require(request.auth, "costs.view")
    return selectors.settlements_for(request.auth, **filters.dict())


@router.get("/settlements/{settlement_id}", response=SettlementOut, summary="结算书详情")
def get_settlement(request, settlement_id: Id):
    require(request.auth, "costs.view")
    return visible(Settlement, request.auth, settlement_id, "结算书不存在或不在您的数据范围内")


@router.post("/settlements/{settlement_id}/confirm", response=SettlementOut, summary="施工单位确认")
def confirm_settlement(request, settlement_id: Id, payload: CommentIn | None = None):
    return accounts.confirm(request.auth, settlement_id, comment=payload.comment if payload else "")


@router.post(
    "/settlements/{settlement_id}/certify", response=SettlementOut, summary="副总工程师签认"
)
def certify_settlement(request, settlement_id: Id, payload: CommentIn | None = None):
    return accounts.certify(request.auth, settlement_id, comment=payload.comment if payload else "")


@router.post("/settlements/{settlement_id}/pay", response=SettlementOut, summary="财务付款")
def pay_settlement(request, settlement_id: Id, payload: PayIn | None = None):
    data = payload.dict() if payload else {}
    return accounts.pay(request.auth, settlement_id, **data)


# --- revolving funds (R-CST-4) -------------------------------------------------------------


class FundOut(Schema):
    id: int
    name: str
    department: str
    quota: Money
    balance: Money


class FundEntryOut(Schema):
    id: int
    at: LocalDateTime = Field(..., alias="created_at")
    kind: str
    amount: Money
    balance_after: Money
    purpose: str
    ticket: int | None = Field(None, alias="ticket_id")
    settlement: int | None = Field(None, alias="settlement_id")


class FundDetailOut(FundOut):
    entries: list[FundEntryOut]

    @staticmethod
    def resolve_entries(obj: Fund):
        return list(obj.entries.order_by("id"))


class DrawIn(Schema):
    amount: Amount
    purpose: str
    ticket: Id | None = None


class ReplenishIn(Schema):
    amount: Amount
    purpose: str = ""


def _fund(request, fund_id: int) -> Fund:
    require(request.auth, "funds.view")
    return visible(Fund, request.auth, fund_id, "周转金不存在")


@router.get("/funds", response=list[FundOut], summary="周转金")
def list_funds(request):
    require(request.auth, "funds.view")
    return list(selectors.funds())


@router.get("/funds/{fund_id}", response=FundDetailOut, summary="周转金台账")
def get_fund(request, fund_id: Id):
    return _fund(request, fund_id)


@router.post("/funds/{fund_id}/draws", response={201: FundEntryOut}, summary="支用周转金")
def draw_fund(request, fund_id: Id, payload: DrawIn):
    from aftersales.tickets.models import Ticket

    ticket = None
    if payload.ticket:
        ticket = visible(Ticket, request.auth, payload.ticket, "工单不存在或不在您的数据范围内")
    entry = ledgers.draw(
        request.auth, fund_id, amount=payload.amount, purpose=payload.purpose, ticket=ticket
    )
    return Status(201, entry)


@router.post("/funds/{fund_id}/replenishments", response={201: FundEntryOut}, summary="补充周转金")
def replenish_fund(request, fund_id: Id, payload: ReplenishIn):
    return Status(201, ledgers.replenish(request.auth, fund_id, **payload.dict()))


# --- evaluation (R-CST-5) ------------------------------------------------------------------


class EvaluationLineOut(Schema):
    ticket: int
    number: str
    signed_off_at: LocalDateTime | None
    opinion: str | None = Field(None, description="satisfied / basically_satisfied / dissatisfied")
    callbacks: int
    satisfied_callbacks: int
    on_time: bool | None = Field(None, description="完成时限是否按时；无完成时限为 null")
    reopens: int


class EvaluationResultOut(Schema):
    user: int
    name: str
    repairs: int
    opinion: float | None = Field(None, description="签认意见平均分（0–100）")
    callback_rate: float | None = Field(None, description="回访满意率（%）")
    on_time_rate: float | None = Field(None, description="按时完成率（%）")
    reopens: int
    score: float | None = Field(None, description="得分（0–100）；无可计分项为 null")
    lines: list[EvaluationLineOut]


class EvaluationOut(Schema):
    period: str
    label: str
    start: str = Field(..., description="首日 YYYY-MM-DD")
    end: str = Field(..., description="末日 YYYY-MM-DD（含）")
    role: str
    results: list[EvaluationResultOut]


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@router.get("/evaluations", response=EvaluationOut, summary="考核评价（季度 / 年度）")
def get_evaluation(
    request,
    period: str = Query(
        "", description="2026（年度）或 2026-Q3（季度）；缺省为本季度", max_length=20
    ),
    role: str = Query("technician", description="technician 维修技工 / team_lead 维修队长"),
):
    from aftersales.costs import evaluation

    span, scores = evaluation.evaluate(
        request.auth, period.strip() or evaluation.current_quarter(), role
    )
    return {
        "period": span.code,
        "label": span.label,
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "role": role,
        "results": [
            {
                "user": s.user.pk,
                "name": s.user.display_name,
                "repairs": s.repairs,
                "opinion": _num(s.opinion),
                "callback_rate": _num(s.callback_rate),
                "on_time_rate": _num(s.on_time_rate),
                "reopens": s.reopens,
                "score": _num(s.score),
                "lines": [
                    {
                        "ticket": ln.ticket_id,
                        "number": ln.number,
                        "signed_off_at": ln.signed_off_at,
                        "opinion": ln.opinion or None,
                        "callbacks": ln.callbacks,
                        "satisfied_callbacks": ln.satisfied_callbacks,
                        "on_time": ln.on_time,
                        "reopens": ln.reopens,
                    }
                    for ln in s.lines
                ],
            }
            for s in scores
        ],
    }
