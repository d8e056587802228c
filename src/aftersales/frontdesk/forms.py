"""Web forms of the front desk: they only parse what the browser sends; the rules (required
fields, ID numbers, amounts, states) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import bounds
from aftersales.core.forms import DayField, MomentField, TextField
from aftersales.core.money import MoneyField
from aftersales.core.payments import Method
from aftersales.frontdesk.choices import LockKind, MailKind, WitnessParty
from aftersales.frontdesk.models import PriceItem

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def text(label, *, widget=None, help_text="", max_length=200) -> TextField:
    return TextField(
        label=label, required=False, widget=widget, help_text=help_text, max_length=max_length
    )


def item_choices(items) -> list[tuple[str, str]]:
    """The price-list items to pick from: a fixed price, or quoted on site."""
    return [("", "—")] + [
        (i.code, f"{i.name}（{i.price} 元）" if i.price is not None else f"{i.name}（现场报价）")
        for i in items
    ]


class HouseForm(forms.Form):
    house = forms.IntegerField(label=_("房屋"), required=False, min_value=1)
    customer = forms.IntegerField(
        label=_("客户"), required=False, min_value=1, widget=forms.HiddenInput
    )


class PaidForm(HouseForm):
    item = forms.ChoiceField(label=_("服务项目"))
    scheduled_at = MomentField(label=_("预约时间"), required=False, window=bounds.APPOINTMENT)
    place = text(_("服务地点"), help_text=_("不填则为房屋地址"))
    note = text(_("说明"), widget=TEXTAREA, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = item_choices(PriceItem.objects.filter(active=True))


class LockForm(forms.Form):
    house = forms.IntegerField(label=_("房屋"), required=False, min_value=1)
    kind = forms.ChoiceField(label=_("类别"), choices=LockKind.choices)
    applicant_name = text(_("申请人姓名"), max_length=60)
    applicant_id_number = text(_("申请人身份证号"), max_length=40)
    applicant_phone = text(_("申请人电话"), max_length=20)
    reason = text(_("原因"), widget=TEXTAREA, max_length=1000)
    owner_consent = text(
        _("业主电话同意"), help_text=_("申请人不是业主时填写：谁在电话中同意、何时"), max_length=500
    )
    consent_phone = text(_("拨打的号码"), max_length=20)


class ConsentForm(forms.Form):
    owner_consent = text(_("业主电话同意"), max_length=500)
    consent_phone = text(_("拨打的号码"), max_length=20)
    consent_at = MomentField(label=_("同意时间"), required=False, window=bounds.OCCURRED)


class WitnessForm(forms.Form):
    party = forms.ChoiceField(label=_("见证部门"), choices=WitnessParty.choices)


class MailForm(HouseForm):
    kind = forms.ChoiceField(label=_("类别"), choices=MailKind.choices)
    title = text(_("名称"))
    paid = forms.BooleanField(label=_("有偿"), required=False)
    fee = MoneyField(label=_("费用（元）"), required=False)


class DeliverForm(forms.Form):
    receiver_name = text(_("签收人"), max_length=60)
    signature = TextField(required=False, widget=forms.HiddenInput, max_length=800_000)


class RenovationForm(HouseForm):
    starts_on = DayField(label=_("开工日期"), required=False)
    ends_on = DayField(label=_("完工日期"), required=False)
    contractor_name = text(_("装修单位"), max_length=100)
    agreement_no = text(_("装修协议编号"), max_length=40)
    plan = text(_("装修方案"), widget=TEXTAREA, max_length=4000)
    structural_change = forms.BooleanField(label=_("涉及结构改动"), required=False)
    authority_approval = text(
        _("房管部门批准文件"), help_text=_("涉及结构改动时必填：批准文件的文号")
    )
    garbage_fee = MoneyField(label=_("垃圾清运费（元）"), required=False)
    agent_name = text(_("代理人"), help_text=_("由代理人办理时填写"), max_length=60)
    agent_id_number = text(_("代理人身份证号"), max_length=40)
    power_of_attorney = forms.BooleanField(label=_("已核验授权委托书"), required=False)


class ReviewForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("审核结论"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = text(_("审核意见"), widget=TEXTAREA, max_length=2000)


class PermitForm(forms.Form):
    workers = text(
        _("施工人员"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一人：姓名 身份证号"),
        max_length=5000,
    )

    def workers_list(self) -> list[dict]:
        out = []
        for line in (self.cleaned_data.get("workers") or "").splitlines():
            parts = line.split()
            if parts:
                out.append({"name": parts[0], "id_number": parts[1] if len(parts) > 1 else ""})
        return out


class InspectionForm(forms.Form):
    findings = text(_("检查发现"), widget=TEXTAREA, max_length=2000)
    compliant = forms.BooleanField(label=_("合规"), required=False, initial=True)


class SlipForm(HouseForm):
    items = text(
        _("放行物品"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一项"),
        max_length=5000,
    )
    carrier = text(_("搬运人"), max_length=60)

    def items_list(self) -> list[str]:
        return [x.strip() for x in (self.cleaned_data.get("items") or "").splitlines() if x.strip()]


class QuoteForm(forms.Form):
    amount = MoneyField(label=_("报价（元）"), required=False)


class NoteForm(forms.Form):
    note = text(_("说明"), widget=TEXTAREA, max_length=2000)


class ReasonForm(forms.Form):
    reason = text(_("异议原因"), widget=TEXTAREA, max_length=2000)


class PayForm(forms.Form):
    amount = MoneyField(label=_("实收金额（元）"), required=False)
    method = forms.ChoiceField(label=_("支付方式"), choices=Method.choices)


class RemitForm(forms.Form):
    project = forms.IntegerField(min_value=1, required=False)
    day = DayField(label=_("收款日期"), required=False)


class GateForm(forms.Form):
    code = TextField(label=_("放行码"), max_length=16, required=False)


class OwnerBookForm(forms.Form):
    """The owner books a paid service for one of his houses (portal, R-SS-1)."""

    house = forms.TypedChoiceField(label=_("房屋"), coerce=int)
    item = forms.ChoiceField(label=_("服务项目"))
    scheduled_at = MomentField(label=_("希望上门时间"), required=False, window=bounds.APPOINTMENT)
    note = text(_("说明"), widget=TEXTAREA, max_length=2000)

    def __init__(self, *args, houses=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].choices = [(h.pk, f"{h.project.name} {h.label}") for h in houses]
        self.fields["item"].choices = item_choices(items)
