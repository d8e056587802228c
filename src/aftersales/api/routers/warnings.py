"""Early warning (预警, R-CMP-5): likely major complaints within the caller's data scope."""

from ninja import Router, Schema
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.tickets import warnings
from aftersales.tickets.warnings import Warning

router = Router(tags=["预警"])


class WarningOut(Schema):
    rule: str
    label: str
    count: int
    detail: str
    project: int | None
    ticket: int | None
    ticket_number: str | None
    house: int | None
    house_label: str | None
    building: int | None
    building_name: str | None
    tickets: list[int]

    @staticmethod
    def resolve_project(obj: Warning) -> int | None:
        record = obj.ticket or obj.house or obj.building
        return record.project_id if record else None

    @staticmethod
    def resolve_ticket(obj: Warning) -> int | None:
        return obj.ticket.pk if obj.ticket else None

    @staticmethod
    def resolve_ticket_number(obj: Warning) -> str | None:
        return obj.ticket.number if obj.ticket else None

    @staticmethod
    def resolve_house(obj: Warning) -> int | None:
        return obj.house.pk if obj.house else None

    @staticmethod
    def resolve_house_label(obj: Warning) -> str | None:
        return obj.house.label if obj.house else None

    @staticmethod
    def resolve_building(obj: Warning) -> int | None:
        return obj.building.pk if obj.building else None

    @staticmethod
    def resolve_building_name(obj: Warning) -> str | None:
        return str(obj.building) if obj.building else None

    @staticmethod
    def resolve_tickets(obj: Warning) -> list[int]:
        return [t.pk for t in obj.tickets]


@router.get("/warnings", response=list[WarningOut], summary="预警列表")
@paginate(PageNumber)
def list_warnings(request, rule: str = ""):
    """Rules: repeat_reports, reopened, overdue, group_complaint, sensitive_words, and those
    registered by other apps (patrol_overdue: a custodial house whose patrol is overdue)."""
    found = warnings.early_warnings(request.auth)
    return [w for w in found if w.rule == rule] if rule else found
