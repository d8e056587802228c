"""The one data-scope function (R-ORG-3).

Every list, detail, export, report and API call that returns business records passes its
queryset through :func:`visible_to`. The scope of a user:

* superuser, or staff with no project assigned: every project (central departments);
* staff with projects: records of those projects only;
* owner: his own houses, his own customer record, and nothing else;
* contractor: the work given to its company (no estate records of their own);
* anyone else (inactive, anonymous, no role): nothing.

Each scoped model names where its project is (``SCOPE_PROJECT``) and, for owners, where the
customer is (``SCOPE_CUSTOMER``) and, for contractor users, where the contractor company is
(``SCOPE_CONTRACTOR``). A record out of scope is answered as "not found" (404),
never as "forbidden", so that its existence is not revealed.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from aftersales.accounts.choices import STAFF_ROLES, RoleCode


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


def is_staff_user(user) -> bool:
    return user.is_superuser or bool(user.role_codes() & set(STAFF_ROLES))


def visible_to(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` restricted to what ``user`` may see."""
    model: type[Model] = queryset.model
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if is_staff_user(user):
        ids = project_ids(user)
        if ids is None:
            return queryset
        path = getattr(model, "SCOPE_PROJECT", None)
        if path is None:
            # A record with no project (e.g. the warranty catalogue) is shared reference data.
            return queryset
        condition = Q(**{f"{path}__in": ids})
        extra = getattr(model, "SCOPE_UNASSIGNED", None)
        if extra:
            # Records not yet tied to any project (a customer registered before his house)
            # stay visible to the scoped offices so that they can be linked.
            condition |= Q(**{f"{extra}__isnull": True})
        qs = queryset.filter(condition)
        return qs.distinct() if "__" in path else qs
    if user.has_role(RoleCode.OWNER) and user.customer_id:
        path = getattr(model, "SCOPE_CUSTOMER", None)
        if path is None:
            return queryset.none()
        return queryset.filter(**{path: user.customer_id}).distinct()
    if user.has_role(RoleCode.CONTRACTOR) and user.contractor_id:
        path = getattr(model, "SCOPE_CONTRACTOR", None)
        if path is None:
            return queryset.none()
        # Optional conditions on the same related row (e.g. only live transfers), given in
        # one filter() call so that they hold for the row that names the company.
        extra = getattr(model, "SCOPE_CONTRACTOR_WHERE", {})
        qs = queryset.filter(**{path: user.contractor_id, **extra})
        return qs.distinct() if "__" in path else qs
    return queryset.none()


def get_visible_or_404(
    queryset: QuerySet, user, message: str = "记录不存在或不在您的数据范围内", **lookup
):
    """One record within the user's scope, or NotFound (with ``message``)."""
    from aftersales.core.errors import NotFound

    obj = visible_to(queryset, user).filter(**lookup).first()
    if obj is None:
        raise NotFound(message, code="not_found")
    return obj
