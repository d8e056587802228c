"""Reference data every database holds: the role and department lists (R-ORG-1, R-ORG-2)."""

from aftersales.accounts.choices import DepartmentCode, RoleCode


def ensure_roles_and_departments(role_model, department_model) -> None:
    """Create missing roles and departments (idempotent; used by migrations and post_migrate)."""
    existing = set(role_model.objects.values_list("code", flat=True))
    role_model.objects.bulk_create(
        [
            role_model(code=code, name=name, sort=i)
            for i, (code, name) in enumerate(RoleCode.choices)
            if code not in existing
        ]
    )
    existing = set(department_model.objects.values_list("code", flat=True))
    department_model.objects.bulk_create(
        [
            department_model(code=code, name=name, sort=i)
            for i, (code, name) in enumerate(DepartmentCode.choices)
            if code not in existing
        ]
    )


def ensure() -> None:
    """The registered reference-data step (see aftersales.core.reference)."""
    from aftersales.accounts.models import Department, Role

    ensure_roles_and_departments(Role, Department)
