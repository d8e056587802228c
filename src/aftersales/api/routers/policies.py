"""Deadline policies (R-CAL-2) and the phenomena of the intake category tree (R-TKT-4):
read by staff, changed by administrators."""

from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.routers.tickets import router as tickets_router
from aftersales.api.types import Id, Money, PositiveSmallInt
from aftersales.core.errors import NotFound
from aftersales.core.permissions import require
from aftersales.tickets import phenomena, policies
from aftersales.tickets.models import DeadlinePolicy

router = Router(tags=["时限规则"])


class PolicyOut(Schema):
    id: int
    kind: str
    level: str
    name: str
    amount: Money
    unit: str
    note: str


class PolicyPatch(Schema):
    amount: Decimal | str
    unit: str


class PolicyIn(PolicyPatch):
    kind: str
    level: str = "*"
    name: str
    note: str = ""


@router.get("/deadline-policies", response=list[PolicyOut], summary="时限规则")
@paginate(PageNumber)
def list_policies(request, kind: str = ""):
    require(request.auth, "policies.manage")
    qs = DeadlinePolicy.objects.order_by("kind", "name", "level", "id")
    return qs.filter(kind=kind) if kind else qs


@router.post("/deadline-policies", response={201: PolicyOut}, summary="新增时限规则")
def create_policy(request, payload: PolicyIn):
    return Status(201, policies.create_policy(request.auth, **payload.dict()))


@router.patch("/deadline-policies/{policy_id}", response=PolicyOut, summary="修改时限规则")
def patch_policy(request, policy_id: Id, payload: PolicyPatch):
    require(request.auth, "policies.manage")
    policy = DeadlinePolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise NotFound("时限规则不存在")
    return policies.update_policy(request.auth, policy, payload.amount, payload.unit)


# --- the category → phenomenon tree of intake (R-TKT-4) -----------------------------------------


class PhenomenonOut(Schema):
    id: int
    category: str
    name: str
    component: str
    active: bool
    sort: int


class PhenomenonIn(Schema):
    category: str
    name: str
    component: str = ""
    sort: PositiveSmallInt | None = Field(None, description="排序；不填排在该类别最后")
    active: bool = True


class PhenomenonPatch(Schema):
    category: str | None = None
    name: str | None = None
    component: str | None = None
    sort: PositiveSmallInt | None = None
    active: bool | None = Field(None, description="false：停用（不再供受理选择）")


# ``GET /phenomena`` belongs to the tickets router; Django dispatches a path to the first router
# that has it, so the POST on the same path is attached to that router (defined here).
@tickets_router.post(
    "/phenomena", response={201: PhenomenonOut}, summary="新增报事现象", tags=["报事现象"]
)
def create_phenomenon(request, payload: PhenomenonIn):
    return Status(201, phenomena.create_phenomenon(request.auth, **payload.dict()))


@router.patch(
    "/phenomena/{phenomenon_id}",
    response=PhenomenonOut,
    summary="修改或停用报事现象",
    tags=["报事现象"],
)
def patch_phenomenon(request, phenomenon_id: Id, payload: PhenomenonPatch):
    changes = payload.dict(exclude_unset=True)
    return phenomena.update_phenomenon(request.auth, phenomenon_id, **changes)
