"""A multi-trade repair records materials per work order as exact decimals (R-DSP-4, R-DSP-6)."""

import pytest

from aftersales.tickets import services
from aftersales.tickets.models import WorkOrder
from tests.conftest import make_user


@pytest.mark.django_db
def test_materials_on_each_work_order(admin, house_a):
    tech = make_user("mt-tech", ["technician"])
    ticket = services.register_ticket(
        admin,
        kind="repair",
        channel="hotline",
        phone="13900003333",
        house=house_a.pk,
        category="civil",
        description="墙面开裂并渗水",
    )
    services.perform(admin, ticket.pk, "dispatch", assignee=tech.pk)
    services.perform(
        admin,
        ticket.pk,
        "survey",
        responsible_party="contractor",
        trades=2,
        estimate="300",
        work_class="B",
        trade_names=["泥工", "水电"],
    )
    services.perform(admin, ticket.pk, "start")
    first, second = WorkOrder.objects.filter(ticket=ticket).order_by("id")
    services.perform(
        admin,
        ticket.pk,
        "complete",
        work_order=first.pk,
        materials=[{"item": "水泥", "quantity": "2", "unit_cost": "35.50"}],
    )
    first.refresh_from_db()
    assert first.materials == [{"item": "水泥", "quantity": "2.00", "unit_cost": "35.50"}]
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    services.perform(admin, ticket.pk, "complete", work_order=second.pk)
    ticket.refresh_from_db()
    assert ticket.status == "awaiting_signoff"
