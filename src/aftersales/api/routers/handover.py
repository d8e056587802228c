"""Handover and move-in (api.md second part, "Handover and move-in", R-HO-1..5).

Names of the contract are fixed: inspections, move-ins, custodies and their patrols. The batches,
appointments, arrivals, checklist, heavy-rain rounds and usage reports are this product's own.
Every resource answers ``GET`` list (filters ``project``, ``house``, ``customer``, ``status``)
and ``GET …/{id}``."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Day, Id, LocalDateTime, Money, OccurredAt, PositiveSmallInt
from aftersales.core.errors import NotFound
from aftersales.core.permissions import require
from aftersales.handover import selectors
from aftersales.handover.models import (
    Appointment,
    Custody,
    Inspection,
    InspectionItem,
    MoveIn,
    Patrol,
    UsageReport,
)
from aftersales.handover.selectors import Filters
from aftersales.handover.services import batches, checklist, custody, inspections, move_ins, usage

router = Router(tags=["交付与入住"])


def _plain(value: Decimal | None) -> str | None:
    """A limit or a reading as written: "5", "20", "12.5"."""
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


class ListFilter(Schema):
    project: Id | None = None
    house: Id | None = None
    customer: Id | None = None
    status: str = ""

    def filters(self) -> Filters:
        return Filters(self.project, self.house, self.customer, self.status)


# --- batches and appointments ----------------------------------------------------------------


class BatchIn(Schema):
    project: Id
    name: str
    starts_on: Day
    ends_on: Day
    capacity: int = Field(20, ge=1, le=500, description="每个半天时段可接待的户数")
    houses: list[Id] = Field(default_factory=list, max_length=5000)


class BatchOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    name: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    status: str


class BookIn(Schema):
    house: Id
    customer: Id
    day: Day
    half: str = Field(..., description="am 上午 / pm 下午")
    party: str = Field("owner", description="owner / agent / company")


class AppointmentOut(Schema):
    id: int
    batch: int = Field(..., alias="batch_id")
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    house_label: str
    customer: int = Field(..., alias="customer_id")
    day: dt.date
    half: str
    party: str
    status: str
    documents: list[str]
    required: list[str]
    missing: list[str]
    arrived_at: LocalDateTime | None = None

    @staticmethod
    def resolve_house_label(obj: Appointment) -> str:
        return obj.house.label

    @staticmethod
    def resolve_required(obj: Appointment) -> list[str]:
        return [str(d) for d in batches.REQUIRED_DOCUMENTS[obj.party]]


class DocumentsIn(Schema):
    documents: list[str] = Field(..., max_length=20)
    party: str | None = None


class ArriveIn(Schema):
    occurred_at: OccurredAt | None = None


class AppointmentFilter(ListFilter):
    day: Day | None = None
    batch: Id | None = None


@router.post("/handover/batches", response={201: BatchOut}, summary="新建交付批次")
def create_batch(request, payload: BatchIn):
    return Status(201, batches.create_batch(request.auth, **payload.dict()))


@router.get("/handover/batches", response=list[BatchOut], summary="交付批次列表")
@paginate(PageNumber)
def list_batches(request, filters: Query[ListFilter]):
    return selectors.batches_for(request.auth, filters.filters())


@router.get("/handover/batches/{batch_id}", response=BatchOut, summary="交付批次")
def get_batch(request, batch_id: Id):
    return selectors.get_batch(request.auth, batch_id)


@router.post(
    "/handover/batches/{batch_id}/appointments",
    response={201: AppointmentOut},
    summary="预约收房时段",
    description="预约某个半天时段；时段满 409 slot_full；业主收到时间和需携带资料的短信。",
)
def book(request, batch_id: Id, payload: BookIn):
    batch = selectors.get_batch(request.auth, batch_id)
    return Status(201, batches.book(request.auth, batch, **payload.dict()))


@router.get("/handover/appointments", response=list[AppointmentOut], summary="收房预约列表")
@paginate(PageNumber)
def list_appointments(request, filters: Query[AppointmentFilter]):
    return selectors.appointments_for(
        request.auth, filters.filters(), day=filters.day, batch=filters.batch
    )


@router.get("/handover/appointments/{appointment_id}", response=AppointmentOut, summary="收房预约")
def get_appointment(request, appointment_id: Id):
    return selectors.get_appointment(request.auth, appointment_id)


@router.post(
    "/handover/appointments/{appointment_id}/arrive", response=AppointmentOut, summary="到场签到"
)
def arrive(request, appointment_id: Id, payload: ArriveIn):
    appt = selectors.get_appointment(request.auth, appointment_id)
    return batches.arrive(request.auth, appt, occurred_at=payload.occurred_at)


@router.post(
    "/handover/appointments/{appointment_id}/documents",
    response=AppointmentOut,
    summary="核验资料",
    description="记录带来的资料；missing 列出按办理人情形还缺少的资料编码。",
)
def check_documents(request, appointment_id: Id, payload: DocumentsIn):
    appt = selectors.get_appointment(request.auth, appointment_id)
    return batches.check_documents(
        request.auth, appt, documents=payload.documents, party=payload.party
    )


@router.post(
    "/handover/appointments/{appointment_id}/cancel", response=AppointmentOut, summary="取消预约"
)
def cancel(request, appointment_id: Id):
    appt = selectors.get_appointment(request.auth, appointment_id)
    return batches.cancel(request.auth, appt)


class ArrivalsOut(Schema):
    day: dt.date
    count: int
    arrived: int
    am: list[AppointmentOut]
    pm: list[AppointmentOut]


@router.get("/handover/arrivals", response=ArrivalsOut, summary="今日到场名单")
def arrivals(request, day: Day | None = None, project: Id | None = None):
    return selectors.arrivals(request.auth, day, project)


class ChecklistOut(Schema):
    id: int
    room: str
    name: str
    category: str
    component: str
    order: int
    active: bool


class ChecklistItemIn(Schema):
    room: str = Field(..., max_length=200)
    name: str = Field(..., max_length=200)
    category: str = Field(..., max_length=40)
    component: str = Field(..., max_length=40)
    order: PositiveSmallInt | None = Field(None, description="顺序；不填排在最后")
    active: bool = True


class ChecklistItemPatch(Schema):
    room: str | None = Field(None, max_length=200)
    name: str | None = Field(None, max_length=200)
    category: str | None = Field(None, max_length=40)
    component: str | None = Field(None, max_length=40)
    order: PositiveSmallInt | None = None
    active: bool | None = Field(None, description="false：停用（新的验房不再列出）")


@router.get("/handover/checklist", response=list[ChecklistOut], summary="验房检查项")
def checklist_lines(request, include_inactive: bool = False):
    """The active lines; ``include_inactive=true`` adds the switched-off ones."""
    require(request.auth, "handover.view")
    return selectors.checklist_all() if include_inactive else selectors.checklist()


@router.post("/handover/checklist", response={201: ChecklistOut}, summary="新增验房检查项")
def create_checklist_item(request, payload: ChecklistItemIn):
    return Status(201, checklist.save_item(request.auth, None, **payload.dict()))


@router.patch(
    "/handover/checklist/{line_id}", response=ChecklistOut, summary="修改或停用验房检查项"
)
def patch_checklist_item(request, line_id: Id, payload: ChecklistItemPatch):
    return checklist.save_item(request.auth, line_id, **payload.dict(exclude_unset=True))


# --- inspections -----------------------------------------------------------------------------


class ItemIn(Schema):
    item: str
    location: str = ""
    category: str = ""
    component: str = ""
    passed: bool
    note: str = ""


class InspectionIn(Schema):
    house: Id
    customer: Id
    items: list[ItemIn] = Field(..., max_length=inspections.MAX_ITEMS)
    occurred_at: OccurredAt | None = None
    appointment: Id | None = None


class ItemOut(Schema):
    id: int
    item: str
    location: str
    category: str
    component: str
    passed: bool
    note: str
    ticket: int | None = Field(None, alias="ticket_id")
    ticket_status: str | None = None
    photos: int = 0

    @staticmethod
    def resolve_ticket_status(obj: InspectionItem) -> str | None:
        return obj.ticket.status if obj.ticket_id else None

    @staticmethod
    def resolve_photos(obj: InspectionItem) -> int:
        return len(obj.photos.all())


class InspectionRow(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    status: str
    occurred_at: LocalDateTime
    reinspected_at: LocalDateTime | None = None
    accepted_at: LocalDateTime | None = None
    signed: bool

    @staticmethod
    def resolve_status(obj: Inspection) -> str:
        return selectors.status_of(obj)

    @staticmethod
    def resolve_signed(obj: Inspection) -> bool:
        return bool(obj.signature)


class InspectionOut(InspectionRow):
    items: list[ItemOut]
    tickets: list[int]

    @staticmethod
    def resolve_items(obj: Inspection) -> list[InspectionItem]:
        return selectors.items_of(obj)

    @staticmethod
    def resolve_tickets(obj: Inspection) -> list[int]:
        return selectors.ticket_ids(obj)


class ReinspectIn(Schema):
    items: list[ItemIn] = Field(default_factory=list, max_length=inspections.MAX_ITEMS)
    note: str = ""
    occurred_at: OccurredAt | None = None


class AcceptIn(Schema):
    signature: str = Field("", description="业主签名，base64 编码的 PNG（可带 data: 前缀）")
    occurred_at: OccurredAt | None = None


@router.post(
    "/handover/inspections",
    response={201: InspectionOut},
    summary="登记验房",
    description=(
        "每个不合格项开一张报修工单（来源 handover，同一房屋和客户，该项的类别和保修部位），"
        "并关联到该项。status：全部合格 passed，否则 defects_open。"
    ),
)
def create_inspection(request, payload: InspectionIn):
    data = payload.dict()
    return Status(201, inspections.create_inspection(request.auth, **data))


@router.get("/handover/inspections", response=list[InspectionRow], summary="验房记录列表")
@paginate(PageNumber)
def list_inspections(request, filters: Query[ListFilter]):
    return selectors.inspections_for(request.auth, filters.filters())


@router.get(
    "/handover/inspections/{inspection_id}",
    response=InspectionOut,
    summary="验房记录",
    description="全部整改工单关闭后 status 为 ready_for_reinspection。",
)
def get_inspection(request, inspection_id: Id):
    return selectors.get_inspection(request.auth, inspection_id)


@router.post(
    "/handover/inspections/{inspection_id}/reinspect",
    response=InspectionOut,
    summary="复验",
    description="整改工单全部关闭后复验；再次不合格的项各开一张新工单。有未关闭工单 409 defects_open。",
)
def reinspect(request, inspection_id: Id, payload: ReinspectIn):
    insp = selectors.get_inspection(request.auth, inspection_id)
    data = payload.dict()
    inspections.reinspect(request.auth, insp, **data)
    return selectors.get_inspection(request.auth, inspection_id)


@router.post(
    "/handover/inspections/{inspection_id}/accept",
    response=InspectionOut,
    summary="业主签收",
    description="status 为 accepted；仍有未关闭的整改工单时 409 defects_open。",
)
def accept(request, inspection_id: Id, payload: AcceptIn):
    insp = selectors.get_inspection(request.auth, inspection_id)
    inspections.accept(request.auth, insp, **payload.dict())
    return selectors.get_inspection(request.auth, inspection_id)


class PhotoOut(Schema):
    id: int
    content_type: str


@router.post(
    "/handover/inspections/{inspection_id}/items/{item_id}/photos",
    response={201: PhotoOut},
    summary="上传检查项照片",
    description="multipart/form-data：photo（JPEG、PNG、WebP 或 HEIC）。",
)
def item_photo(request, inspection_id: Id, item_id: Id, photo: File[UploadedFile | None] = None):
    insp = selectors.get_inspection(request.auth, inspection_id)
    item = insp.items.filter(pk=item_id).first()
    if item is None:
        raise NotFound("检查项不存在")
    return Status(201, inspections.add_photo(request.auth, item, photo))


# --- move-ins --------------------------------------------------------------------------------


class MoveInIn(Schema):
    house: Id
    customer: Id
    party: str = Field(..., description="owner / agent / company")
    documents: list[str] = Field(..., max_length=20)
    keys: int = Field(0, ge=0, le=50)
    meters: dict[str, Any] | None = Field(None, description='{"water", "electricity", "gas"}')
    fees_collected: Decimal | str | None = None
    handbook: bool = False
    drawings: bool = False
    agreements_signed: bool = False
    occurred_at: OccurredAt | None = None


class MoveInOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    status: str = "moved_in"
    party: str
    documents: list[str]
    keys: int
    meters: dict[str, str | None]
    fees_collected: Money
    handbook: bool
    drawings: bool
    agreements_signed: bool
    occurred_at: LocalDateTime
    files: int

    @staticmethod
    def resolve_meters(obj: MoveIn) -> dict[str, str | None]:
        return {n: _plain(getattr(obj, n)) for n in ("water", "electricity", "gas")}

    @staticmethod
    def resolve_files(obj: MoveIn) -> int:
        return obj.files.count()


@router.post(
    "/handover/move-ins",
    response={201: MoveInOut},
    summary="办理入住",
    description=(
        "房屋状态改为 occupied。资料不全 422 documents_missing（fields.documents 列出缺少的编码）："
        "owner 需 id_card、occupancy_notice、purchase_contract；agent 另需 power_of_attorney、"
        "agent_id_card；company 另需 company_certificate。同一房屋第二次入住 409 already_moved_in。"
    ),
)
def create_move_in(request, payload: MoveInIn):
    data = payload.dict()
    data["meters_read"] = data.pop("meters")
    return Status(201, move_ins.move_in(request.auth, **data))


@router.get("/handover/move-ins", response=list[MoveInOut], summary="入住登记列表")
@paginate(PageNumber)
def list_move_ins(request, filters: Query[ListFilter]):
    qs = selectors.move_ins_for(request.auth, filters.filters())
    return qs.none() if filters.status not in ("", "moved_in") else qs


@router.get("/handover/move-ins/{move_in_id}", response=MoveInOut, summary="入住登记")
def get_move_in(request, move_in_id: Id):
    return selectors.get_move_in(request.auth, move_in_id)


class FileOut(Schema):
    id: int
    name: str
    content_type: str


@router.post(
    "/handover/move-ins/{move_in_id}/files",
    response={201: FileOut},
    summary="入住资料存档",
    description="multipart/form-data：file（图片或 PDF）。",
)
def archive(request, move_in_id: Id, file: File[UploadedFile | None] = None):
    record = selectors.get_move_in(request.auth, move_in_id)
    return Status(201, move_ins.archive_file(request.auth, record, file))


# --- custodies and patrols -------------------------------------------------------------------


class CustodyIn(Schema):
    house: Id
    customer: Id
    starts_on: Day
    meters: dict[str, Any] = Field(..., description='{"water", "electricity"}')
    agreement: str = ""


class CustodyOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    house: int = Field(..., alias="house_id")
    customer: int = Field(..., alias="customer_id")
    status: str
    starts_on: dt.date
    ended_on: dt.date | None = None
    agreement: str
    fee_rate: str
    limits: dict[str, str]
    meters: dict[str, str | None]
    end_meters: dict[str, str | None]
    next_patrol_due: dt.date | None = None
    patrol_overdue: bool

    @staticmethod
    def resolve_fee_rate(obj: Custody) -> str:
        return f"{obj.fee_rate:.2f}"

    @staticmethod
    def resolve_limits(obj: Custody) -> dict[str, str]:
        return {"water": _plain(obj.water_limit), "electricity": _plain(obj.electricity_limit)}

    @staticmethod
    def resolve_meters(obj: Custody) -> dict[str, str | None]:
        return {"water": _plain(obj.start_water), "electricity": _plain(obj.start_electricity)}

    @staticmethod
    def resolve_end_meters(obj: Custody) -> dict[str, str | None]:
        return {"water": _plain(obj.end_water), "electricity": _plain(obj.end_electricity)}

    @staticmethod
    def resolve_next_patrol_due(obj: Custody) -> dt.date | None:
        return selectors.next_patrol_due(obj)

    @staticmethod
    def resolve_patrol_overdue(obj: Custody) -> bool:
        return selectors.patrol_overdue(obj)


class PatrolIn(Schema):
    kind: str = Field(..., description="weekly / before_rain / after_rain")
    meters: dict[str, Any] | None = Field(None, description='{"water", "electricity"}')
    findings: str = ""
    occurred_at: OccurredAt | None = None


class PatrolOut(Schema):
    id: int
    custody: int = Field(..., alias="custody_id")
    project: int = Field(..., alias="project_id")
    house: int
    kind: str
    status: str
    due_on: dt.date | None = None
    occurred_at: LocalDateTime | None = None
    meters: dict[str, str | None]
    findings: str
    over_limit: list[str]
    owner_notified: bool

    @staticmethod
    def resolve_house(obj: Patrol) -> int:
        return obj.custody.house_id

    @staticmethod
    def resolve_meters(obj: Patrol) -> dict[str, str | None]:
        return {"water": _plain(obj.water), "electricity": _plain(obj.electricity)}


class EndIn(Schema):
    meters: dict[str, Any] | None = None
    occurred_at: OccurredAt | None = None


class RainIn(Schema):
    project: Id
    kind: str = Field("before_rain", description="before_rain / after_rain")
    due_on: Day | None = None


class RainOut(Schema):
    created: int
    patrols: list[int]


@router.post(
    "/handover/custodies",
    response={201: CustodyOut},
    summary="登记托管",
    description="房屋状态改为 custodial；用量上限 水 5、电 20；物业费按 70% 计收。",
)
def create_custody(request, payload: CustodyIn):
    data = payload.dict()
    data["meters_read"] = data.pop("meters")
    record = custody.start_custody(request.auth, **data)
    return Status(201, selectors.get_custody(request.auth, record.pk))


@router.get("/handover/custodies", response=list[CustodyOut], summary="托管房屋列表")
@paginate(PageNumber)
def list_custodies(request, filters: Query[ListFilter]):
    return selectors.custodies_for(request.auth, filters.filters())


@router.get(
    "/handover/custodies/{custody_id}",
    response=CustodyOut,
    summary="托管房屋",
    description="next_patrol_due：上次每周巡查（或托管开始）后 7 天；patrol_overdue：已逾期。",
)
def get_custody(request, custody_id: Id):
    return selectors.get_custody(request.auth, custody_id)


@router.post(
    "/handover/custodies/{custody_id}/patrols",
    response={201: PatrolOut},
    summary="登记巡查",
    description="over_limit 列出自托管开始用量超过上限的表；超量或有发现时短信告知业主。",
)
def patrol(request, custody_id: Id, payload: PatrolIn):
    record = selectors.get_custody(request.auth, custody_id)
    data = payload.dict()
    data["meters_read"] = data.pop("meters")
    return Status(201, custody.record_patrol(request.auth, record, **data))


@router.post("/handover/custodies/{custody_id}/end", response=CustodyOut, summary="结束托管")
def end(request, custody_id: Id, payload: EndIn):
    record = selectors.get_custody(request.auth, custody_id)
    custody.end_custody(
        request.auth, record, meters_read=payload.meters, occurred_at=payload.occurred_at
    )
    return selectors.get_custody(request.auth, custody_id)


@router.post(
    "/handover/rain-rounds",
    response={201: RainOut},
    summary="暴雨预警巡查",
    description="为项目内每套托管中的房屋安排一次雨前（或雨后）巡查。",
)
def rain_round(request, payload: RainIn):
    created = custody.rain_round(request.auth, **payload.dict())
    return Status(201, {"created": len(created), "patrols": [p.pk for p in created]})


@router.get("/handover/patrols", response=list[PatrolOut], summary="巡查记录列表")
@paginate(PageNumber)
def list_patrols(request, filters: Query[ListFilter], custody_id: Id | None = None):
    return selectors.patrols_for(request.auth, filters.filters(), custody=custody_id)


@router.get("/handover/patrols/{patrol_id}", response=PatrolOut, summary="巡查记录")
def get_patrol(request, patrol_id: Id):
    return selectors.get_patrol(request.auth, patrol_id)


@router.post(
    "/handover/patrols/{patrol_id}/photos",
    response={201: PhotoOut},
    summary="上传巡查照片",
    description="multipart/form-data：photo。",
)
def patrol_photo(request, patrol_id: Id, photo: File[UploadedFile | None] = None):
    record = selectors.get_patrol(request.auth, patrol_id)
    return Status(201, custody.add_patrol_photo(request.auth, record, photo))


# --- usage reports ---------------------------------------------------------------------------


class LineIn(Schema):
    equipment: str
    category: str = ""
    component: str = ""
    problems: int = Field(0, ge=0, le=100000)
    note: str = ""


class ReportIn(Schema):
    project: Id
    lines: list[LineIn] = Field(..., max_length=usage.MAX_LINES)
    summary: str = ""


class LineOut(Schema):
    equipment: str
    category: str
    component: str
    problems: int
    note: str


class ReportOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    status: str
    period_start: dt.date
    period_end: dt.date
    summary: str
    filed_at: LocalDateTime
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj: UsageReport) -> list:
        return list(obj.lines.all())


@router.post(
    "/handover/usage-reports",
    response={201: ReportOut},
    summary="填报产品使用情况表",
    description="交付满一年后每个项目一份（409 too_early / already_filed）；通知工程材料部。",
)
def file_report(request, payload: ReportIn):
    return Status(201, usage.file_report(request.auth, **payload.dict()))


@router.get("/handover/usage-reports", response=list[ReportOut], summary="产品使用情况表列表")
@paginate(PageNumber)
def list_reports(request, filters: Query[ListFilter]):
    return selectors.reports_for(request.auth, filters.filters())


@router.get("/handover/usage-reports/{report_id}", response=ReportOut, summary="产品使用情况表")
def get_report(request, report_id: Id):
    return selectors.get_report(request.auth, report_id)
