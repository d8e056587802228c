"""Look-ups of a customer's archive are logged (借阅登记, R-EST-5), by the web page and the API."""

import pytest
from django.urls import reverse

from aftersales.core.models import AuditEntry


def _views(customer):
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, model="estates.Customer", object_id=str(customer.pk)
    )


@pytest.mark.django_db
def test_web_customer_page_logs_the_look_up(client, agent_a, customer_a):
    client.force_login(agent_a)
    assert client.get(reverse("estates:customer_detail", args=[customer_a.pk])).status_code == 200
    entry = _views(customer_a).get()
    assert entry.actor == agent_a
    assert "web" in entry.note


@pytest.mark.django_db
def test_api_customer_detail_logs_the_look_up(api, agent_a, customer_a):
    assert api(agent_a).get(f"customers/{customer_a.pk}").status_code == 200
    assert _views(customer_a).get().actor == agent_a


@pytest.mark.django_db
def test_out_of_scope_look_up_is_not_found_and_not_logged(client, api, agent_b, customer_a):
    client.force_login(agent_b)
    assert client.get(reverse("estates:customer_detail", args=[customer_a.pk])).status_code == 404
    assert api(agent_b).get(f"customers/{customer_a.pk}").status_code == 404
    assert not _views(customer_a).exists()
