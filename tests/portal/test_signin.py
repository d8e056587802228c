"""Sign-in by mobile number and a one-time text code (R-SS-1)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from aftersales.accounts.models import User
from aftersales.core.errors import Invalid
from aftersales.estates.models import CustomerHouse
from aftersales.portal import services
from aftersales.portal.models import SignInCode
from tests.conftest import make_customer
from tests.portal.conftest import last_code

PHONE = "13800000001"  # 张伟, owner of 3-2-1201 (tests/conftest.py)


def test_first_sign_in_creates_the_owner_account_linked_to_the_customer(customer_a, outbox):
    services.send_code(PHONE, address="10.0.0.1")
    assert len(outbox) == 1 and outbox[0].channel == "sms"
    user = services.verify_code(PHONE, last_code(PHONE), address="10.0.0.1")
    assert user.customer == customer_a
    assert user.role_codes() == {"owner"}
    assert not user.has_usable_password()


def test_the_same_account_on_the_next_sign_in(customer_a, outbox, time_machine_now):
    services.send_code(PHONE)
    first = services.verify_code(PHONE, last_code(PHONE))
    time_machine_now.shift(dt.timedelta(minutes=2))
    services.send_code(PHONE)
    again = services.verify_code(PHONE, last_code(PHONE))
    assert again.pk == first.pk
    assert User.objects.filter(customer=customer_a).count() == 1


def test_the_code_is_stored_hashed_and_used_once(customer_a, outbox):
    services.send_code(PHONE)
    code = last_code(PHONE)
    row = SignInCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64
    services.verify_code(PHONE, code)
    with pytest.raises(Invalid) as used:
        services.verify_code(PHONE, code)
    assert used.value.code == "wrong_code"


def test_a_wrong_code_is_refused(customer_a, outbox):
    services.send_code(PHONE)
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    with pytest.raises(Invalid) as refused:
        services.verify_code(PHONE, wrong)
    assert refused.value.code == "wrong_code" and "code" in refused.value.fields
    assert SignInCode.objects.get().tries == 1
    assert not User.objects.filter(customer=customer_a).exists()


def test_an_expired_code_is_refused(customer_a, outbox, time_machine_now):
    services.send_code(PHONE)
    code = last_code(PHONE)
    time_machine_now.shift(dt.timedelta(minutes=5, seconds=1))
    with pytest.raises(Invalid) as refused:
        services.verify_code(PHONE, code)
    assert refused.value.code == "wrong_code"


def test_a_code_is_still_good_just_before_five_minutes(customer_a, outbox, time_machine_now):
    services.send_code(PHONE)
    code = last_code(PHONE)
    time_machine_now.shift(dt.timedelta(minutes=4, seconds=59))
    assert services.verify_code(PHONE, code).customer == customer_a


def test_too_many_tries_spend_the_code(customer_a, outbox):
    services.send_code(PHONE)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.MAX_TRIES - 1):
        with pytest.raises(Invalid):
            services.verify_code(PHONE, wrong)
    with pytest.raises(services.TooMany) as fifth:
        services.verify_code(PHONE, wrong)
    assert fifth.value.code == "too_many_tries" and fifth.value.status == 429
    # even the right code no longer opens
    with pytest.raises(services.TooMany):
        services.verify_code(PHONE, code)


def test_an_unknown_number_gets_no_code_and_the_same_answer(project_a, outbox):
    services.send_code("13712345678")  # no error: the page does not tell who lives here
    assert outbox == [] and not SignInCode.objects.exists()
    with pytest.raises(Invalid) as refused:
        services.verify_code("13712345678", "123456")
    assert refused.value.code == "wrong_code"


def test_an_agent_of_a_house_may_not_sign_in(admin, house_a, outbox):
    make_customer(admin, "代理人", "13711112222", [house_a], role="agent")
    services.send_code("13711112222")
    assert outbox == []


@pytest.mark.parametrize("role", ["co_owner", "tenant", "family"])
def test_co_owners_tenants_and_family_sign_in(admin, house_a, outbox, role):
    person = make_customer(admin, "住户", "13711113333", [house_a], role=role)
    services.send_code("13711113333")
    user = services.verify_code("13711113333", last_code("13711113333"))
    assert user.customer == person
    assert CustomerHouse.objects.filter(customer=person, role=role).exists()


def test_the_second_number_of_a_customer_works(customer_a, outbox):
    customer_a.phone2 = "13766667777"
    customer_a.save()
    services.send_code("13766667777")
    assert services.verify_code("13766667777", last_code("13766667777")).customer == customer_a


def test_not_a_mobile_number(project_a):
    with pytest.raises(Invalid) as refused:
        services.send_code("0571-8888888")
    assert refused.value.fields["phone"]


def test_one_code_a_minute_per_number(customer_a, outbox, time_machine_now):
    services.send_code(PHONE, address="10.0.0.1")
    with pytest.raises(services.TooMany):
        services.send_code(PHONE, address="10.0.0.2")
    time_machine_now.shift(dt.timedelta(seconds=61))
    services.send_code(PHONE, address="10.0.0.3")
    assert len(outbox) == 2


def test_rate_limit_per_number_within_the_hour(customer_a, outbox, time_machine_now):
    for n in range(services.PER_NUMBER):
        services.send_code(PHONE, address=f"10.0.1.{n}")
        time_machine_now.shift(dt.timedelta(seconds=61))
    with pytest.raises(services.TooMany):
        services.send_code(PHONE, address="10.0.2.1")
    assert len(outbox) == services.PER_NUMBER


def test_rate_limit_per_address(project_a, outbox):
    for n in range(services.PER_ADDRESS):
        services.send_code(f"137000{n:05d}", address="10.9.9.9")
    with pytest.raises(services.TooMany):
        services.send_code("13799999999", address="10.9.9.9")
    services.send_code("13799999999", address="10.9.9.8")  # another address is not held


def test_wrong_codes_per_address_are_limited(customer_a, outbox, settings):
    services.send_code(PHONE)
    for n in range(services.WRONG_PER_ADDRESS):
        with pytest.raises(Invalid):
            services.verify_code(f"137000{n:05d}", "123456", address="10.8.8.8")
    with pytest.raises(services.TooMany):
        services.verify_code(PHONE, last_code(PHONE), address="10.8.8.8")


def test_a_stopped_owner_account_cannot_sign_in(customer_a, outbox):
    services.send_code(PHONE)
    user = services.verify_code(PHONE, last_code(PHONE))
    user.is_active = False
    user.save()
    from django.core.cache import cache

    cache.clear()
    services.send_code(PHONE)
    from aftersales.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.verify_code(PHONE, last_code(PHONE))


# --- the page and the API ------------------------------------------------------------------


def test_the_sign_in_page(client, customer_a, outbox):
    page = client.get(reverse("portal:login"))
    assert page.status_code == 200 and "获取验证码" in page.content.decode()
    sent = client.post(reverse("portal:login"), {"step": "phone", "phone": PHONE})
    assert sent.status_code == 200 and 'name="code"' in sent.content.decode()
    wrong = client.post(reverse("portal:login"), {"step": "code", "phone": PHONE, "code": "x"})
    assert "验证码错误或已失效" in wrong.content.decode()
    done = client.post(
        reverse("portal:login"), {"step": "code", "phone": PHONE, "code": last_code(PHONE)}
    )
    assert done.status_code == 302 and done["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


def test_the_sign_in_page_says_when_to_wait(client, customer_a, outbox):
    client.post(reverse("portal:login"), {"step": "phone", "phone": PHONE})
    again = client.post(reverse("portal:login"), {"step": "phone", "phone": PHONE})
    assert "秒后再试" in again.content.decode()


def test_staff_keep_the_password_sign_in(client, agent_a):
    from tests.conftest import PASSWORD

    answer = client.post(reverse("login"), {"username": agent_a.username, "password": PASSWORD})
    assert answer.status_code == 302


def test_api_code_and_token(api, customer_a, outbox):
    anonymous = api()
    sent = anonymous.post("auth/code", {"phone": PHONE})
    assert sent.status_code == 202 and sent.json() == {"sent": True, "expires_in": 300}
    wrong = anonymous.post("auth/code/token", {"phone": PHONE, "code": "000001"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "wrong_code"
    token = anonymous.post("auth/code/token", {"phone": PHONE, "code": last_code(PHONE)})
    assert token.status_code == 200 and token["Cache-Control"] == "no-store"
    from tests.conftest import ApiClient

    me = ApiClient(token.json()["token"]).get("me")
    assert me.status_code == 200 and me.json()["customer"]["id"] == customer_a.pk
    too_soon = anonymous.post("auth/code", {"phone": PHONE})
    assert too_soon.status_code == 429 and too_soon.json()["error"] == "too_many_requests"


@pytest.fixture
def time_machine_now():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False) as t:
        yield t
