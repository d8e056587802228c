"""Services of the accounts domain: users, roles, scope, API tokens and login throttling."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.accounts.choices import RoleCode
from aftersales.accounts.models import ApiToken, Department, LoginFailure, Role, User, project_model
from aftersales.core import audit
from aftersales.core.client_address import client_address
from aftersales.core.errors import Conflict, DomainError, Invalid, field_error
from aftersales.core.models import AuditEntry
from aftersales.core.permissions import require
from aftersales.core.phones import normalise_phone

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")


class LoginLocked(DomainError):
    status = 429
    code = "login_locked"


def _user_data(user: User) -> dict:
    data = audit.snapshot(user, ["username", "name", "phone", "department", "is_active", "email"])
    data["roles"] = sorted(user.roles.values_list("code", flat=True))
    data["projects"] = sorted(user.projects.values_list("id", flat=True))
    data["contractor"] = user.contractor_id
    data["trades"] = list(user.trades or [])
    return data


def _trades(codes) -> list[str]:
    """Trade codes of a technician (R-DSP-1), known codes only, each once, in list order."""
    from aftersales.accounts.choices import TradeCode

    if codes is None:
        return []
    if not isinstance(codes, list | tuple):
        raise field_error("trades", "工种应为编码列表")
    unknown = sorted({str(c) for c in codes} - set(TradeCode.values))
    if unknown:
        raise field_error("trades", f"未知的工种：{', '.join(unknown)}", code="unknown_trade")
    return list(dict.fromkeys(str(c) for c in codes))


def _roles(codes: list[str]) -> list[Role]:
    if not isinstance(codes, list | tuple) or not codes:
        raise field_error("roles", "至少选择一个角色", code="required")
    roles = list(Role.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {r.code for r in roles})
    if unknown:
        raise field_error("roles", f"未知的角色：{', '.join(unknown)}", code="unknown_role")
    return roles


def _projects(ids: list[int] | None):
    ids = list(ids or [])
    projects = list(project_model().objects.filter(id__in=ids))
    missing = sorted(set(ids) - {p.id for p in projects})
    if missing:
        raise field_error(
            "projects", f"项目不存在：{', '.join(map(str, missing))}", code="unknown_project"
        )
    return projects


def _department(code: str | None) -> Department | None:
    if not code:
        return None
    dept = Department.objects.filter(code=code).first()
    if dept is None:
        raise field_error("department", f"未知的部门：{code}", code="unknown_department")
    return dept


def _phone(value: str) -> str:
    if not value:
        return ""
    return normalise_phone(value)


@transaction.atomic
def create_user(
    actor,
    *,
    username: str,
    password: str,
    roles: list[str],
    projects: list[int] | None = None,
    name: str = "",
    phone: str = "",
    department: str | None = None,
    email: str = "",
    customer=None,
    contractor: int | None = None,
    trades: list[str] | None = None,
    check_password: bool = True,
) -> User:
    """Create a user with roles and a project scope (R-ORG-2, R-ORG-3)."""
    if actor is not None:
        require(actor, "users.manage")
    username = (username or "").strip()
    if not USERNAME_RE.match(username):
        raise field_error(
            "username", "用户名应为 2–150 位字母、数字或 _.@+-", code="invalid_username"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            f"用户名“{username}”已存在", code="duplicate", fields={"username": ["用户名已存在"]}
        )
    role_objs = _roles(roles)
    project_objs = _projects(projects)
    company = _contractor(contractor, {r.code for r in role_objs})
    customer = _customer(customer, {r.code for r in role_objs})
    user = User(
        username=username,
        name=(name or "").strip()[:60],
        phone=_phone(phone),
        department=_department(department),
        email=email or "",
        customer=customer,
        contractor=company,
        trades=_trades(trades),
    )
    if check_password:
        try:
            validate_password(password or "", user)
        except ValidationError as exc:
            raise Invalid(
                "密码不符合要求：" + "；".join(exc.messages),
                code="weak_password",
                fields={"password": list(exc.messages)},
            ) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise Conflict(
            f"用户名“{username}”已存在", code="duplicate", fields={"username": ["用户名已存在"]}
        ) from exc
    user.roles.set(role_objs)
    user.projects.set(project_objs)
    audit.record(actor, AuditEntry.Action.CREATE, user, after=_user_data(user))
    return user


def _customer(customer, role_codes: set[str]):
    """An owner's account is linked to his customer record (R-SS-1); nobody else's is."""
    from aftersales.accounts.models import customer_model

    if customer in (None, ""):
        if RoleCode.OWNER in role_codes:
            raise field_error("customer", "业主账号须关联客户档案", code="required")
        return None
    if RoleCode.OWNER not in role_codes:
        raise field_error("customer", "只有业主账号（owner 角色）可以关联客户")
    if isinstance(customer, customer_model()):
        return customer
    found = customer_model().objects.filter(pk=customer).first()
    if found is None:
        raise field_error("customer", "客户不存在", code="not_found")
    return found


def _contractor(contractor_id, role_codes: set[str]):
    """A contractor user belongs to one contractor company; nobody else does."""
    from aftersales.accounts.models import contractor_model

    companies = contractor_model()

    if contractor_id in (None, ""):
        if RoleCode.CONTRACTOR in role_codes:
            raise field_error("contractor", "施工单位联系人须指定所属施工单位", code="required")
        return None
    if RoleCode.CONTRACTOR not in role_codes:
        raise field_error("contractor", "只有施工单位联系人（contractor 角色）可以指定施工单位")
    found = companies.objects.filter(pk=contractor_id).first()
    if found is None:
        raise field_error("contractor", "施工单位不存在", code="not_found")
    return found


@transaction.atomic
def update_user(actor, user: User, **changes: Any) -> User:
    require(actor, "users.manage")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _user_data(user)
    if "name" in changes:
        user.name = (changes["name"] or "").strip()[:60]
    if "phone" in changes:
        user.phone = _phone(changes["phone"])
    if "email" in changes:
        user.email = changes["email"] or ""
    if "department" in changes:
        user.department = _department(changes["department"])
    if "trades" in changes:
        user.trades = _trades(changes["trades"])
    if "is_active" in changes:
        if user.pk == getattr(actor, "pk", None) and not changes["is_active"]:
            raise field_error("is_active", "不能停用自己的账号")
        user.is_active = bool(changes["is_active"])
    if changes.get("password"):
        try:
            validate_password(changes["password"], user)
        except ValidationError as exc:
            raise Invalid(
                "密码不符合要求：" + "；".join(exc.messages),
                code="weak_password",
                fields={"password": list(exc.messages)},
            ) from exc
        user.set_password(changes["password"])
    # A new password or a deactivation ends the user's API tokens (User.save); say so in the audit.
    ending = changes.get("password") or not user.is_active
    revoked = ApiToken.objects.filter(user=user).count() if ending else 0
    user.save()
    if "roles" in changes or "contractor" in changes:
        codes = (
            {r.code for r in _roles(changes["roles"])}
            if "roles" in changes
            else set(user.roles.values_list("code", flat=True))
        )
        user.contractor = _contractor(changes.get("contractor", user.contractor_id), codes)
        user.save(update_fields=["contractor"])
    if "roles" in changes:
        user.roles.set(_roles(changes["roles"]))
    if "projects" in changes:
        user.projects.set(_projects(changes["projects"]))
    user._role_codes = None
    unlocked = False
    if changes.get("password") or changes.get("unlock"):
        # A reset password (or an explicit unlock) lifts a login lock-out.
        unlocked = LoginFailure.objects.filter(username__iexact=user.username).delete()[0] > 0
    b, a = audit.diff(before, _user_data(user))
    notes = [
        n
        for n, on in (
            ("重置密码", changes.get("password")),
            ("解除登录锁定", unlocked),
            (f"吊销 {revoked} 个 API 令牌", revoked),
        )
        if on
    ]
    if a or notes:
        audit.record(
            actor, AuditEntry.Action.UPDATE, user, before=b, after=a, note="；".join(notes)
        )
    return user


def change_own_password(user: User, *, current_password: str, new_password: str) -> User:
    """A signed-in user changes his own password: the current one is required and the new one
    passes Django's password validators. Saving ends every API token of the user (User.save);
    the web view keeps its own session alive with ``update_session_auth_hash``."""
    if not user.check_password(current_password or ""):
        raise field_error("current_password", "当前密码不正确", code="bad_password")
    if not new_password:
        raise field_error("new_password", "请填写新密码", code="required")
    if new_password == current_password:
        raise field_error("new_password", "新密码不能与当前密码相同")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise Invalid(
            "密码不符合要求：" + "；".join(exc.messages),
            code="weak_password",
            fields={"new_password": list(exc.messages)},
        ) from exc
    revoked = ApiToken.objects.filter(user=user).count()
    user.set_password(new_password)
    user.save()
    note = "本人修改密码" + (f"；吊销 {revoked} 个 API 令牌" if revoked else "")
    audit.record(user, AuditEntry.Action.UPDATE, user, before={}, after={}, note=note)
    return user


# --- login throttling and tokens -------------------------------------------------------------


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def check_not_locked(username: str, ip: str | None) -> None:
    """Refuse a login attempt after too many recent failures (R-ORG-4).

    * Per username, from anywhere: ``LOGIN_MAX_FAILURES`` failures lock that username.
    * Per address: ``LOGIN_MAX_FAILURES_PER_ADDRESS`` failures lock the address, but only for
      usernames that do not exist or have failed themselves in the window. A user who has not
      failed is never locked out by other people's failures from the same address (an office
      behind one NAT address), while a guesser there gets at most one try per real username.
    """
    since = _window_start()
    by_user = LoginFailure.objects.filter(username__iexact=username, at__gte=since).count()
    locked = by_user >= settings.LOGIN_MAX_FAILURES
    if not locked and ip:
        by_ip = LoginFailure.objects.filter(ip=ip, at__gte=since).count()
        if by_ip >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
            locked = by_user > 0 or not User.objects.filter(username__iexact=username).exists()
    if locked:
        raise LoginLocked(
            f"登录失败次数过多，账号已被临时锁定，请 {settings.LOGIN_LOCK_MINUTES} 分钟后再试或联系管理员",
            code="login_locked",
        )


@transaction.atomic
def _claim_attempt(username: str, ip: str | None) -> LoginFailure:
    """Count an attempt as a failure *before* the password is checked, or refuse it.

    The user's row is locked while the failures are counted and the new one written, so that
    attempts made at the same moment are counted one after another: exactly
    ``LOGIN_MAX_FAILURES`` tries get through, however many arrive at once. A successful login
    removes the row again (with the user's other failures). An unknown username has no row to
    lock; it has no account to protect either (SQLite runs one writer at a time anyway).
    """
    User.objects.select_for_update().filter(username__iexact=username).first()
    check_not_locked(username, ip)
    return LoginFailure.objects.create(username=username, ip=ip)


def login_attempt(request, username: str, password: str) -> User | None:
    """Authenticate with throttling; failures are counted and audited. Raises LoginLocked."""
    ip = client_ip(request)
    username = (username or "").strip()[:150]
    _claim_attempt(username, ip)
    user = authenticate(request, username=username, password=password)
    if user is None:
        audit.record(
            None,
            AuditEntry.Action.LOGIN_FAILED,
            model="accounts.User",
            object_id="",
            note=f"用户名 {username[:100]} 登录失败",
        )
        return None
    LoginFailure.objects.filter(username__iexact=username).delete()
    audit.record(user, AuditEntry.Action.LOGIN, user, note="登录")
    return user


def issue_token(user: User) -> str:
    raw = ApiToken.new_raw()
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
    )
    return raw


def user_for_token(raw: str) -> User | None:
    if not raw:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(raw)).first()
    if token is None or token.expired or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def client_ip(request) -> str | None:
    """The client's address (one rule for the whole product: core.client_address)."""
    return client_address(request)
