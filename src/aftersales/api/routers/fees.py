"""Property fees and arrears (R-SVC-6): the names of api.md "Resident services and fees".

The fee standard of a project, monthly bills (one per house and period), payment with a
receipt number, the arrears list with its next step and the recorded follow-up steps, and
booked home collections. Handlers parse, call one selector or service, answer.
"""

from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import AppointmentAt, Id, LocalDateTime, Money
from aftersales.fees import selectors, services

router = Router(tags=["物业收费"])

Amount = Decimal | str | int


# --- fee standard ------------------------------------------------------------------------------


class FeeStandardIn(Schema):
    price_per_sqm: Amount = Field(..., description="元/㎡·月，两位小数")


class FeeStandardOut(Schema):
    project: int = Field(..., alias="project_id")
    price_per_sqm: Money
    updated_at: LocalDateTime


@router.put(
    "/projects/{project_id}/fee-standard", response=FeeStandardOut, summary="设置项目物业费收费标准"
)
def put_standard(request, project_id: Id, payload: FeeStandardIn):
    project = selectors.project(request.auth, project_id)
    return services.set_fee_standard(request.auth, project, price_per_sqm=payload.price_per_sqm)


@router.get(
    "/projects/{project_id}/fee-standard", response=FeeStandardOut, summary="项目物业费收费标准"
)
def get_standard(request, project_id: Id):
    selectors.project(request.auth, project_id)
    return selectors.standard_of(request.auth, project_id)


@router.get("/fees/standards", response=list[FeeStandardOut], summary="收费标准列表")
@paginate(PageNumber)
def list_standards(request, project: Id | None = None):
    qs = selectors.standards(request.auth)
    return qs.filter(project_id=project) if project else qs.order_by("project__code")


# --- bills -------------------------------------------------------------------------------------


class FeeBillIn(Schema):
    house: Id
    period: str = Field(..., description="账期 YYYY-MM")


class FeeBillOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    house_label: str
    period: str = Field(..., alias="period_label")
    area: Money
    price_per_sqm: Money
    rate: str
    amount: Money
    status: str
    paid_at: LocalDateTime | None = None
    paid_amount: Money | None = None
    method: str
    reference: str
    receipt_number: str

    @staticmethod
    def resolve_house_label(obj) -> str:
        return obj.house.label

    @staticmethod
    def resolve_rate(obj) -> str:
        return f"{obj.rate:.2f}"


class FeeFilter(Schema):
    project: Id | None = None
    house: Id | None = None
    customer: Id | None = None


class FeeBillFilter(FeeFilter):
    status: str = Field("", description="unpaid 未缴 / paid 已缴")
    period: str = Field("", description="YYYY-MM")


class FeePayIn(Schema):
    amount: Amount
    method: str = Field("cash", description="cash, card, wechat, alipay, transfer")
    reference: str = Field("", description="交易流水号（转账、微信、支付宝）")


class FeeRunIn(Schema):
    project: Id
    period: str = Field(..., description="账期 YYYY-MM")


class FeeRunOut(Schema):
    project: int
    period: str
    created: int
    existing: int
    no_area: list[str]


@router.post("/fees/bills", response={201: FeeBillOut}, summary="开具一户一个月的物业费账单")
def create_bill(request, payload: FeeBillIn):
    house = selectors.house(request.auth, payload.house)
    return Status(201, services.create_bill(request.auth, house, period=payload.period))


@router.post("/fees/billing-runs", response=FeeRunOut, summary="按月为整个项目开单（可重复执行）")
def billing_run(request, payload: FeeRunIn):
    project = selectors.project(request.auth, payload.project)
    return services.bill_project(request.auth, project, period=payload.period)


@router.get("/fees/bills", response=list[FeeBillOut], summary="物业费账单")
@paginate(PageNumber)
def list_bills(request, filters: Query[FeeBillFilter]):
    period = services.parse_period(filters.period) if filters.period else None
    return selectors.bills(
        request.auth,
        project=filters.project,
        house=filters.house,
        customer=filters.customer,
        status=filters.status,
        period=period,
    )


@router.get("/fees/bills/{bill_id}", response=FeeBillOut, summary="账单详情")
def get_bill(request, bill_id: Id):
    return selectors.bill(request.auth, bill_id)


