"""SMS adapters: the request each provider expects, and failures kept on the record."""

import datetime as dt
import json
import urllib.parse

import pytest

from aftersales.notify import services, sms
from aftersales.notify.models import Notification

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def sms_settings(settings):
    settings.SMS_ACCESS_KEY_ID = "testid"
    settings.SMS_ACCESS_KEY_SECRET = "testsecret"
    settings.SMS_SIGN_NAME = "锦园物业"
    settings.SMS_SDK_APP_ID = "1400000000"
    settings.SMS_TEMPLATES = {"ticket_registered": "SMS_0001"}
    settings.SMS_TEMPLATE_PARAMS = {"ticket_registered": ["number", "expected"]}
    return settings


def _notification():
    return Notification(
        address="13800138000",
        channel="sms",
        template="ticket_registered",
        subject="s",
        body="b",
        params={"number": "BX-20261123-0001", "expected": "11月24日 10:00"},
    )


@pytest.mark.django_db
def test_aliyun_query_is_signed_and_complete(sms_settings):
    query = sms.AliyunSmsBackend().signed_query(_notification(), now=NOW, nonce="n1")
    params = dict(urllib.parse.parse_qsl(query))
    assert params["Action"] == "SendSms" and params["TemplateCode"] == "SMS_0001"
    assert params["PhoneNumbers"] == "13800138000" and params["SignName"] == "锦园物业"
    assert json.loads(params["TemplateParam"])["number"] == "BX-20261123-0001"
    assert params["Timestamp"] == "2026-11-23T02:00:00Z"
    assert params["Signature"]
    # the same request signs the same way; another secret signs differently
    again = sms.AliyunSmsBackend().signed_query(_notification(), now=NOW, nonce="n1")
    assert again == query
    sms_settings.SMS_ACCESS_KEY_SECRET = "other"
    assert sms.AliyunSmsBackend().signed_query(_notification(), now=NOW, nonce="n1") != query


@pytest.mark.django_db
def test_tencent_request_headers_and_payload(sms_settings):
    headers, payload = sms.TencentSmsBackend().request(_notification(), now=NOW)
    body = json.loads(payload)
    assert body["PhoneNumberSet"] == ["+8613800138000"]
    assert body["TemplateParamSet"] == ["BX-20261123-0001", "11月24日 10:00"]
    assert headers["X-TC-Action"] == "SendSms"
    assert headers["Authorization"].startswith(
        "TC3-HMAC-SHA256 Credential=testid/2026-11-23/sms/tc3_request"
    )
    assert "SignedHeaders=content-type;host" in headers["Authorization"]


@pytest.mark.django_db
def test_provider_failure_is_recorded_not_lost(sms_settings, monkeypatch):
    sms_settings.NOTIFY_SMS_BACKEND = "aftersales.notify.sms.AliyunSmsBackend"
    monkeypatch.setattr(sms, "http", lambda *a, **k: {"Code": "isv.BUSINESS_LIMIT_CONTROL"})
    note = services.notify_address("13800138000", "sms", "ticket_registered", {"number": "X"})
    services.deliver(note.pk)
    note.refresh_from_db()
    assert note.state == Notification.State.FAILED
    assert "BUSINESS_LIMIT_CONTROL" in note.error


@pytest.mark.django_db
def test_provider_success_marks_sent(sms_settings, monkeypatch):
    sms_settings.NOTIFY_SMS_BACKEND = "aftersales.notify.sms.TencentSmsBackend"
    calls = []
    monkeypatch.setattr(
        sms,
        "http",
        lambda method, url, headers, body=None, **k: (
            calls.append(url) or {"Response": {"SendStatusSet": [{"Code": "Ok"}]}}
        ),
    )
    note = services.notify_address("13800138000", "sms", "ticket_registered", {"number": "X"})
    services.deliver(note.pk)
    note.refresh_from_db()
    assert note.state == Notification.State.SENT and calls == ["https://sms.tencentcloudapi.com/"]


@pytest.mark.django_db
def test_unmapped_template_fails_clearly(sms_settings, monkeypatch):
    sms_settings.NOTIFY_SMS_BACKEND = "aftersales.notify.sms.AliyunSmsBackend"
    monkeypatch.setattr(sms, "http", lambda *a, **k: pytest.fail("must not call the provider"))
    note = services.notify_address("13800138000", "sms", "emergency", {"number": "X"})
    services.deliver(note.pk)
    note.refresh_from_db()
    assert note.state == Notification.State.FAILED and "emergency" in note.error
