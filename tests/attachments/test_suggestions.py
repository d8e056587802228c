"""Dispatch suggestions (R-DSP-1): by trade, then load, within the ticket's project; the trades
of a technician set on the user form and through the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.accounts.models import User
from aftersales.tickets import dispatching, services
from tests.attachments.conftest import web_client
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(project_a, project_b):
    """Technicians: a plumber (A), a mason with one open job (all projects), a handyman (A),
    a painter (B only), an inactive plumber, and an agent (not field staff)."""
    plumber = make_user(
        "plumber", ["technician"], [project_a], name="水电工", trades=["plumbing", "electrical"]
    )
    mason = make_user("mason", ["technician"], name="泥瓦工", trades=["masonry", "waterproofing"])
    handy = make_user("handy", ["team_lead"], [project_a], name="综合工", trades=["general"])
    painter = make_user("painter", ["technician"], [project_b], name="油漆工", trades=["painting"])
    gone = make_user("gone", ["technician"], name="已离职", trades=["plumbing"])
    User.objects.filter(pk=gone.pk).update(is_active=False)
    return {"plumber": plumber, "mason": mason, "handy": handy, "painter": painter}


def register(agent, customer, house, **fields):
    base = {"kind": "repair", "channel": "hotline", "description": "报修"}
    return services.register_ticket(agent, customer=customer.pk, house=house.pk, **(base | fields))


def test_ranking_by_trade_then_load(agent_a, customer_a, house_a, crew, technician):
    water = register(agent_a, customer_a, house_a, category="water_electric")
    names = [u.username for u in dispatching.suggest_technicians(water)]
    # plumber fits, handyman next; the rest by load (technician has no trades at all)
    assert names[:2] == ["plumber", "handy"]
    assert "painter" not in names  # project B only
    assert "gone" not in names and "agent_a" not in names
    assert set(names) == {"plumber", "handy", "mason", "technician"}

    # give the mason some open work: among equals, the less loaded comes first
    civil = register(agent_a, customer_a, house_a, category="civil")
    other = register(agent_a, customer_a, house_a, category="civil", description="又一处")
    services.perform(agent_a, other.pk, "dispatch", assignee=crew["mason"].pk)
    ranked = dispatching.suggest_technicians(civil)
    assert ranked[0].username == "mason" and ranked[0].trade_match == dispatching.MATCH
    assert ranked[0].open_count == 1 and ranked[0].matched_trades == ["masonry", "waterproofing"]
    assert [u.username for u in dispatching.suggest_technicians(civil, limit=2)] == [
        "mason",
        "handy",
    ]


def test_component_is_more_precise_than_category(agent_a, customer_a, house_a, crew):
    leak = register(agent_a, customer_a, house_a, category="civil", component="leakage")
    ranked = dispatching.suggest_technicians(leak)
    assert {u.username for u in ranked if u.trade_match == dispatching.MATCH} == {
        "plumber",
        "mason",
    }


def test_dispatch_form_uses_the_suggestions(agent_a, customer_a, house_a, crew):
    ticket = register(agent_a, customer_a, house_a, category="water_electric")
    html = web_client(agent_a).get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    plumber = html.index(f'value="{crew["plumber"].pk}"')
    mason = html.index(f'value="{crew["mason"].pk}"')
    assert plumber < mason
    assert "★ 水电工（在办 0） · 水暖、电工" in html
    assert "工种对口" in html


def test_api(api, agent_a, agent_b, technician, owner, customer_a, house_a, crew):
    ticket = register(agent_a, customer_a, house_a, category="water_electric")
    response = api(agent_a).get(f"tickets/{ticket.pk}/suggested-technicians", {"limit": 2})
    assert response.status_code == 200, response.content.decode()
    first, second = response.json()
    assert first == {
        "id": crew["plumber"].pk,
        "username": "plumber",
        "name": "水电工",
        "trades": ["plumbing", "electrical"],
        "matched_trades": ["plumbing", "electrical"],
        "trade_match": 2,
        "open_count": 0,
    }
    assert second["username"] == "handy" and second["trade_match"] == 1
    path = f"tickets/{ticket.pk}/suggested-technicians"
    assert api(agent_b).get(path).status_code == 404
    assert api(technician).get(path).status_code == 403  # technicians do not dispatch
    assert api(owner).get(path).status_code == 404
    assert api().get(path).status_code == 401
    assert api(agent_a).get("tickets/999999/suggested-technicians").status_code == 404


def test_trades_through_the_api(api, admin, manager):
    client = api(admin)
    created = client.post(
        "users",
        {
            "username": "wang",
            "password": "Shouhou-Test-2026!",
            "roles": ["technician"],
            "trades": ["plumbing", "plumbing", "hvac"],
        },
    )
    assert created.status_code == 201, created.content.decode()
    assert created.json()["trades"] == ["plumbing", "hvac"]
    uid = created.json()["id"]
    patched = client.patch(f"users/{uid}", {"trades": ["electrical"]})
    assert patched.status_code == 200 and patched.json()["trades"] == ["electrical"]
    assert client.patch(f"users/{uid}", {"name": "王师傅"}).json()["trades"] == ["electrical"]
    bad = client.patch(f"users/{uid}", {"trades": ["welding"]})
    assert bad.status_code == 422 and "trades" in bad.json()["fields"]
    assert api(manager).patch(f"users/{uid}", {"trades": ["hvac"]}).status_code == 403
    assert client.get(f"users/{uid}").json()["trades"] == ["electrical"]


def test_trades_on_the_user_form(admin, technician):
    client = web_client(admin)
    url = reverse("accounts:user_edit", args=[technician.pk])
    html = client.get(url).content.decode()
    assert 'name="trades"' in html and "水暖" in html and "综合维修" in html
    response = client.post(
        url,
        {
            "name": "维修工",
            "roles": ["technician"],
            "trades": ["carpentry", "painting"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    technician.refresh_from_db()
    assert technician.trades == ["carpentry", "painting"]
    html = client.get(url).content.decode()
    assert 'value="carpentry" id="id_trades_3" checked' in html or 'value="carpentry"' in html
