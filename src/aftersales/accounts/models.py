"""Users, roles, departments and API tokens (R-ORG-1..3)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from aftersales.accounts.choices import DepartmentCode, RoleCode


class Department(models.Model):
    SCOPE_GLOBAL = True

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    SCOPE_GLOBAL = True

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in: staff, a contractor's contact or an owner.

    ``projects`` is the data scope (R-ORG-3): empty means every project (central
    departments); otherwise only those projects. A superuser holds every role and scope.
    """

    # Staff see the users sharing one of their projects (central staff: everyone); an owner
    # his own account; a contractor the accounts of his company.
    SCOPE_PROJECT = "projects__id"
    SCOPE_CUSTOMER = "customer_id"
    SCOPE_CONTRACTOR = "contractor_id"

    name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.SET_NULL
    )
    roles = models.ManyToManyField(Role, verbose_name="角色", blank=True, related_name="users")
    projects = models.ManyToManyField(
        "estates.Project", verbose_name="数据范围（项目）", blank=True, related_name="staff"
    )
    customer = models.ForeignKey(
        "estates.Customer",
        verbose_name="对应客户（业主账号）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    contractor = models.ForeignKey(
        "costs.Contractor",
        verbose_name="所属施工单位（施工单位账号）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    trades = models.JSONField("工种", default=list, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def save(self, **kwargs) -> None:
        """Save; a new password or a deactivation ends every API token of the user.

        Done here rather than in one service so that every path that changes a password is
        covered: the user administration (web and API), Django's ``changepassword`` command and
        admin site. A password hash upgraded at login is not a change (Django clears
        ``_password`` for it), and a plain save (``last_login``) keeps the tokens.
        """
        ends_tokens = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(**kwargs)
        if ends_tokens:
            revoke_tokens(self)

    def role_codes(self) -> set[str]:
        """Role codes held (cached per instance); a superuser holds them all."""
        if self.is_superuser:
            return set(RoleCode.values)
        cache = getattr(self, "_role_codes", None)
        if cache is None:
            cache = set(self.roles.values_list("code", flat=True)) if self.pk else set()
            self._role_codes = cache
        return cache

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes() & set(codes))


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored."""

    SCOPE_USER = "user_id"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @staticmethod
    def new_raw() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


def revoke_tokens(user: User) -> int:
    """Delete every API token of ``user``; the cached copies go with them (api/auth.py)."""
    return ApiToken.objects.filter(user_id=user.pk).delete()[1].get(ApiToken._meta.label, 0)


class LoginFailure(models.Model):
    """Failed logins, counted per username and per address to slow guessing."""

    SCOPE_SYSTEM = True

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


__all__ = ["ApiToken", "Department", "DepartmentCode", "LoginFailure", "Role", "RoleCode", "User"]


def contractor_model():
    """The contractor company model that ``User.contractor`` points to (it lives in ``costs``,
    above accounts, so it is reached through the field rather than imported)."""
    return User._meta.get_field("contractor").related_model


def customer_model():
    """The customer model of ``User.customer`` (estates, above accounts: reached through the field)."""
    return User._meta.get_field("customer").related_model


def project_model():
    """The project model of ``User.projects`` (estates, above accounts: reached through the field)."""
    return User._meta.get_field("projects").related_model
