"""Owner self-service (api.md "Owner self-service", R-SS-1): who am I, my warranty, and the
sign-in by text code for a WeChat mini-program or an app (the same provider as the web page).

The owner's tickets, reports, sign-off and rating are the ticket routes (``/tickets``…),
which limit an owner to his own; see ``api/routers/tickets.py``.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Router, Schema, Status

from aftersales.accounts import services as accounts
from aftersales.api.types import Id
from aftersales.core.errors import Forbidden
from aftersales.core.permissions import require
from aftersales.portal import auth, selectors

router = Router(tags=["业主服务"])


class HouseRef(Schema):
    id: int
    label: str
    project: int

    @staticmethod
    def resolve_project(obj) -> int:
        return obj.project_id


class CustomerRef(Schema):
    id: int
    name: str
    phone: str


class UserRef(Schema):
    id: int
    username: str
    name: str


class MeOut(Schema):
    user: UserRef
    customer: CustomerRef
    houses: list[HouseRef]


class WarrantyRow(Schema):
    component: str
    months: int | None
    expires_on: dt.date | None
    in_warranty: bool


@router.get("/me", response=MeOut, summary="当前业主：账号、客户与房屋")
def me(request):
    user = request.auth
    require(user, "portal.use")
    if not user.customer_id:
        raise Forbidden("该账号没有关联客户档案")
    return {"user": user, "customer": user.customer, "houses": selectors.my_houses(user)}


@router.get(
    "/me/houses/{house_id}/warranty", response=list[WarrantyRow], summary="我的房屋各部位保修状态"
)
def my_warranty(request, house_id: Id):
    house = selectors.my_house(request.auth, house_id)
    return selectors.warranty(request.auth, house)


class CodeIn(Schema):
    phone: str


class CodeSent(Schema):
    sent: bool
    expires_in: int


class CodeTokenIn(Schema):
    phone: str
    code: str


class TokenOut(Schema):
    token: str


@router.post("/auth/code", auth=None, response={202: CodeSent}, summary="业主登录：发送短信验证码")
def send_code(request, payload: CodeIn):
    """A number not in the customer archive is answered the same (no code is sent). Limited
    per number and per address (429 ``too_many_requests``)."""
    return Status(202, auth.provider("sms").start(request, phone=payload.phone))


@router.post(
    "/auth/code/token", auth=None, response=TokenOut, summary="业主登录：验证码换取访问令牌"
)
def code_token(request, response: HttpResponse, payload: CodeTokenIn):
    """422 ``wrong_code`` for a wrong or expired code; 429 ``too_many_tries`` after five wrong
    tries (ask for a new code). The first sign-in creates the owner's account."""
    user = auth.provider("sms").finish(request, phone=payload.phone, code=payload.code)
    response["Cache-Control"] = "no-store"
    return {"token": accounts.issue_token(user)}
