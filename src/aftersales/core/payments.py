"""Payment methods: one registry shared by every app that takes money (R-SVC-1, R-SVC-6).

The product records payments taken at the desk; it does not talk to a payment gateway. Each
method (cash, card, WeChat Pay, Alipay, bank transfer) has an adapter whose ``collect`` is
called inside the transaction that records the payment, after the receipt number is taken.
Today every method uses :class:`RecordOnly`, which accepts the amount as already received.

A WeChat Pay or Alipay adapter is added later like the SMS adapters of ``notify/sms.py``:
write a class with ``collect(amount, reference, description) -> Collected`` (it may raise
:class:`aftersales.core.errors.Conflict` when the gateway refuses) and register it under the
method's code from an ``AppConfig.ready()`` with :func:`register_method`; callers do not change.

Use::

    from aftersales.core import payments
    method = payments.method(code, field="method")     # 422 for an unknown code
    collected = payments.collect(code, amount, reference=receipt_number, description="…")
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error


class Method(models.TextChoices):
    """The codes fixed by api.md (``method`` of a payment)."""

    CASH = "cash", _("现金")
    CARD = "card", _("刷卡")
    WECHAT = "wechat", _("微信支付")
    ALIPAY = "alipay", _("支付宝")
    TRANSFER = "transfer", _("银行转账")


@dataclass(frozen=True)
class Collected:
    """What an adapter answers: the method, the amount and the gateway's own reference."""

    method: str
    amount: Decimal
    transaction_id: str = ""
    recorded_only: bool = True


class Adapter(Protocol):
    def collect(
        self, *, method: str, amount: Decimal, reference: str, description: str
    ) -> Collected:
        """Take ``amount`` (or confirm it was taken); raise a domain error to refuse."""


class RecordOnly:
    """The money was taken at the desk (or arrived by transfer): only recorded here."""

    def collect(
        self, *, method: str, amount: Decimal, reference: str, description: str
    ) -> Collected:
        return Collected(method=method, amount=amount)


_ADAPTERS: dict[str, Adapter] = {code: RecordOnly() for code in Method.values}


def register_method(code: str, adapter: Adapter) -> None:
    """Use ``adapter`` for ``code`` (one of :class:`Method`); called from ``AppConfig.ready()``."""
    if code not in Method.values:
        raise ValueError(f"unknown payment method {code!r}")
    _ADAPTERS[code] = adapter


def method(code: str | None, *, field: str = "method", default: str = Method.CASH) -> str:
    """``code`` checked against the methods (empty: ``default``); 422 ``invalid`` otherwise."""
    code = code or default
    if not isinstance(code, str) or code not in Method.values:
        raise field_error(field, f"未知的支付方式“{code}”，可选：{'、'.join(Method.values)}")
    return code


def collect(code: str, amount: Decimal, *, reference: str, description: str = "") -> Collected:
    """Hand the payment to the method's adapter (see the module text)."""
    return _ADAPTERS[method(code)].collect(
        method=code, amount=amount, reference=reference, description=description
    )
