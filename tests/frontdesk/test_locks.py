"""Lock break/change (R-SVC-2): valid ID, owner match or recorded consent, three witnesses who
are three different users; every step audited; ID numbers protected and masked."""

from __future__ import annotations

import pytest

from aftersales.accounts.models import Department
from aftersales.core import pii
from aftersales.core.models import AuditEntry
from aftersales.frontdesk.models import LockChange
from tests.conftest import make_customer, make_user
from tests.frontdesk.conftest import OTHER_ID, OWNER_ID, step
from tests.tickets.helpers import client_for

pytestmark = pytest.mark.django_db

PARTIES = ("customer_service", "concierge", "engineering")


def _apply(client, house, name="赵业主", number=OWNER_ID, **extra):
    body = {
        "house": house.pk,
        "kind": "change",
        "applicant_name": name,
        "applicant_id_number": number,
        **extra,
    }
    return client.post("services/lock-changes", body)


def _sign_all(clients, lock_id):
    for who, party in zip(("agent", "liaison", "engineer"), PARTIES, strict=True):
        step(clients[who], f"services/lock-changes/{lock_id}/witness", {"party": party})


def test_owner_with_three_witnesses_opens_the_lock(clients, home):
    house, owner = home
    r = _apply(clients["agent"], house)
    assert r.status_code == 201
    got = r.json()
    assert got["status"] == "applied" and got["applicant_is_owner"] is True
    assert got["applicant_id_number"] == pii.mask(OWNER_ID)
    _sign_all(clients, got["id"])
    opened = step(clients["agent"], f"services/lock-changes/{got['id']}/open")
    assert opened["status"] == "opened" and opened["missing"] == []
    assert {w["party"] for w in opened["witnesses"]} == set(PARTIES)
    actions = list(
        AuditEntry.objects.filter(model="frontdesk.LockChange", object_id=str(got["id"]))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "witness", "witness", "witness", "open"]


def test_the_id_is_stored_protected(clients, home):
    house, _ = home
    lock = LockChange.objects.get(pk=_apply(clients["agent"], house).json()["id"])
    assert OWNER_ID not in lock.id_number_encrypted
    assert pii.decrypt(lock.id_number_encrypted) == OWNER_ID
    assert lock.id_number_masked == pii.mask(OWNER_ID)


def test_invalid_id_is_refused(clients, home):
    house, _ = home
    bad = OWNER_ID[:-1] + ("0" if OWNER_ID[-1] != "0" else "1")
    r = _apply(clients["agent"], house, number=bad)
    assert r.status_code == 422 and r.json()["error"] == "invalid_id"
    assert _apply(clients["agent"], house, number="12345").json()["error"] == "invalid_id"
    assert not LockChange.objects.exists()


def test_name_and_id_must_both_match_an_owner(clients, home):
    house, _ = home
    assert (
        _apply(clients["agent"], house, name="赵业主", number=OTHER_ID).json()["applicant_is_owner"]
        is False
    )
    assert (
        _apply(clients["agent"], house, name="钱某", number=OWNER_ID).json()["applicant_is_owner"]
        is False
    )


def test_non_owner_without_consent_cannot_open(clients, home):
    house, _ = home
    lock = _apply(clients["agent"], house, name="钱租户", number=OTHER_ID).json()
    _sign_all(clients, lock["id"])
    r = clients["agent"].post(f"services/lock-changes/{lock['id']}/open")
    assert r.status_code == 409 and r.json()["error"] == "consent_required"
    got = step(
        clients["agent"],
        f"services/lock-changes/{lock['id']}/consent",
        {"owner_consent": "业主赵业主电话同意", "consent_phone": "13700000008"},
    )
    assert got["consent_phone"] == "13700000008" and got["consent_at"]
    assert step(clients["agent"], f"services/lock-changes/{lock['id']}/open")["status"] == "opened"
    consent = AuditEntry.objects.get(
        model="frontdesk.LockChange", object_id=str(lock["id"]), action="consent"
    )
    assert consent.after["consent_phone"] == "13700000008"


def test_consent_given_with_the_application(clients, home):
    house, _ = home
    lock = _apply(
        clients["agent"], house, name="钱租户", number=OTHER_ID, owner_consent="业主 10:05 电话同意"
    ).json()
    assert lock["consent"] == "业主 10:05 电话同意"
    _sign_all(clients, lock["id"])
    assert step(clients["agent"], f"services/lock-changes/{lock['id']}/open")["status"] == "opened"


