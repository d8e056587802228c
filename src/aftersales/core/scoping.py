"""The one data-scope function (R-ORG-3); it fails closed.

Every list, detail, export, report and API call that returns business records passes its
queryset through :func:`visible_to`. A record out of scope is answered as "not found" (404),
never as "forbidden", so that its existence is not revealed.

Who is who. The core knows no role names: the accounts app registers them at start-up
(:func:`register_roles`: the staff roles, the owner role, the contractor role, the
administrator role). A user is read by duck typing: ``is_authenticated``, ``is_active``,
``is_superuser``, ``pk``, ``role_codes()``, ``projects`` (the projects of his data scope),
``customer_id`` and ``contractor_id``. The audiences:

* superuser, or staff with no project assigned: every project (central departments);
* staff with projects: records of those projects only;
* owner: his own houses, his own customer record, and nothing else;
* contractor: the work given to its company (no estate records of their own);
* anyone else (inactive, anonymous, no role): nothing.

What each model declares. Every model of the project's apps names its scope, as class
attributes; a model that declares none is refused at start-up by the system check
``aftersales.S001`` (:func:`check_scopes`) and by :func:`visible_to` (ImproperlyConfigured):

* ``SCOPE_PROJECT``: where its project is (a field path), for staff. ``SCOPE_UNASSIGNED``
  optionally names a relation whose absence keeps the record visible to scoped staff;
  ``SCOPE_UNASSIGNED_WHERE`` does the same with lookups on a kept marker (a customer not yet
  linked to any house: ``{"has_house": False}``), which an index answers.
* ``SCOPE_CUSTOMER``: where its customer is, for owners.
* ``SCOPE_CONTRACTOR``: where its contractor company is, for contractor users;
  ``SCOPE_CONTRACTOR_WHERE`` adds conditions on the same related row (only live transfers).
* ``SCOPE_USER``: the record belongs to one user (the path names him): he alone sees it,
  whatever his audience; with ``SCOPE_USER_ADMIN = True`` administrators (superusers and the
  administrator role) see every row too. Notifications: their recipient only. Export jobs:
  their requester only (a workbook holds what his own scope showed him). Import jobs: their
  uploader and the administrators. API tokens: their holder.
* ``SCOPE_GLOBAL = True``: reference data shared by every staff user (warranty catalogue,
  phenomena, deadline policies, the calendar, roles, departments, contractor companies,
  revolving funds). Owners and contractors see it only through their own path, if declared.
* ``SCOPE_SYSTEM = True``: bookkeeping rows no screen lists (counters, idempotency records,
  login failures): superusers only.

A model with no path for an audience shows that audience nothing. The users of the system are
scoped like business records: staff see the users who share one of their projects (central
staff see everyone), an owner his own account, a contractor the accounts of his company. Audit
entries carry the project of the record they describe: staff of that project see them;
entries of no project (calendar, users, templates) are for central staff only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from aftersales.core.errors import NotFound

PATHS = ("SCOPE_PROJECT", "SCOPE_CUSTOMER", "SCOPE_CONTRACTOR", "SCOPE_USER")
FLAGS = ("SCOPE_GLOBAL", "SCOPE_SYSTEM")
# The package whose apps must declare a scope (Django's own and third-party apps are exempt).
PROJECT_PACKAGE = __name__.split(".")[0]


@dataclass(frozen=True)
class Roles:
    """The role codes the scope rule needs, registered by the app that defines roles."""

    staff: frozenset[str] = frozenset()
    owner: str = ""
    contractor: str = ""
    admin: str = ""


_roles = Roles()


def register_roles(*, staff, owner: str, contractor: str, admin: str) -> None:
    global _roles
    _roles = Roles(frozenset(str(r) for r in staff), str(owner), str(contractor), str(admin))


def declares_scope(model: type[Model]) -> bool:
    return any(getattr(model, name, None) for name in PATHS + FLAGS)


def check_scopes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: every model of the project's apps declares its data scope."""
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    errors = []
    for config in configs:
        if not config.name.startswith(PROJECT_PACKAGE + "."):
            continue
        for model in config.get_models():
            if not declares_scope(model):
                errors.append(
                    checks.Error(
                        f"{model._meta.label} declares no data scope",
                        hint="Set SCOPE_PROJECT / SCOPE_CUSTOMER / SCOPE_CONTRACTOR / "
                        "SCOPE_USER (field paths) or SCOPE_GLOBAL / SCOPE_SYSTEM = True "
                        "(see aftersales.core.scoping).",
                        obj=model,
                        id="aftersales.S001",
                    )
                )
    return errors


