"""``POST /auth/token`` — exchange a username and password for a bearer token."""

from django.http import HttpResponse
from ninja import Router, Schema

from aftersales.accounts import services
from aftersales.core.errors import DomainError

router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class BadCredentials(DomainError):
    status = 401
    code = "bad_credentials"


@router.post("/token", auth=None, response=TokenOut, summary="获取访问令牌")
def obtain_token(request, response: HttpResponse, payload: TokenIn):
    """Same throttling as the login page: repeated failures lock the username for a while.

    The token is a secret: ``no-store`` keeps it out of caches and out of the idempotency store.
    """
    user = services.login_attempt(request, payload.username, payload.password)
    if user is None or not user.is_active:
        raise BadCredentials("用户名或密码错误")
    response["Cache-Control"] = "no-store"
    return {"token": services.issue_token(user)}
