"""API authentication: bearer tokens (``POST /auth/token``) and the web UI's session.

A bearer token, once found, is kept in the cache together with its user, the user's roles and
data scope (project ids), so that a request costs no query to authenticate. The entry is
dropped:

* at once, in every process sharing the cache, when anything it depends on changes: a user
  saved or deleted (deactivated, password changed), a role or project added or removed
  (``user.roles`` / ``user.projects``), a token created or deleted, a role, department, project
  or customer deleted. Every such change moves a cache-wide *generation*; entries of an older
  generation are not used. The generation moves again when the transaction commits.
* when the token expires (its expiry is checked on every request, as without the cache);
* after :data:`CACHE_SECONDS` in any case (``API_AUTH_CACHE_SECONDS`` in the settings).

With the default per-process cache (no ``REDIS_URL``), a change made in one server process is
seen at once by that process and by the others within ``CACHE_SECONDS`` (10 s by default): a
revoked token, a deactivated user or a removed role stops working there within that time. With
Redis the cache is shared and the change is seen everywhere at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from aftersales.accounts.models import ApiToken, Department, Role, User
from aftersales.accounts.services import user_for_token
from aftersales.core import scoping
from aftersales.core.cached import Cached
from aftersales.estates.models import Customer, Project

CACHE_SECONDS = settings.API_AUTH_CACHE_SECONDS
# No transaction guard: a token is authenticated at the start of a request, before it writes.
TOKENS = Cached("api-auth", CACHE_SECONDS, guard_transaction=False)


def _load(raw: str) -> dict | None:
    user = user_for_token(raw)
    if user is None:
        return None
    expires_at = (
        ApiToken.objects.filter(key_hash=ApiToken.hash(raw))
        .values_list("expires_at", flat=True)
        .first()
    )
    if expires_at is None:
        return None
    user.role_codes()  # kept on the instance, so cached with it
    scoping.project_ids(user)
    return {"user": user, "expires_at": expires_at}


def cached_user_for_token(raw: str) -> User | None:
    """The active user holding the unexpired token ``raw``, from the cache when possible.

    Each call returns its own copy of the user (the cache stores a pickled copy).
    """
    if not raw:
        return None
    entry = TOKENS.get(ApiToken.hash(raw), lambda: _load(raw), keep_none=False)
    if entry is None:
        return None
    if entry["expires_at"] <= timezone.now():
        TOKENS.drop(ApiToken.hash(raw))
        return None
    return entry["user"]


for _model in (User, ApiToken, Role, Department):
    post_save.connect(TOKENS.forget, sender=_model, dispatch_uid=f"api-auth-save-{_model.__name__}")
for _model in (User, ApiToken, Role, Department, Project, Customer):
    post_delete.connect(
        TOKENS.forget, sender=_model, dispatch_uid=f"api-auth-delete-{_model.__name__}"
    )
for _through in (User.roles.through, User.projects.through):
    m2m_changed.connect(
        TOKENS.forget, sender=_through, dispatch_uid=f"api-auth-m2m-{_through.__name__}"
    )


class BearerToken(HttpBearer):
    openapi_description = "Authorization: Bearer <token>（由 POST /api/v1/auth/token 获取）"

    def authenticate(self, request, token: str):
        user = cached_user_for_token(token)
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
