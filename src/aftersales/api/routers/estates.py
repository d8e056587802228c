"""Projects, houses, public areas and warranty terms (R-EST-1, R-WAR-1)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Day, Id, LocalDateTime, Money, PositiveInt, SmallInt, Text
from aftersales.core import scoping
from aftersales.core.http import dated_name, xlsx_response
from aftersales.estates import exporter, selectors, services
from aftersales.estates.models import House, Project, PublicArea, WarrantyComponent

router = Router(tags=["房产"])


# --- projects --------------------------------------------------------------------------------


class ProjectIn(Schema):
    code: Text
    name: str
    city: str = ""
    address: str = ""
    delivered_on: Day | None = None


class ProjectPatch(Schema):
    name: str | None = None
    city: str | None = None
    address: str | None = None
    delivered_on: Day | None = None


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    city: str
    address: str
    delivered_on: dt.date | None
    created_at: LocalDateTime


@router.post("/projects", response={201: ProjectOut}, summary="新建项目")
def create_project(request, payload: ProjectIn):
    return Status(201, services.create_project(request.auth, **payload.dict()))


@router.get("/projects", response=list[ProjectOut], summary="项目列表")
@paginate(PageNumber)
def list_projects(request, q: str = ""):
    return selectors.projects_for(request.auth, q=q)


def _project(request, project_id: Id) -> Project:
    return scoping.get_visible_or_404(Project.objects.all(), request.auth, pk=project_id)


@router.get("/projects/{project_id}", response=ProjectOut, summary="项目详情")
def get_project(request, project_id: Id):
    return _project(request, project_id)


@router.patch("/projects/{project_id}", response=ProjectOut, summary="修改项目")
def patch_project(request, project_id: Id, payload: ProjectPatch):
    project = _project(request, project_id)
    return services.update_project(request.auth, project, **payload.dict(exclude_unset=True))


# --- warranty --------------------------------------------------------------------------------


class ComponentOut(Schema):
    code: str
    name: str
    months: int | None = Field(description="默认保修期（月）；空表示设计使用年限")
    basis: str


class TermIn(Schema):
    months: PositiveInt


class TermOut(Schema):
    project: Id
    component: str
    name: str
    months: int | None
    default_months: int | None
    overridden: bool


def _term_out(project: Project, component: WarrantyComponent) -> dict:
    months = services.warranty_months(project, component)
    return {
        "project": project.pk,
        "component": component.code,
        "name": component.name,
        "months": months,
        "default_months": component.months,
        "overridden": project.warranty_terms.filter(component=component).exists(),
    }


@router.get("/warranty-components", response=list[ComponentOut], summary="保修目录")
def list_components(request):
    return list(WarrantyComponent.objects.all())


@router.get("/projects/{project_id}/warranty-terms", response=list[TermOut], summary="项目保修期")
def list_terms(request, project_id: Id):
    project = _project(request, project_id)
    return [_term_out(project, c) for c in WarrantyComponent.objects.all()]


@router.put(
    "/projects/{project_id}/warranty-terms/{component}", response=TermOut, summary="设置项目保修期"
)
def put_term(request, project_id: Id, component: str, payload: TermIn):
    project = _project(request, project_id)
    term = services.set_project_warranty_term(request.auth, project, component, payload.months)
    return _term_out(project, term.component)


# --- houses ----------------------------------------------------------------------------------


class HouseIn(Schema):
    project: Id
    building: Text
    unit: Text
    room: Text
    delivered_on: Day
    area: Decimal | None = None
    unit_type: str = ""
    floor: SmallInt | None = None
    finish: str = "bare"
    status: str = "delivered"


class HousePatch(Schema):
    area: Decimal | None = None
    unit_type: str | None = None
    floor: SmallInt | None = None
    finish: str | None = None
    status: str | None = None
    delivered_on: Day | None = None


class OccupantOut(Schema):
    customer: int
    name: str
    role: str


class HouseOut(Schema):
    id: int
    project: Id
    project_name: str
    building: str
    unit: str
    room: str
    label: str
    floor: int | None
    area: Money | None
    unit_type: str
    finish: str
    status: str
    delivered_on: dt.date | None

    @staticmethod
    def resolve_project(obj: House) -> int:
        return obj.project_id

    @staticmethod
    def resolve_project_name(obj: House) -> str:
        return obj.project.name

    @staticmethod
    def resolve_building(obj: House) -> str:
        return obj.building.name


class HouseDetailOut(HouseOut):
    occupants: list[OccupantOut]

    @staticmethod
    def resolve_occupants(obj: House) -> list[dict]:
        return [
            {"customer": link.customer_id, "name": link.customer.name, "role": link.role}
            for link in obj.occupants.select_related("customer").order_by("id")
        ]


class HouseFilter(Schema):
    q: str = ""
    project: Id | None = None
    building: str = ""
    status: str = ""
    customer: Id | None = None


class WarrantyOut(Schema):
    component: str
    component_name: str
    in_warranty: bool
    months: int | None
    starts_on: dt.date | None
    expires_on: dt.date | None


def _house(request, house_id: Id) -> House:
    qs = House.objects.select_related("project", "building")
    return scoping.get_visible_or_404(qs, request.auth, pk=house_id)


@router.post("/houses", response={201: HouseDetailOut}, summary="新建房屋")
def create_house(request, payload: HouseIn):
    data = payload.dict()
    data["project"] = _project(request, data["project"])
    return Status(201, services.create_house(request.auth, **data))


@router.get("/houses", response=list[HouseOut], summary="房屋列表")
@paginate(PageNumber)
def list_houses(request, filters: Query[HouseFilter]):
    return selectors.houses_for(request.auth, **filters.dict())


@router.get("/houses/export", summary="导出房屋（Excel）")
def export_houses(request, filters: Query[HouseFilter]):
    qs = selectors.houses_for(request.auth, **filters.dict())
    return xlsx_response(exporter.export_houses(request.auth, qs), dated_name("房屋清单"))


@router.get("/houses/{house_id}", response=HouseDetailOut, summary="房屋详情")
def get_house(request, house_id: Id):
    return _house(request, house_id)


@router.patch("/houses/{house_id}", response=HouseDetailOut, summary="修改房屋")
def patch_house(request, house_id: Id, payload: HousePatch):
    house = _house(request, house_id)
    return services.update_house(request.auth, house, **payload.dict(exclude_unset=True))


@router.get("/houses/{house_id}/warranty", response=list[WarrantyOut], summary="房屋保修状态")
def house_warranty(request, house_id: Id, component: str = "", on: Day | None = None):
    """Whether each component (or the one asked for) is under warranty on a date, and until when."""
    house = _house(request, house_id)
    if component:
        return [services.warranty_status(house, component, on)]
    return services.house_warranty(house, on)


# --- public areas ----------------------------------------------------------------------------


class PublicAreaIn(Schema):
    project: Id
    name: str


class PublicAreaOut(Schema):
    id: int
    project: Id
    name: str

    @staticmethod
    def resolve_project(obj: PublicArea) -> int:
        return obj.project_id


@router.post("/public-areas", response={201: PublicAreaOut}, summary="新建公共区域")
def create_public_area(request, payload: PublicAreaIn):
    project = _project(request, payload.project)
    return Status(
        201, services.create_public_area(request.auth, project=project, name=payload.name)
    )


@router.get("/public-areas", response=list[PublicAreaOut], summary="公共区域列表")
@paginate(PageNumber)
def list_public_areas(request, project: Id | None = None):
    qs = scoping.visible_to(PublicArea.objects.all(), request.auth).order_by("project_id", "name")
    return qs.filter(project_id=project) if project else qs


@router.get("/public-areas/{area_id}", response=PublicAreaOut, summary="公共区域详情")
def get_public_area(request, area_id: Id):
    return scoping.get_visible_or_404(PublicArea.objects.all(), request.auth, pk=area_id)
