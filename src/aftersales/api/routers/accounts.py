"""Users, roles and departments (R-ORG-1..3)."""

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aftersales.accounts import services
from aftersales.accounts.models import Department, Role, User
from aftersales.api.pagination import PageNumber
from aftersales.api.types import Id, LocalDateTime
from aftersales.core import scoping
from aftersales.core.errors import NotFound
from aftersales.core.permissions import require

router = Router(tags=["人员与权限"])


class UserIn(Schema):
    username: str
    password: str
    roles: list[str]
    projects: list[Id] = Field(default_factory=list, description="数据范围；空表示全部项目")
    name: str = ""
    phone: str = ""
    department: str | None = Field(None, description="部门编码")
    email: str = ""
    contractor: Id | None = Field(None, description="施工单位联系人所属的施工单位编号")
    customer: Id | None = Field(None, description="业主账号对应的客户编号（owner 角色必填）")
    trades: list[str] = Field(default_factory=list, description="工种编码（派工推荐用）")


class UserPatch(Schema):
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    department: str | None = None
    roles: list[str] | None = None
    projects: list[Id] | None = None
    is_active: bool | None = None
    password: str | None = None
    unlock: bool | None = Field(None, description="true：解除登录失败锁定")
    contractor: Id | None = Field(None, description="所属施工单位（仅施工单位联系人）")
    trades: list[str] | None = Field(None, description="工种编码列表，整体替换")


class UserOut(Schema):
    id: int
    username: str
    name: str
    phone: str
    email: str
    department: str | None
    roles: list[str]
    projects: list[int]
    is_active: bool
    contractor: int | None = Field(None, alias="contractor_id")
    customer: int | None = Field(None, alias="customer_id")
    trades: list[str]
    date_joined: LocalDateTime
    last_login: LocalDateTime | None

    @staticmethod
    def resolve_department(obj: User) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return (
            sorted(obj.role_codes())
            if obj.is_superuser
            else sorted(r.code for r in obj.roles.all())
        )

    @staticmethod
    def resolve_projects(obj: User) -> list[int]:
        return sorted(p.id for p in obj.projects.all())


class CodeName(Schema):
    code: str
    name: str


class UserFilter(Schema):
    q: str = ""
    role: str = ""
    active: bool | None = None


def _answer():
    return User.objects.select_related("department").prefetch_related("roles", "projects")


def _users(user):
    """The users ``user`` may see (his scope: the users of his projects)."""
    return scoping.visible_to(_answer(), user)


def _get_user(request, user_id: Id) -> User:
    require(request.auth, "users.view")
    user = _users(request.auth).filter(pk=user_id).first()
    if user is None:
        raise NotFound("用户不存在")
    return user


@router.post("/users", response={201: UserOut}, summary="新建用户")
def create_user(request, payload: UserIn):
    user = services.create_user(request.auth, **payload.dict())
    return Status(201, _answer().get(pk=user.pk))


@router.get("/users", response=list[UserOut], summary="用户列表")
@paginate(PageNumber)
def list_users(request, filters: Query[UserFilter]):
    require(request.auth, "users.view")
    qs = _users(request.auth).order_by("id")
    if filters.q:
        qs = qs.filter(
            Q(username__icontains=filters.q)
            | Q(name__icontains=filters.q)
            | Q(phone__contains=filters.q)
        )
    if filters.role:
        qs = qs.filter(roles__code=filters.role).distinct()
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs


@router.get("/users/{user_id}", response=UserOut, summary="用户详情")
def get_user(request, user_id: Id):
    return _get_user(request, user_id)


@router.patch("/users/{user_id}", response=UserOut, summary="修改用户")
def patch_user(request, user_id: Id, payload: UserPatch):
    user = _get_user(request, user_id)
    services.update_user(request.auth, user, **payload.dict(exclude_unset=True))
    return _answer().get(pk=user.pk)  # as written, even if moved out of the caller's scope


@router.get("/roles", response=list[CodeName], summary="角色编码")
def list_roles(request):
    return list(Role.objects.all())


@router.get("/departments", response=list[CodeName], summary="部门编码")
def list_departments(request):
    return list(Department.objects.all())


class PasswordChangeIn(Schema):
    current_password: str
    new_password: str


@router.post("/me/password", response={204: None}, summary="修改本人密码")
def change_own_password(request, payload: PasswordChangeIn):
    """The caller's own password; the current one is required. Every API token of the user,
    including the one of this request, ends with the change: sign in again for a new one."""
    services.change_own_password(
        request.auth,
        current_password=payload.current_password,
        new_password=payload.new_password,
    )
    return Status(204, None)
