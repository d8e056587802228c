"""The user form lets an administrator tie a contractor user to his company."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales.accounts.models import User
from tests.costs.web.helpers import text

pytestmark = pytest.mark.django_db


def _data(**extra):
    data = {
        "username": "zhao",
        "name": "赵工",
        "password": "Contractor-2026!",
        "roles": ["contractor"],
    }
    data.update(extra)
    return data


def test_admin_creates_a_contractor_user_for_a_company(web, people, contractor, other_contractor):
    client = web(people["admin"])
    page = text(client.get(reverse("accounts:user_create")))
    assert "所属施工单位" in page and contractor.name in page and other_contractor.name in page
    r = client.post(reverse("accounts:user_create"), _data(contractor=contractor.pk))
    assert r.status_code == 302, text(r)
    assert User.objects.get(username="zhao").contractor == contractor


def test_contractor_role_without_company_is_refused_on_the_field(web, people, contractor):
    r = web(people["admin"]).post(reverse("accounts:user_create"), _data())
    assert r.status_code == 200 and "施工单位联系人须指定所属施工单位" in text(r)
    assert not User.objects.filter(username="zhao").exists()


def test_company_for_a_staff_role_is_refused(web, people, contractor):
    r = web(people["admin"]).post(
        reverse("accounts:user_create"), _data(roles=["agent"], contractor=contractor.pk)
    )
    assert "只有施工单位联系人" in text(r)


def test_edit_moves_the_user_to_another_company(
    web, people, contractor, other_contractor, contractor_user
):
    client = web(people["admin"])
    url = reverse("accounts:user_edit", args=[contractor_user.pk])
    page = text(client.get(url))
    assert f'<option value="{contractor.pk}" selected>' in page
    r = client.post(
        url,
        {
            "name": contractor_user.name,
            "roles": ["contractor"],
            "contractor": other_contractor.pk,
            "is_active": "on",
        },
    )
    assert r.status_code == 302, text(r)
    contractor_user.refresh_from_db()
    assert contractor_user.contractor == other_contractor
