"""API authentication: bearer tokens (``POST /auth/token``) and the web UI's session."""

from __future__ import annotations

from ninja.security import APIKeyCookie, HttpBearer

from aftersales.accounts.services import user_for_token


class BearerToken(HttpBearer):
    openapi_description = "Authorization: Bearer <token>（由 POST /api/v1/auth/token 获取）"

    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    """The browser session of the web UI; unsafe methods need the CSRF token."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [BearerToken(), Session()]
