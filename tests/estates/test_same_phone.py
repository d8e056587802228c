"""A phone number already in the archive does not silently make a second customer (issue 10,
smaller defects). An agent who types a known number expects the customer on file: the service
refuses with 409 naming that customer (the web form links to it), and only an explicit "the
same number really belongs to another person" (a family member sharing a phone) creates one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.core.errors import Conflict
from aftersales.estates import services
from aftersales.estates.models import Customer
from tests.api.helpers import assert_error
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db


def test_the_service_refuses_a_known_phone_and_names_the_customer(admin, customer_a):
    with pytest.raises(Conflict) as caught:
        services.create_customer(admin, name="张伟", phone=customer_a.phone)
    assert caught.value.code == "duplicate_phone"
    assert "张伟" in caught.value.detail
    assert Customer.objects.filter(phone=customer_a.phone).count() == 1
    twin = services.create_customer(
        admin, name="张伟妻", phone=customer_a.phone, same_phone_confirmed=True
    )
    assert twin.pk != customer_a.pk


def test_the_api_answers_409_on_phone(admin, customer_a):
    api = client_for(admin)
    response = api.post("customers", {"name": "张伟", "phone": customer_a.phone})
    assert_error(response, 409, code="duplicate_phone", field="phone")
    ok = api.post(
        "customers", {"name": "张伟妻", "phone": customer_a.phone, "same_phone_confirmed": True}
    )
    assert ok.status_code == 201, ok.content


def test_the_web_form_warns_and_links_to_the_customer(client, admin, customer_a):
    client.force_login(admin)
    url = reverse("estates:customer_create")
    data = {
        "name": "张伟",
        "phone": customer_a.phone,
        "preferred_channel": "phone",
        "role": "owner",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("estates:customer_detail", args=[customer_a.pk]) in page
    assert "same_phone_confirmed" in page
    assert Customer.objects.filter(phone=customer_a.phone).count() == 1
    response = client.post(url, {**data, "name": "张伟妻", "same_phone_confirmed": "on"})
    assert response.status_code == 302
    assert Customer.objects.filter(phone=customer_a.phone).count() == 2
