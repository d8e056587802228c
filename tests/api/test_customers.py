"""``/customers`` and ``/customers/lookup`` (api.md set-up resources, R-EST-2, R-EST-5)."""

from __future__ import annotations

import pytest

from aftersales.core.models import AuditEntry
from aftersales.estates.models import Customer
from tests.api.helpers import assert_chinese, assert_error, ids
from tests.estates.test_services import ID_1, ID_2, wrong_check

pytestmark = pytest.mark.django_db


def test_create_with_houses_and_masked_id(api, agent_a, house_a):
    response = api(agent_a).post(
        "customers",
        {
            "name": "赵六",
            "phone": "13812345678",
            "id_number": ID_1,
            "houses": [{"house": house_a.pk, "role": "tenant"}],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert isinstance(data["id"], int)
    assert data["name"] == "赵六"
    assert data["id_number"] == ID_1[:3] + "*" * 11 + ID_1[-4:]
    assert ID_1 not in response.content.decode()
    assert [(h["house"], h["role"], h["label"]) for h in data["houses"]] == [
        (house_a.pk, "tenant", "3-2-1201")
    ]
    customer = Customer.objects.get(pk=data["id"])
    assert customer.id_number_masked == data["id_number"]


def test_id_number_masked_in_list_and_detail(api, admin, manager):
    created = (
        api(admin)
        .post("customers", {"name": "赵六", "phone": "13812345678", "id_number": ID_2})
        .json()
    )
    client = api(manager)
    detail = client.get(f"customers/{created['id']}")
    assert detail.status_code == 200
    assert detail.json()["id_number"] == ID_2[:3] + "*" * 11 + ID_2[-4:]
    assert ID_2 not in detail.content.decode()
    listing = client.get("customers", {"q": "赵六"})
    assert ID_2 not in listing.content.decode()
    assert ids(listing) == [created["id"]]


def test_reveal_audited_and_refused_for_agent(api, admin, manager, agent_a):
    created = (
        api(admin)
        .post("customers", {"name": "赵六", "phone": "13812345678", "id_number": ID_1})
        .json()
    )
    assert_error(api(agent_a).post(f"customers/{created['id']}/reveal-id"), 403)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    response = api(manager).post(f"customers/{created['id']}/reveal-id")
    assert response.status_code == 200
    assert response.json()["id_number"] == ID_1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, actor=manager).count() == 1


@pytest.mark.parametrize("phone", ["12345", "23800138000", "电话", ""])
def test_invalid_phone(api, admin, phone):
    err = assert_error(
        api(admin).post("customers", {"name": "赵六", "phone": phone}), (400, 422), field="phone"
    )
    assert_chinese(err)
    assert not Customer.objects.filter(name="赵六").exists()


@pytest.mark.parametrize("number", [wrong_check(ID_1), ID_1[:-1], "11010519900231123X"])
def test_invalid_id_number(api, admin, number):
    response = api(admin).post(
        "customers",
        {"name": "赵六", "phone": "13812345678", "id_type": "id_card", "id_number": number},
    )
    err = assert_error(response, (400, 422), field="id_number")
    assert_chinese(err)
    assert not Customer.objects.filter(name="赵六").exists()


def test_duplicate_id_number(api, admin):
    client = api(admin)
    assert (
        client.post(
            "customers", {"name": "赵六", "phone": "13812345678", "id_number": ID_1}
        ).status_code
        == 201
    )
    assert_error(
        client.post("customers", {"name": "赵七", "phone": "13812345679", "id_number": ID_1}),
        409,
        field="id_number",
    )


def test_missing_name(api, admin):
    assert_error(api(admin).post("customers", {"phone": "13812345678"}), (400, 422), field="name")


def test_unknown_house_role(api, admin, house_a):
    response = api(admin).post(
        "customers",
        {"name": "赵六", "phone": "13812345678", "houses": [{"house": house_a.pk, "role": "pet"}]},
    )
    assert_error(response, (400, 422))
    assert not Customer.objects.filter(name="赵六").exists()


def test_house_out_of_scope_looks_like_unknown(api, agent_b, house_a):
    client = api(agent_b)
    out_of_scope = client.post(
        "customers", {"name": "赵六", "phone": "13812345678", "houses": [{"house": house_a.pk}]}
    )
    unknown = client.post(
        "customers", {"name": "赵六", "phone": "13812345678", "houses": [{"house": 987654}]}
    )
    assert_error(out_of_scope, (404, 422))
    assert out_of_scope.status_code == unknown.status_code
    shown = out_of_scope.content.decode().replace(str(house_a.pk), "ID")
    assert shown == unknown.content.decode().replace("987654", "ID")
    assert not Customer.objects.filter(name="赵六").exists()


def test_technician_may_not_create(api, technician):
    assert_error(api(technician).post("customers", {"name": "赵六", "phone": "13812345678"}), 403)


def test_list_search_detail_patch(api, agent_a, customer_a, project_a, project_b):
    client = api(agent_a)
    assert ids(client.get("customers", {"q": "zw"})) == [customer_a.pk]
    assert ids(client.get("customers", {"q": "3-2-1201"})) == [customer_a.pk]
    assert ids(client.get("customers", {"phone": "13800000001"})) == [customer_a.pk]
    detail = client.get(f"customers/{customer_a.pk}")
    assert detail.status_code == 200
    assert detail.json()["houses"][0]["label"] == "3-2-1201"
    patched = client.patch(
        f"customers/{customer_a.pk}", {"phone2": "0571-87654321", "segment": "vip"}
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["phone2"] == "057187654321"  # stored in one form, digits only
    assert patched.json()["segment"] == "vip"
    assert_error(
        client.patch(f"customers/{customer_a.pk}", {"phone": "123"}), (400, 422), field="phone"
    )
    assert_error(
        client.patch(f"customers/{customer_a.pk}", {"id_number": wrong_check(ID_1)}),
        (400, 422),
        field="id_number",
    )
    customer_a.refresh_from_db()
    assert customer_a.phone == "13800000001"


class TestLookup:
    def test_by_phone(self, api, agent_a, customer_a, house_a):
        response = api(agent_a).get("customers/lookup", {"phone": "13800000001"})
        assert response.status_code == 200, response.content
        data = response.json()
        assert set(data) == {"customers"}
        [found] = data["customers"]
        assert found["id"] == customer_a.pk
        assert found["name"] == "张伟"
        assert [h["house"] for h in found["houses"]] == [house_a.pk]
        assert found["open_tickets"] == []

    def test_formatted_phone(self, api, agent_a, customer_a):
        response = api(agent_a).get("customers/lookup", {"phone": "+86 138 0000 0001"})
        assert [c["id"] for c in response.json()["customers"]] == [customer_a.pk]

    @pytest.mark.parametrize("caller_id", ["057187654321", "0571-87654321", "0571 8765 4321"])
    def test_landline_as_the_exchange_sends_it(self, api, admin, agent_a, house_a, caller_id):
        created = (
            api(admin)
            .post(
                "customers",
                {"name": "赵六", "phone": "0571-87654321", "houses": [{"house": house_a.pk}]},
            )
            .json()
        )
        response = api(agent_a).get("customers/lookup", {"phone": caller_id})
        assert response.status_code == 200, response.content
        assert [c["id"] for c in response.json()["customers"]] == [created["id"]]

    def test_unknown_phone(self, api, agent_a, customer_a):
        response = api(agent_a).get("customers/lookup", {"phone": "13999999999"})
        assert response.status_code == 200
        assert response.json() == {"customers": []}

    def test_out_of_scope_caller_not_shown(self, api, agent_b, customer_a):
        response = api(agent_b).get("customers/lookup", {"phone": "13800000001"})
        assert response.status_code == 200
        assert response.json() == {"customers": []}

    def test_invalid_phone(self, api, agent_a):
        assert_error(
            api(agent_a).get("customers/lookup", {"phone": "abc"}), (400, 422), field="phone"
        )

    def test_phone_required(self, api, agent_a):
        assert_error(api(agent_a).get("customers/lookup"), (400, 422), field="phone")

    def test_anonymous(self, api, customer_a):
        assert_error(api().get("customers/lookup", {"phone": "13800000001"}), 401)
