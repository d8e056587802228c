"""Resident services at the front desk (requirements §11, R-SVC-1..5): the ``/services/…``
routes of api.md (names fixed there). Every route calls the same service or selector as the
web screens; every list is scoped and filtered by project, house, customer and status."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Day, Id, LocalDateTime, Money, OccurredAt
from aftersales.frontdesk import selectors
from aftersales.frontdesk.models import (
    LockChange,
    MailItem,
    PaidService,
    ReleaseSlip,
    Remittance,
    Renovation,
)
from aftersales.frontdesk.services import locks, mail, paid, renovations, slips

router = Router(tags=["前台服务"])

Amount = Decimal | str | int


class ServiceFilters(Schema):
    project: Id | None = None
    house: Id | None = None
    customer: Id | None = None
    status: str = Field("", max_length=20)


def _list(request, model, filters: ServiceFilters):
    return selectors.records(request.auth, model, **filters.dict())


# --- price list ------------------------------------------------------------------------------


class PriceItemIn(Schema):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=100)
    price: Amount | None = Field(None, description="null：现场报价")
    unit: str = Field("", max_length=20)


class PriceItemOut(Schema):
    id: int
    code: str
    name: str
    price: Money | None
    unit: str
    active: bool


@router.post("/services/price-items", response={201: PriceItemOut}, summary="新增有偿服务价目")
def create_price_item(request, payload: PriceItemIn):
    return Status(201, paid.create_price_item(request.auth, **payload.dict()))


@router.get("/services/price-items", response=list[PriceItemOut], summary="有偿服务价目表")
@paginate(PageNumber)
def list_price_items(request, active: bool | None = None):
    return selectors.price_items(request.auth, active=active)


@router.get("/services/price-items/{price_item_id}", response=PriceItemOut, summary="价目详情")
def get_price_item(request, price_item_id: Id):
    return selectors.price_item(request.auth, price_item_id)


# --- paid services ---------------------------------------------------------------------------


class PaidIn(Schema):
    house: Id
    customer: Id | None = Field(None, description="业主本人预约时不填（总是本人）")
    item: str = Field(..., max_length=40, description="价目编码")
    scheduled_at: LocalDateTime | None = None
    place: str = Field("", max_length=200)
    note: str = Field("", max_length=2000)


class InspectionOut(Schema):
    inspector: str
    occurred_at: LocalDateTime
    note: str

    @staticmethod
    def resolve_inspector(obj) -> str:
        return obj.inspector.display_name


class PaidOut(Schema):
    id: int
    number: str
    status: str
    amount: Money | None
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    item: str
    place: str
    scheduled_at: LocalDateTime | None
    note: str
    ticket: int | None = Field(None, alias="ticket_id")
    dispute_reason: str
    receipt_number: str
    method: str
    paid_amount: Money | None
    paid_at: LocalDateTime | None
    remittance: int | None = Field(None, alias="remittance_id")
    created_at: LocalDateTime
    inspections: list[InspectionOut]

    @staticmethod
    def resolve_item(obj) -> str:
        return obj.item.code

    @staticmethod
    def resolve_inspections(obj) -> list:
        return list(obj.inspections.select_related("inspector"))


class ServiceQuoteIn(Schema):
    amount: Amount


class ServiceNoteIn(Schema):
    note: str = Field("", max_length=2000)


class InspectIn(Schema):
    note: str = Field(..., max_length=2000)
    occurred_at: OccurredAt | None = None


class ServicePayIn(Schema):
    amount: Amount
    method: str = Field("cash", description="cash, card, wechat, alipay, transfer")


class DisputeIn(Schema):
    reason: str = Field(..., max_length=2000)


def _paid(request, service_id: int) -> PaidService:
    return selectors.record(request.auth, PaidService, service_id)


@router.post("/services/paid", response={201: PaidOut}, summary="登记有偿服务")
def create_paid(request, payload: PaidIn):
    return Status(201, paid.request_service(request.auth, **payload.dict()))


@router.get("/services/paid", response=list[PaidOut], summary="有偿服务列表")
@paginate(PageNumber)
def list_paid(request, filters: Query[ServiceFilters]):
    return _list(request, PaidService, filters)


@router.get("/services/paid/{service_id}", response=PaidOut, summary="有偿服务详情")
def get_paid(request, service_id: Id):
    return _paid(request, service_id)


@router.post("/services/paid/{service_id}/quote", response=PaidOut, summary="报价")
def quote_paid(request, service_id: Id, payload: ServiceQuoteIn):
    return paid.quote(request.auth, _paid(request, service_id), amount=payload.amount)


@router.post("/services/paid/{service_id}/accept", response=PaidOut, summary="业主确认报价")
def accept_paid(request, service_id: Id):
    return paid.accept(request.auth, _paid(request, service_id))


@router.post("/services/paid/{service_id}/inspect", response=PaidOut, summary="施工中巡查")
def inspect_paid(request, service_id: Id, payload: InspectIn):
    service = _paid(request, service_id)
    paid.inspect(request.auth, service, **payload.dict())
    return _paid(request, service_id)


@router.post("/services/paid/{service_id}/complete", response=PaidOut, summary="完工")
def complete_paid(request, service_id: Id, payload: ServiceNoteIn | None = None):
    note = payload.note if payload else ""
    return paid.complete(request.auth, _paid(request, service_id), note=note)


@router.post("/services/paid/{service_id}/pay", response=PaidOut, summary="收费并开收据")
def pay_paid(request, service_id: Id, payload: ServicePayIn):
    return paid.pay(request.auth, _paid(request, service_id), **payload.dict())


@router.post("/services/paid/{service_id}/dispute", response=PaidOut, summary="价格异议")
def dispute_paid(request, service_id: Id, payload: DisputeIn):
    return paid.dispute(request.auth, _paid(request, service_id), reason=payload.reason)


@router.post("/services/paid/{service_id}/cancel", response=PaidOut, summary="取消")
def cancel_paid(request, service_id: Id, payload: ServiceNoteIn | None = None):
    reason = payload.note if payload else ""
    return paid.cancel(request.auth, _paid(request, service_id), reason=reason)


# --- remittances -----------------------------------------------------------------------------


class RemitIn(Schema):
    project: Id
    day: Day


class RemittanceOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    day: dt.date
    total: Money
    count: int
    status: str
    submitted_at: LocalDateTime
    confirmed_at: LocalDateTime | None
    services: list[str]

    @staticmethod
    def resolve_services(obj) -> list[str]:
        return list(obj.services.order_by("pk").values_list("receipt_number", flat=True))


@router.post("/services/remittances", response={201: RemittanceOut}, summary="提交当日交款单")
def create_remittance(request, payload: RemitIn):
    return Status(201, paid.remit(request.auth, **payload.dict()))


@router.get("/services/remittances", response=list[RemittanceOut], summary="交款单列表")
@paginate(PageNumber)
def list_remittances(request, filters: Query[ServiceFilters]):
    return _list(request, Remittance, filters)


@router.get("/services/remittances/{remittance_id}", response=RemittanceOut, summary="交款单")
def get_remittance(request, remittance_id: Id):
    return selectors.record(request.auth, Remittance, remittance_id)


@router.post(
    "/services/remittances/{remittance_id}/confirm", response=RemittanceOut, summary="财务确认"
)
def confirm_remittance(request, remittance_id: Id):
    found = selectors.record(request.auth, Remittance, remittance_id)
    return paid.confirm_remittance(request.auth, found)


# --- lock changes ----------------------------------------------------------------------------


class LockIn(Schema):
    house: Id
    kind: str = Field(..., description="break, change, repair")
    applicant_name: str = Field(..., max_length=60)
    applicant_id_number: str = Field(..., max_length=40)
    applicant_phone: str = Field("", max_length=20)
    reason: str = Field("", max_length=1000)
    owner_consent: str = Field("", max_length=500, description="谁在电话中同意、何时")
    consent_phone: str = Field("", max_length=20, description="拨打的号码")
    consent_at: OccurredAt | None = None


class LockConsentIn(Schema):
    owner_consent: str = Field(..., max_length=500)
    consent_phone: str = Field("", max_length=20)
    consent_at: OccurredAt | None = None


class LockWitnessIn(Schema):
    party: str = Field(..., description="customer_service, concierge, engineering")


class LockOpenIn(Schema):
    occurred_at: OccurredAt | None = None


class WitnessOut(Schema):
    party: str
    user: str
    signed_at: LocalDateTime

    @staticmethod
    def resolve_user(obj) -> str:
        return obj.user.display_name


class AgentOut(Schema):
    id: int
    name: str
    phone: str


class LockOut(Schema):
    id: int
    status: str
    kind: str
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    applicant_name: str
    applicant_id_number: str = Field(..., alias="id_number_masked", description="打码显示")
    applicant_is_owner: bool
    consent: str
    consent_phone: str
    consent_at: LocalDateTime | None
    witnesses: list[WitnessOut]
    missing: list[str]
    authorised_agents: list[AgentOut]
    opened_at: LocalDateTime | None
    created_at: LocalDateTime

    @staticmethod
    def resolve_witnesses(obj) -> list:
        return list(obj.witnesses.select_related("user").order_by("signed_at"))

    @staticmethod
    def resolve_missing(obj) -> list[str]:
        return locks.missing_parties(obj)

    @staticmethod
    def resolve_authorised_agents(obj) -> list:
        return locks.authorised_agents(obj.house)


def _lock(request, lock_id: int) -> LockChange:
    return selectors.record(request.auth, LockChange, lock_id)


@router.post("/services/lock-changes", response={201: LockOut}, summary="破/换门锁申请")
def create_lock(request, payload: LockIn):
    return Status(201, locks.apply(request.auth, **payload.dict()))


@router.get("/services/lock-changes", response=list[LockOut], summary="破/换门锁申请列表")
@paginate(PageNumber)
def list_locks(request, filters: Query[ServiceFilters]):
    return _list(request, LockChange, filters)


@router.get("/services/lock-changes/{lock_id}", response=LockOut, summary="破/换门锁申请")
def get_lock(request, lock_id: Id):
    return _lock(request, lock_id)


@router.post(
    "/services/lock-changes/{lock_id}/consent", response=LockOut, summary="登记业主电话同意"
)
def consent_lock(request, lock_id: Id, payload: LockConsentIn):
    return locks.record_consent(
        request.auth,
        _lock(request, lock_id),
        consent=payload.owner_consent,
        phone=payload.consent_phone,
        at=payload.consent_at,
    )


@router.post("/services/lock-changes/{lock_id}/witness", response=LockOut, summary="见证签字")
def witness_lock(request, lock_id: Id, payload: LockWitnessIn):
    found = _lock(request, lock_id)
    locks.witness(request.auth, found, party=payload.party)
    return _lock(request, lock_id)


@router.post("/services/lock-changes/{lock_id}/open", response=LockOut, summary="开锁")
def open_lock(request, lock_id: Id, payload: LockOpenIn | None = None):
    at = payload.occurred_at if payload else None
    return locks.open_lock(request.auth, _lock(request, lock_id), occurred_at=at)


# --- mail ------------------------------------------------------------------------------------


class MailIn(Schema):
    house: Id
    customer: Id
    kind: str = Field(..., description="newspaper, letter, magazine, book, other")
    title: str = Field(..., max_length=200)
    paid: bool = False
    fee: Amount | None = None


class DeliverIn(Schema):
    receiver_name: str = Field(..., max_length=60)
    signature: str = Field(..., max_length=800_000, description="PNG（base64 或 data URI）")
    occurred_at: OccurredAt | None = None


class MailOut(Schema):
    id: int
    status: str
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    kind: str
    title: str
    paid: bool
    fee: Money
    received_at: LocalDateTime
    delivered_at: LocalDateTime | None
    receiver_name: str
    signed: bool

    @staticmethod
    def resolve_signed(obj) -> bool:
        return bool(obj.signature)


@router.post("/services/mail", response={201: MailOut}, summary="登记代派资料")
def create_mail(request, payload: MailIn):
    return Status(201, mail.receive(request.auth, **payload.dict()))


@router.get("/services/mail", response=list[MailOut], summary="代派资料列表")
@paginate(PageNumber)
def list_mail(request, filters: Query[ServiceFilters]):
    return _list(request, MailItem, filters)


@router.get("/services/mail/{mail_id}", response=MailOut, summary="代派资料")
def get_mail(request, mail_id: Id):
    return selectors.record(request.auth, MailItem, mail_id)


@router.post("/services/mail/{mail_id}/deliver", response=MailOut, summary="签收")
def deliver_mail(request, mail_id: Id, payload: DeliverIn):
    found = selectors.record(request.auth, MailItem, mail_id)
    return mail.deliver(request.auth, found, **payload.dict())


# --- renovations -----------------------------------------------------------------------------


class RenovationIn(Schema):
    house: Id
    customer: Id
    starts_on: Day
    ends_on: Day
    structural_change: bool = False
    authority_approval: str = Field("", max_length=200)
    garbage_fee: Amount | None = None
    agent_name: str = Field("", max_length=60)
    agent_id_number: str = Field("", max_length=40)
    power_of_attorney: bool = False
    contractor_name: str = Field("", max_length=100)
    agreement_no: str = Field("", max_length=40)
    plan: str = Field("", max_length=4000)


class PlanReviewIn(Schema):
    approved: bool
    comment: str = Field("", max_length=2000)


class WorkerIn(Schema):
    name: str = Field(..., max_length=60)
    id_number: str = Field(..., max_length=40)


class PermitIn(Schema):
    workers: list[WorkerIn] = Field(default_factory=list, max_length=50)


class RenovationInspectIn(Schema):
    findings: str = Field(..., max_length=2000)
    compliant: bool = True
    occurred_at: OccurredAt | None = None


class PassOut(Schema):
    number: str
    name: str
    id_number: str = Field(..., alias="id_number_masked")
    valid_from: dt.date
    valid_until: dt.date


class RenovationInspectionOut(Schema):
    occurred_at: LocalDateTime
    findings: str
    compliant: bool


class RenovationOut(Schema):
    id: int
    status: str
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    starts_on: dt.date
    ends_on: dt.date
    structural_change: bool
    authority_approval: str
    garbage_fee: Money
    plan_review: str
    permit_number: str
    passes: list[PassOut]
    inspections: list[RenovationInspectionOut]
    notified: int
    created_at: LocalDateTime

    @staticmethod
    def resolve_passes(obj) -> list:
        return list(obj.passes.all())

    @staticmethod
    def resolve_inspections(obj) -> list:
        return list(obj.inspections.all())


def _renovation(request, renovation_id: int) -> Renovation:
    return selectors.record(request.auth, Renovation, renovation_id)


@router.post("/services/renovations", response={201: RenovationOut}, summary="装修登记")
def create_renovation(request, payload: RenovationIn):
    return Status(201, renovations.register(request.auth, **payload.dict()))


@router.get("/services/renovations", response=list[RenovationOut], summary="装修登记列表")
@paginate(PageNumber)
def list_renovations(request, filters: Query[ServiceFilters]):
    return _list(request, Renovation, filters)


@router.get("/services/renovations/{renovation_id}", response=RenovationOut, summary="装修登记")
def get_renovation(request, renovation_id: Id):
    return _renovation(request, renovation_id)


@router.post(
    "/services/renovations/{renovation_id}/review", response=RenovationOut, summary="方案审核"
)
def review_renovation(request, renovation_id: Id, payload: PlanReviewIn):
    return renovations.review_plan(
        request.auth, _renovation(request, renovation_id), **payload.dict()
    )


@router.post(
    "/services/renovations/{renovation_id}/permit",
    response=RenovationOut,
    summary="发放许可证和出入证",
)
def permit_renovation(request, renovation_id: Id, payload: PermitIn):
    workers = [w.dict() for w in payload.workers]
    return renovations.issue_permit(
        request.auth, _renovation(request, renovation_id), workers=workers
    )


@router.post(
    "/services/renovations/{renovation_id}/inspections", response=RenovationOut, summary="装修巡查"
)
def inspect_renovation(request, renovation_id: Id, payload: RenovationInspectIn):
    renovations.inspect(request.auth, _renovation(request, renovation_id), **payload.dict())
    return _renovation(request, renovation_id)


@router.post(
    "/services/renovations/{renovation_id}/finish", response=RenovationOut, summary="装修完工"
)
def finish_renovation(request, renovation_id: Id):
    return renovations.finish(request.auth, _renovation(request, renovation_id))


# --- release slips ---------------------------------------------------------------------------


class SlipIn(Schema):
    house: Id
    items: list[str] = Field(..., max_length=50)
    carrier: str = Field("", max_length=60)
    customer: Id | None = None


class SlipOut(Schema):
    id: int
    code: str
    status: str
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    items: list[str]
    carrier: str
    created_at: LocalDateTime
    used_at: LocalDateTime | None


@router.post("/services/release-slips", response={201: SlipOut}, summary="开具放行条")
def create_slip(request, payload: SlipIn):
    return Status(201, slips.issue(request.auth, **payload.dict()))


@router.get("/services/release-slips", response=list[SlipOut], summary="放行条列表")
@paginate(PageNumber)
def list_slips(request, filters: Query[ServiceFilters]):
    return _list(request, ReleaseSlip, filters)


@router.get("/services/release-slips/{slip_id}", response=SlipOut, summary="放行条")
def get_slip(request, slip_id: Id):
    return selectors.record(request.auth, ReleaseSlip, slip_id)


@router.post("/services/release-slips/{code}/check", response=SlipOut, summary="门岗验放")
def check_slip(request, code: str):
    return slips.check(request.auth, code)