def test_a_missing_witness_blocks_the_opening(clients, home):
    house, _ = home
    lock = _apply(clients["agent"], house).json()
    step(
        clients["agent"],
        f"services/lock-changes/{lock['id']}/witness",
        {"party": "customer_service"},
    )
    step(
        clients["engineer"], f"services/lock-changes/{lock['id']}/witness", {"party": "engineering"}
    )
    r = clients["agent"].post(f"services/lock-changes/{lock['id']}/open")
    assert r.status_code == 409 and r.json()["error"] == "witnesses_missing"
    assert "礼宾部" in r.json()["detail"]
    assert LockChange.objects.get(pk=lock["id"]).status == "applied"


def test_one_user_cannot_sign_for_two_parties(clients, home):
    house, _ = home
    lock = _apply(clients["agent"], house).json()
    step(
        clients["agent"],
        f"services/lock-changes/{lock['id']}/witness",
        {"party": "customer_service"},
    )
    # an administrator may sign for any party, but still only for one
    step(clients["admin"], f"services/lock-changes/{lock['id']}/witness", {"party": "concierge"})
    r = clients["admin"].post(
        f"services/lock-changes/{lock['id']}/witness", {"party": "engineering"}
    )
    assert r.status_code == 409 and r.json()["error"] == "same_witness"
    r = clients["admin"].post(
        f"services/lock-changes/{lock['id']}/witness", {"party": "customer_service"}
    )
    assert r.status_code == 409


@pytest.mark.parametrize(
    ("who", "party"),
    [
        ("agent", "concierge"),
        ("agent", "engineering"),
        ("liaison", "customer_service"),
        ("liaison", "engineering"),
        ("engineer", "customer_service"),
        ("engineer", "concierge"),
    ],
)
def test_a_witness_signs_only_for_his_own_party(clients, home, who, party):
    house, _ = home
    lock = _apply(clients["agent"], house).json()
    r = clients[who].post(f"services/lock-changes/{lock['id']}/witness", {"party": party})
    assert r.status_code == 403 and r.json()["error"] == "not_of_party"
    assert "不能代表" in r.json()["detail"]
    assert not LockChange.objects.get(pk=lock["id"]).witnesses.exists()


def test_the_department_also_makes_a_member(clients, home, project_a):
    """A clerk of the maintenance team signs for engineering, one of the property company for
    the concierge."""
    house, _ = home
    lock = _apply(clients["agent"], house).json()
    url = f"services/lock-changes/{lock['id']}/witness"
    signers = []
    for username, department in (("mt", "maintenance"), ("pc", "property")):
        clerk = make_user(username, ["clerk"], [project_a], name="文员")
        clerk.department = Department.objects.get(code=department)
        clerk.save()
        signers.append(client_for(clerk))
    step(signers[0], url, {"party": "engineering"})
    step(signers[1], url, {"party": "concierge"})
    assert set(LockChange.objects.get(pk=lock["id"]).witnesses.values_list("party", flat=True)) == {
        "engineering",
        "concierge",
    }


def test_authorised_agents_of_the_archive_are_shown(clients, home, admin):
    house, _ = home
    make_customer(admin, "孙代理", "13700000009", [house], role="agent")
    lock = _apply(clients["agent"], house, name="孙代理", number=OTHER_ID).json()
    assert [a["name"] for a in lock["authorised_agents"]] == ["孙代理"]


def test_opened_lock_is_final(clients, home):
    house, _ = home
    lock = _apply(clients["agent"], house).json()
    _sign_all(clients, lock["id"])
    step(clients["agent"], f"services/lock-changes/{lock['id']}/open")
    assert clients["agent"].post(f"services/lock-changes/{lock['id']}/open").status_code == 409


def test_other_project_and_wrong_role(clients, home):
    house, _ = home
    lock = _apply(clients["agent"], house).json()
    assert clients["agent_b"].get(f"services/lock-changes/{lock['id']}").status_code == 404
    assert (
        clients["analyst"]
        .post(f"services/lock-changes/{lock['id']}/witness", {"party": "concierge"})
        .status_code
        == 403
    )
