"""The owner's web forms: they parse input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import bounds
from aftersales.core.forms import MomentField, TextField
from aftersales.tickets.choices import Category, Kind, Opinion
from aftersales.tickets.models import Phenomenon

# What an owner reports from the portal (the office triages the rest).
REPORT_KINDS = [
    (Kind.REPAIR, _("报修")),
    (Kind.COMPLAINT, _("投诉")),
    (Kind.INQUIRY, _("咨询")),
    (Kind.SUGGESTION, _("建议")),
    (Kind.PRAISE, _("表扬")),
]


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": _("11 位手机号")}
        ),
    )


class CodeForm(PhoneForm):
    code = forms.CharField(
        label=_("验证码"),
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=REPORT_KINDS, initial=Kind.REPAIR)
    house = forms.TypedChoiceField(label=_("房屋"), coerce=int)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", "—"), *Category.choices], required=False
    )
    phenomenon = forms.TypedChoiceField(
        label=_("现象"), coerce=int, empty_value=None, required=False
    )
    location = TextField(label=_("房内位置"), max_length=60, required=False)
    expected_at = MomentField(label=_("希望上门时间"), window=bounds.APPOINTMENT, required=False)
    description = TextField(
        label=_("问题描述"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, houses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].choices = [(h.pk, f"{h.project.name} {h.label}") for h in houses]
        self.phenomena = list(Phenomenon.objects.filter(active=True).order_by("category", "id"))
        self.fields["phenomenon"].choices = [("", "—")] + [(p.pk, p.name) for p in self.phenomena]


class SignForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("您的意见"),
        choices=Opinion.choices,
        initial=Opinion.SATISFIED,
        widget=forms.RadioSelect,
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    comment = TextField(label=_("留言"), max_length=500, required=False)


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[(n, n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = TextField(
        label=_("评价"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