@router.post("/fees/bills/{bill_id}/pay", response=FeeBillOut, summary="缴费（出收据编号）")
def pay_bill(request, bill_id: Id, payload: FeePayIn):
    bill = selectors.bill(request.auth, bill_id)
    return services.pay_bill(
        request.auth,
        bill,
        amount=payload.amount,
        method=payload.method,
        reference=payload.reference,
    )


# --- arrears -----------------------------------------------------------------------------------


class FeeArrearsOut(Schema):
    house: int
    label: str
    months_overdue: int
    amount: Money
    bills: int
    oldest_period: str
    next_step: str


class FeeArrearsList(Schema):
    count: int
    results: list[FeeArrearsOut]


@router.get("/fees/arrears", response=FeeArrearsList, summary="欠费清单（含下一步催缴方式）")
def arrears(request, project: Id | None = None):
    if project:
        selectors.project(request.auth, project)
    found = selectors.arrears(request.auth, project=project)
    return {
        "count": len(found),
        "results": [
            {
                "house": a.house,
                "label": a.label,
                "months_overdue": a.months_overdue,
                "amount": a.amount,
                "bills": a.bills,
                "oldest_period": f"{a.oldest:%Y-%m}",
                "next_step": a.next_step,
            }
            for a in found
        ],
    }


class FeeActionIn(Schema):
    house: Id
    step: str = Field(..., description="reminder, demand_letter, visit, legal")
    tracking_number: str = Field("", description="催缴函的快递单号（demand_letter 必填）")
    note: str = ""


class FeeActionOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    step: str
    tracking_number: str
    note: str
    months_overdue: int
    amount: Money
    recorded_by: str
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.display_name


class FeeActionFilter(FeeFilter):
    step: str = ""


@router.post("/fees/arrears/actions", response={201: FeeActionOut}, summary="登记一次催缴")
def record_action(request, payload: FeeActionIn):
    house = selectors.house(request.auth, payload.house)
    fields = payload.dict(exclude={"house"})
    return Status(201, services.record_arrears_action(request.auth, house, **fields))


@router.get("/fees/arrears/actions", response=list[FeeActionOut], summary="催缴记录")
@paginate(PageNumber)
def list_actions(request, filters: Query[FeeActionFilter]):
    return selectors.actions(request.auth, **filters.dict()).order_by("-recorded_at", "-id")


@router.get("/fees/arrears/actions/{action_id}", response=FeeActionOut, summary="催缴记录详情")
def get_action(request, action_id: Id):
    return selectors.action(request.auth, action_id)


# --- booked home collection --------------------------------------------------------------------


class FeeCollectionIn(Schema):
    house: Id
    scheduled_at: AppointmentAt
    contact: str = ""
    note: str = ""


class FeeCollectionOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    scheduled_at: LocalDateTime
    contact: str
    note: str
    status: str
    outcome: str
    done_at: LocalDateTime | None = None


class FeeCollectionFilter(FeeFilter):
    status: str = ""


class FeeDoneIn(Schema):
    outcome: str = ""
    cancel: bool = False


@router.post("/fees/collections", response={201: FeeCollectionOut}, summary="预约上门收费")
def book_collection(request, payload: FeeCollectionIn):
    house = selectors.house(request.auth, payload.house)
    fields = payload.dict(exclude={"house"})
    return Status(201, services.book_collection(request.auth, house, **fields))


@router.get("/fees/collections", response=list[FeeCollectionOut], summary="预约上门收费列表")
@paginate(PageNumber)
def list_collections(request, filters: Query[FeeCollectionFilter]):
    return selectors.collections(request.auth, **filters.dict())


@router.get("/fees/collections/{collection_id}", response=FeeCollectionOut, summary="预约详情")
def get_collection(request, collection_id: Id):
    return selectors.collection(request.auth, collection_id)


@router.post(
    "/fees/collections/{collection_id}/done", response=FeeCollectionOut, summary="上门完成或取消"
)
def finish_collection(request, collection_id: Id, payload: FeeDoneIn):
    visit = selectors.collection(request.auth, collection_id)
    return services.finish_collection(
        request.auth, visit, outcome=payload.outcome, cancel=payload.cancel
    )
