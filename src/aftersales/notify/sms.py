"""SMS adapters for Aliyun (阿里云短信) and Tencent Cloud (腾讯云短信), selected by settings.

Both providers send only pre-registered templates: ``SMS_TEMPLATES`` maps the product's
template code (e.g. ``ticket_registered``) to the provider's template id; the notification's
``params`` fill the provider template's variables (Aliyun by name, Tencent in the order given
by ``SMS_TEMPLATE_PARAMS``). All network traffic goes through :func:`http`, which tests replace.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.parse
import urllib.request
import uuid

from django.conf import settings

from aftersales.notify.backends import Backend


class SmsError(Exception):
    pass


def http(
    method: str, url: str, headers: dict, body: bytes | None = None, timeout: float = 10
) -> dict:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (fixed https hosts)
        return json.loads(response.read().decode())


def _template(notification) -> str:
    template = settings.SMS_TEMPLATES.get(notification.template)
    if not template:
        raise SmsError(f"no provider template configured for {notification.template}")
    return template


def _quote(value: str) -> str:
    return urllib.parse.quote(str(value), safe="~")


class AliyunSmsBackend(Backend):
    """Aliyun dysmsapi SendSms, RPC signature version 1.0 (HMAC-SHA1)."""

    endpoint = "https://dysmsapi.aliyuncs.com/"

    def signed_query(
        self, notification, *, now: dt.datetime | None = None, nonce: str | None = None
    ) -> str:
        params = {
            "AccessKeyId": settings.SMS_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": notification.address,
            "RegionId": settings.SMS_REGION or "cn-hangzhou",
            "SignName": settings.SMS_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": _template(notification),
            "TemplateParam": json.dumps(notification.params, ensure_ascii=False),
            "Timestamp": (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        canonical = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted(params.items()))
        to_sign = "GET&%2F&" + _quote(canonical)
        key = (settings.SMS_ACCESS_KEY_SECRET + "&").encode()
        signature = base64.b64encode(
            hmac.new(key, to_sign.encode(), hashlib.sha1).digest()
        ).decode()
        return f"Signature={_quote(signature)}&{canonical}"

    def send(self, notification) -> None:
        answer = http("GET", f"{self.endpoint}?{self.signed_query(notification)}", {})
        if answer.get("Code") != "OK":
            raise SmsError(f"aliyun: {answer.get('Code')} {answer.get('Message', '')}")


class TencentSmsBackend(Backend):
    """Tencent Cloud SMS SendSms (API 3.0), signature TC3-HMAC-SHA256."""

    host = "sms.tencentcloudapi.com"

    def request(self, notification, *, now: dt.datetime | None = None) -> tuple[dict, bytes]:
        order = settings.SMS_TEMPLATE_PARAMS.get(notification.template, [])
        payload = json.dumps(
            {
                "PhoneNumberSet": [f"+86{notification.address}"],
                "SmsSdkAppId": settings.SMS_SDK_APP_ID,
                "SignName": settings.SMS_SIGN_NAME,
                "TemplateId": _template(notification),
                "TemplateParamSet": [str(notification.params.get(name, "")) for name in order],
            },
            ensure_ascii=False,
        ).encode()
        now = now or dt.datetime.now(dt.UTC)
        timestamp = str(int(now.timestamp()))
        date = now.strftime("%Y-%m-%d")
        content_type = "application/json; charset=utf-8"
        canonical = (
            f"POST\n/\n\ncontent-type:{content_type}\nhost:{self.host}\n\ncontent-type;host\n"
            + hashlib.sha256(payload).hexdigest()
        )
        scope = f"{date}/sms/tc3_request"
        to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"

        def sign(key: bytes, msg: str) -> bytes:
            return hmac.new(key, msg.encode(), hashlib.sha256).digest()

        secret = sign(
            sign(sign(("TC3" + settings.SMS_ACCESS_KEY_SECRET).encode(), date), "sms"),
            "tc3_request",
        )
        signature = hmac.new(secret, to_sign.encode(), hashlib.sha256).hexdigest()
        headers = {
            "Authorization": (
                f"TC3-HMAC-SHA256 Credential={settings.SMS_ACCESS_KEY_ID}/{scope}, "
                f"SignedHeaders=content-type;host, Signature={signature}"
            ),
            "Content-Type": content_type,
            "Host": self.host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": timestamp,
            "X-TC-Version": "2021-01-11",
            "X-TC-Region": settings.SMS_REGION or "ap-guangzhou",
        }
        return headers, payload

    def send(self, notification) -> None:
        headers, payload = self.request(notification)
        answer = http("POST", f"https://{self.host}/", headers, payload).get("Response", {})
        if "Error" in answer:
            raise SmsError(
                f"tencent: {answer['Error'].get('Code')} {answer['Error'].get('Message', '')}"
            )
        statuses = answer.get("SendStatusSet") or [{}]
        if statuses[0].get("Code") != "Ok":
            raise SmsError(f"tencent: {statuses[0].get('Code')} {statuses[0].get('Message', '')}")
