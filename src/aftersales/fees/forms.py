"""Web forms of fees: they only read what the browser sends; the services check the rules
(amounts stay strings, parsed by :func:`aftersales.core.money.parse_money` in the service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import bounds
from aftersales.core.forms import MomentField, TextField
from aftersales.fees.choices import ArrearsStep, PaymentMethod

MONEY = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
MONTH = forms.TextInput(attrs={"type": "month", "placeholder": "2026-09"})


class StandardForm(forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    price_per_sqm = forms.CharField(label=_("单价（元/㎡·月）"), widget=MONEY)


class BillForm(forms.Form):
    house = forms.IntegerField(label=_("房屋"), error_messages={"required": _("请选择房屋")})
    period = forms.CharField(label=_("账期"), widget=MONTH)


class RunForm(forms.Form):
    project = forms.IntegerField(label=_("项目"), error_messages={"required": _("请选择项目")})
    period = forms.CharField(label=_("账期"), widget=MONTH)


class PayForm(forms.Form):
    amount = forms.CharField(label=_("实收金额（元）"), widget=MONEY)
    method = forms.ChoiceField(label=_("缴费方式"), choices=PaymentMethod.choices)
    reference = TextField(label=_("交易流水号"), max_length=64, required=False)


class ActionForm(forms.Form):
    house = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(label=_("催缴步骤"), choices=ArrearsStep.choices)
    tracking_number = TextField(label=_("快递单号"), max_length=40, required=False)
    note = TextField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CollectionForm(forms.Form):
    house = forms.IntegerField(label=_("房屋"), error_messages={"required": _("请选择房屋")})
    scheduled_at = MomentField(label=_("预约时间"), window=bounds.APPOINTMENT)
    contact = TextField(label=_("联系人及电话"), max_length=100, required=False)
    note = TextField(label=_("说明"), max_length=500, required=False)


class DoneForm(forms.Form):
    outcome = TextField(label=_("上门结果"), max_length=500, required=False)
    cancel = forms.BooleanField(label=_("取消预约"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("缴费记录（Excel）"))
    dry_run = forms.BooleanField(label=_("仅校验，不入账"), required=False, initial=True)
