"""Keeps the reference data present: roles, departments, warranty catalogue, calendar.

Data migrations fill a new database; this ``post_migrate`` handler fills whatever is missing
afterwards too (a database flushed by ``flush`` or by transactional tests), so that a fresh
database always "already holds the default ... the calendar and the role and department lists"
(api.md, Running).
"""

from django.conf import settings


def ensure_reference_data(sender=None, using="default", **kwargs) -> None:
    from aftersales.accounts.models import Department, Role
    from aftersales.accounts.reference import ensure_roles_and_departments
    from aftersales.core.models import WorkCalendarDay
    from aftersales.core.services import seed_official_calendar
    from aftersales.estates.models import WarrantyComponent
    from aftersales.estates.reference import ensure_warranty_catalogue
    from aftersales.tickets.models import DeadlinePolicy, Phenomenon
    from aftersales.tickets.reference import ensure_ticket_reference

    ensure_roles_and_departments(Role, Department)
    ensure_ticket_reference(DeadlinePolicy, Phenomenon)
    from aftersales.notify.models import NotificationTemplate
    from aftersales.notify.reference import ensure_templates

    ensure_templates(NotificationTemplate)
    ensure_warranty_catalogue(WarrantyComponent)
    from aftersales.costs.services.ledgers import ensure_funds

    ensure_funds()
    first, last = settings.CALENDAR_SEED_YEARS
    if not WorkCalendarDay.objects.filter(date__year=last).exists():
        seed_official_calendar(first, last)
