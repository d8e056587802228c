"""Web forms of the contractor, ledger, transfer and fund screens.

They only parse what the browser sends; every rule (name required, amounts, balances, who may
answer a transfer) is checked by the service the view calls, whose ``DomainError`` is put back
on the form with :func:`aftersales.core.web.show_error`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import TradeCode
from aftersales.costs.models import Contractor

_AMOUNT = forms.TextInput(
    attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "0.00"}
)


class ContractorForm(forms.Form):
    """Create (``editing=False``) or edit a contractor company."""

    name = forms.CharField(label=_("单位名称"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=Contractor.Kind.choices)
    trades = forms.MultipleChoiceField(
        label=_("工种"),
        choices=TradeCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("转交工单时按工种挑选施工单位"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    projects = forms.TypedMultipleChoiceField(
        label=_("承建项目"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agreement = forms.CharField(
        label=_("保修协议"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("保修责任、期限、质量保证金比例等要点"),
    )
    active = forms.BooleanField(
        label=_("合作中"),
        required=False,
        help_text=_("停止合作后不能再向该单位转交工单"),
    )

    def __init__(self, *args, projects=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["projects"].choices = [(p.pk, f"{p.name}（{p.code}）") for p in projects]
        if not editing:
            del self.fields["active"]

    @classmethod
    def initial_for(cls, contractor: Contractor, visible_projects) -> dict:
        shown = {p.pk for p in visible_projects}
        return {
            "name": contractor.name,
            "kind": contractor.kind,
            "trades": list(contractor.trades or []),
            "contact_name": contractor.contact_name,
            "contact_phone": contractor.contact_phone,
            "address": contractor.address,
            "projects": [p.pk for p in contractor.projects.all() if p.pk in shown],
            "agreement": contractor.agreement,
            "active": contractor.active,
        }

    def service_kwargs(self) -> dict:
        """Keyword arguments of ``create_contractor`` / ``update_contractor``."""
        data = dict(self.cleaned_data)
        data["trades"] = list(data["trades"])
        if "projects" in data:
            data["projects"] = list(data["projects"])
        return data


class ContractorFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("名称、联系人或电话"), "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部类型")), *Contractor.Kind.choices],
    )
    active = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("1", _("合作中")), ("0", _("已停止合作"))],
    )


class DepositForm(forms.Form):
    """缴存 or 退还 of the quality deposit: project, amount, note."""

    project = forms.TypedChoiceField(label=_("项目"), coerce=int, empty_value=None, required=False)
    amount = forms.CharField(label=_("金额（元）"), required=False, widget=_AMOUNT)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, projects=(), prefix_name: str = "deposit", **kwargs):
        kwargs.setdefault("prefix", prefix_name)
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [
            ("", _("请选择项目")),
            *[(p.pk, f"{p.name}（{p.code}）") for p in projects],
        ]


class TransferForm(forms.Form):
    contractor = forms.TypedChoiceField(
        label=_("施工单位"), coerce=int, empty_value=None, required=False
    )
    reason = forms.CharField(
        label=_("转交原因"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：需专业防水施工，维修队无法处理")}),
    )

    def __init__(self, *args, contractors=(), **kwargs):
        kwargs.setdefault("prefix", "transfer")
        super().__init__(*args, **kwargs)
        self.fields["contractor"].choices = [("", _("请选择施工单位")), *contractors]


class AnswerForm(forms.Form):
    """A contractor's answer to a transfer; declining needs a reason (the service checks)."""

    decision = forms.ChoiceField(choices=[("accept", _("接收")), ("decline", _("拒绝"))])
    reason = forms.CharField(
        label=_("说明"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("拒绝时必填")}),
    )


class DrawForm(forms.Form):
    amount = forms.CharField(label=_("金额（元）"), required=False, widget=_AMOUNT)
    purpose = forms.CharField(label=_("用途"), max_length=300, required=False)
    ticket = forms.CharField(
        label=_("工单号"),
        max_length=40,
        required=False,
        help_text=_("可选，如 BX-20261122-0007"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "draw")
        super().__init__(*args, **kwargs)


class ReplenishForm(forms.Form):
    amount = forms.CharField(label=_("金额（元）"), required=False, widget=_AMOUNT)
    purpose = forms.CharField(
        label=_("来源说明"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("补充周转金")}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "replenish")
        super().__init__(*args, **kwargs)