def project_ids(user) -> set[int] | None:
    """The projects a staff user sees; None means all of them."""
    if user.is_superuser:
        return None
    cached = getattr(user, "_scope_projects", "unset")
    if cached == "unset":
        ids = set(user.projects.values_list("id", flat=True))
        cached = ids or None
        user._scope_projects = cached
    return cached


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_staff_user(user) -> bool:
    return user.is_superuser or bool(user.role_codes() & _roles.staff)


def is_admin(user) -> bool:
    """Superuser or holder of the administrator role."""
    if not _signed_in(user):
        return False
    return user.is_superuser or bool(_roles.admin and _roles.admin in user.role_codes())


def _require_declared(model: type[Model]) -> None:
    if not declares_scope(model):
        raise ImproperlyConfigured(
            f"{model._meta.label} declares no data scope; see aftersales.core.scoping"
        )


def visible_to(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` restricted to what ``user`` may see."""
    model: type[Model] = queryset.model
    _require_declared(model)
    if not _signed_in(user):
        return queryset.none()
    owner_path = getattr(model, "SCOPE_USER", None)
    if owner_path:
        if getattr(model, "SCOPE_USER_ADMIN", False) and is_admin(user):
            return queryset
        return queryset.filter(**{owner_path: user.pk})
    if getattr(model, "SCOPE_SYSTEM", False):
        return queryset if user.is_superuser else queryset.none()
    if is_staff_user(user):
        return _for_staff(queryset, model, user)
    roles = user.role_codes()
    if _roles.owner in roles and user.customer_id:
        path = getattr(model, "SCOPE_CUSTOMER", None)
        if path is None:
            return queryset.none()
        return _where(queryset, model, path, {path: user.customer_id})
    if _roles.contractor in roles and user.contractor_id:
        path = getattr(model, "SCOPE_CONTRACTOR", None)
        if path is None:
            return queryset.none()
        # Optional conditions on the same related row (e.g. only live transfers), given in
        # one filter() call so that they hold for the row that names the company.
        extra = getattr(model, "SCOPE_CONTRACTOR_WHERE", {})
        return _where(queryset, model, path, {path: user.contractor_id, **extra})
    return queryset.none()


def _for_staff(queryset: QuerySet, model: type[Model], user) -> QuerySet:
    path = getattr(model, "SCOPE_PROJECT", None)
    if path is None:
        # Reference data is shared; anything else without a project path stays hidden.
        return queryset if getattr(model, "SCOPE_GLOBAL", False) else queryset.none()
    ids = project_ids(user)
    if ids is None:
        return queryset
    lookups = {f"{path}__in": ids}
    where = getattr(model, "SCOPE_UNASSIGNED_WHERE", None)
    if where:
        # Records marked as not yet tied to any project (a customer with no house yet) stay
        # visible to scoped offices so that they can be linked. Across a relation with many
        # rows both sets of ids come from one subquery (UNION ALL): each side uses its own
        # index, and no record is repeated.
        if not _multi_valued(model, path):
            return queryset.filter(Q(**lookups) | Q(**where))
        scoped = model._base_manager.filter(**lookups).values("pk")
        unassigned = model._base_manager.filter(**where).values("pk")
        return queryset.filter(pk__in=scoped.union(unassigned, all=True))
    extra = getattr(model, "SCOPE_UNASSIGNED", None)
    if not extra:
        return _where(queryset, model, path, lookups)
    # Records not yet tied to any project (a customer registered before his house) stay
    # visible to scoped offices so that they can be linked.
    if not _multi_valued(model, extra):
        return queryset.filter(_condition(model, path, lookups) | Q(**{f"{extra}__isnull": True}))
    # Across a relation with many rows "has no row at all" can only be answered by reading
    # every record: declare a kept marker with SCOPE_UNASSIGNED_WHERE instead (as customers do).
    return queryset.filter(Q(**lookups) | Q(**{f"{extra}__isnull": True})).distinct()


def _multi_valued(model: type[Model], path: str) -> bool:
    """Whether ``path`` crosses a relation with many rows per record (reverse foreign key or
    many-to-many), where a join would repeat the record."""
    opts = model._meta
    for name in path.split("__"):
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup (``__in``) or an attribute name: nothing more to cross
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        opts = field.related_model._meta
    return False


def _condition(model: type[Model], path: str, lookups: dict) -> Q:
    """``lookups`` on ``path`` as a condition that never repeats a record.

    Along foreign keys (``ticket__project_id``) the join yields one row per record: a plain
    filter. Across a relation with many rows (a customer's houses, a user's projects) the
    records are taken by id from a subquery (a semi-join) rather than joined and made
    DISTINCT, which would sort every wide row and repeat the record once per match.
    """
    if not _multi_valued(model, path):
        return Q(**lookups)
    return Q(pk__in=model._base_manager.filter(**lookups).values("pk"))


def _where(queryset: QuerySet, model: type[Model], path: str, lookups: dict) -> QuerySet:
    return queryset.filter(_condition(model, path, lookups))


def scope_key(user) -> str | None:
    """A short text naming the data a staff user sees ("all", or his project ids), for caches
    of results shared by everyone of the same scope; None for anyone else (not shared)."""
    if not _signed_in(user) or not is_staff_user(user):
        return None
    ids = project_ids(user)
    return "all" if ids is None else ",".join(map(str, sorted(ids)))


def in_scope(obj: Model, user) -> bool:
    """Whether ``user`` may see ``obj``, read from the row in hand where the rule allows.

    A staff user and a model whose project is a field of its own (``SCOPE_PROJECT =
    "project_id"``) need no query; every other case asks :func:`visible_to`.
    """
    model = type(obj)
    _require_declared(model)
    if not _signed_in(user):
        return False
    path = getattr(model, "SCOPE_PROJECT", None)
    simple = (
        path
        and "__" not in path
        and not getattr(model, "SCOPE_USER", None)
        and not getattr(model, "SCOPE_UNASSIGNED", None)
        and not getattr(model, "SCOPE_UNASSIGNED_WHERE", None)
    )
    if simple and is_staff_user(user):
        ids = project_ids(user)
        return ids is None or getattr(obj, path) in ids
    return visible_to(model._default_manager.filter(pk=obj.pk), user).exists()


def project_of(obj: Model) -> int | None:
    """The project id of ``obj`` by its ``SCOPE_PROJECT`` path, following forward relations
    only (a path through a list, e.g. a customer's houses, names no single project)."""
    path = getattr(type(obj), "SCOPE_PROJECT", None)
    if not path:
        return None
    value = obj
    try:
        parts = path.split("__")
        for part in parts[:-1]:
            value = getattr(value, part)
            if value is None:
                return None
        last = parts[-1]
        if last == "id" and len(parts) == 1:
            return obj.pk
        result = getattr(value, last)
    except AttributeError:
        return None
    return result if isinstance(result, int) else None


def get_visible_or_404(
    queryset: QuerySet, user, message: str = "记录不存在或不在您的数据范围内", **lookup
):
    """One record within the user's scope, or NotFound (with ``message``)."""
    obj = visible_to(queryset, user).filter(**lookup).first()
    if obj is None:
        raise NotFound(message, code="not_found")
    return obj
