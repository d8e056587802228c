"""Deadline policies (R-CAL-2): read by staff, changed by administrators."""

from decimal import Decimal

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from aftersales.accounts.permissions import require
from aftersales.api.pagination import PageNumber
from aftersales.api.types import Id, Money
from aftersales.core.errors import NotFound
from aftersales.tickets import policies
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
