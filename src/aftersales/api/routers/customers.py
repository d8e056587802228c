"""Customers, their houses and the caller screen-pop (R-EST-2, R-EST-5, R-TKT-5)."""

import datetime as dt

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Birthday, Day, Id, LocalDateTime
from aftersales.core import scoping
from aftersales.core.errors import field_error
from aftersales.core.http import dated_name, xlsx_response
from aftersales.estates import exporter, selectors, services
from aftersales.estates.models import Customer, House
from aftersales.tickets.selectors import open_tickets_of

router = Router(tags=["客户"])


class HouseLinkIn(Schema):
    house: Id
    role: str = "owner"
    since: Day | None = None
    contract_no: str = ""


class CustomerIn(Schema):
    name: str
    phone: str
    phone2: str = ""
    id_type: str = ""
    id_number: str = ""
    birthday: Birthday | None = None
    gender: str = ""
    segment: str = ""
    tags: str = ""
    preferred_channel: str = ""
    email: str = ""
    note: str = ""
    houses: list[HouseLinkIn] = Field(default_factory=list)
    same_phone_confirmed: bool = Field(
        False,
        description="号码已登记为其他客户时（如家庭成员共用），确认仍然新建；否则 409 duplicate_phone",
    )


class CustomerPatch(Schema):
    name: str | None = None
    phone: str | None = None
    phone2: str | None = None
    id_type: str | None = None
    id_number: str | None = None
    birthday: Birthday | None = None
    gender: str | None = None
    segment: str | None = None
    tags: str | None = None
    preferred_channel: str | None = None
    email: str | None = None
    note: str | None = None


class CustomerHouseOut(Schema):
    house: Id
    label: str
    project: Id
    project_name: str
    role: str


class CustomerOut(Schema):
    id: int
    name: str
    phone: str
    phone2: str
    id_type: str
    id_number: str = Field(description="证件号码（脱敏）")
    birthday: dt.date | None
    gender: str
    segment: str
    tags: str
    preferred_channel: str
    email: str
    houses: list[CustomerHouseOut]
    created_at: LocalDateTime

    @staticmethod
    def resolve_id_number(obj: Customer) -> str:
        return obj.id_number_masked

    @staticmethod
    def resolve_houses(obj: Customer) -> list[dict]:
        return _houses_of(obj)


def _houses_of(customer: Customer) -> list[dict]:
    links = customer.house_links.select_related("house__project").order_by("id")
    return [
        {
            "house": link.house_id,
            "label": link.house.label,
            "project": link.house.project_id,
            "project_name": link.house.project.name,
            "role": link.role,
        }
        for link in links
    ]


class CustomerFilter(Schema):
    q: str = ""
    project: Id | None = None
    house: Id | None = None
    phone: str = ""


class OpenTicketOut(Schema):
    id: int
    number: str
    kind: str
    status: str
    description: str
    occurred_at: LocalDateTime


class LookupCustomer(Schema):
    id: int
    name: str
    phone: str
    segment: str
    houses: list[CustomerHouseOut]
    open_tickets: list[OpenTicketOut]


class LookupOut(Schema):
    customers: list[LookupCustomer]


class RevealOut(Schema):
    id_number: str


def _customer(request, customer_id: Id) -> Customer:
    return scoping.get_visible_or_404(Customer.objects.all(), request.auth, pk=customer_id)


def _links(request, items: list[HouseLinkIn]) -> list[services.HouseLink]:
    links = []
    for item in items:
        house = scoping.visible_to(House.objects.filter(pk=item.house), request.auth).first()
        if house is None:
            raise field_error(
                "houses", f"房屋 {item.house} 不存在或不在您的数据范围内", code="not_found"
            )
        links.append(
            services.HouseLink(
                house=house, role=item.role, since=item.since, contract_no=item.contract_no
            )
        )
    return links


@router.post("/customers", response={201: CustomerOut}, summary="新建客户")
def create_customer(request, payload: CustomerIn):
    data = payload.dict(exclude={"houses"})
    return Status(
        201, services.create_customer(request.auth, houses=_links(request, payload.houses), **data)
    )


@router.get("/customers", response=list[CustomerOut], summary="客户列表")
@paginate(PageNumber)
def list_customers(request, filters: Query[CustomerFilter]):
    return selectors.customers_for(request.auth, **filters.dict())


@router.get("/customers/lookup", response=LookupOut, summary="来电弹屏：按电话查找客户")
def lookup(request, phone: str):
    """Screen-pop (R-TKT-5): the caller's houses and open tickets, by phone number."""
    phone = services.normalise_phone(phone)
    customers = selectors.customers_for(request.auth, phone=phone)[:20]
    return {
        "customers": [
            {
                "id": c.id,
                "name": c.name,
                "phone": c.phone,
                "segment": c.segment,
                "houses": _houses_of(c),
                "open_tickets": [
                    {
                        "id": t.id,
                        "number": t.number,
                        "kind": t.kind,
                        "status": t.status,
                        "description": t.description[:100],
                        "occurred_at": t.occurred_at,
                    }
                    for t in open_tickets_of(request.auth, c)
                ],
            }
            for c in customers
        ]
    }


@router.get("/customers/export", summary="导出客户（Excel）")
def export_customers(request, filters: Query[CustomerFilter]):
    qs = selectors.customers_for(request.auth, **filters.dict())
    return xlsx_response(exporter.export_customers(request.auth, qs), dated_name("客户清单"))


@router.get("/customers/{customer_id}", response=CustomerOut, summary="客户详情")
def get_customer(request, customer_id: Id):
    customer = _customer(request, customer_id)
    services.record_archive_view(request.auth, customer, channel="api")
    return customer


@router.patch("/customers/{customer_id}", response=CustomerOut, summary="修改客户")
def patch_customer(request, customer_id: Id, payload: CustomerPatch):
    customer = _customer(request, customer_id)
    return services.update_customer(request.auth, customer, **payload.dict(exclude_unset=True))


@router.post("/customers/{customer_id}/houses", response={201: CustomerOut}, summary="关联房屋")
def add_house(request, customer_id: Id, payload: HouseLinkIn):
    customer = _customer(request, customer_id)
    services.link_house(request.auth, customer, _links(request, [payload])[0])
    return Status(201, customer)


@router.post(
    "/customers/{customer_id}/reveal-id", response=RevealOut, summary="查看完整证件号码（留痕）"
)
def reveal_id(request, response: HttpResponse, customer_id: Id):
    """``no-store``: the number is neither cached nor kept for an Idempotency-Key replay."""
    customer = _customer(request, customer_id)
    response["Cache-Control"] = "no-store"
    return {"id_number": services.reveal_id_number(request.auth, customer)}
