"""Web forms of the money screens.

They only read what the browser sends into the keyword arguments of the cost services
(:mod:`aftersales.costs.services.approvals` and :mod:`~aftersales.costs.services.accounts`).
Amounts stay strings: the services parse them as exact decimals and say what is wrong.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core.web import as_id

MONEY = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
COMMENT = forms.Textarea(attrs={"rows": 2})
LINE_FIELDS = ("kind", "item", "unit", "quantity", "unit_price")


class MoneyForm(forms.Form):
    """Forms of one page carry the page's ``next`` address and ids unique on the page."""

    def __init__(self, *args, key: str = "", **kwargs):
        kwargs.setdefault("auto_id", f"{key}_%s" if key else "id_%s")
        super().__init__(*args, **kwargs)


class SpendingForm(MoneyForm):
    amount = forms.CharField(label=_("金额（元）"), widget=MONEY, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=300, required=False, widget=COMMENT)


class CommentForm(MoneyForm):
    """Approve / reject a spending step, confirm or certify a settlement."""

    comment = forms.CharField(label=_("意见"), max_length=300, required=False, widget=COMMENT)


class ReviewForm(MoneyForm):
    approved_total = forms.CharField(label=_("审定金额（元）"), widget=MONEY, required=False)
    comment = forms.CharField(label=_("审核意见"), max_length=300, required=False, widget=COMMENT)


class PayForm(MoneyForm):
    payment_ref = forms.CharField(
        label=_("付款凭证号"), max_length=60, error_messages={"required": _("请填写付款凭证号")}
    )
    fund = forms.ChoiceField(
        label=_("从周转金支付"),
        required=False,
        help_text=_("不选则由财务直接付款"),
    )

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [("", _("不使用周转金"))] + [
            (str(f.pk), f"{f.name}（余额 {f.balance:,.2f} 元）") for f in funds
        ]

    def payload(self) -> dict:
        return {
            "payment_ref": self.cleaned_data["payment_ref"],
            "fund": as_id(self.cleaned_data["fund"]),
        }


class AccountForm(MoneyForm):
    """The team lead's final account: lines come as parallel lists (one entry per row)."""

    contractor = forms.ChoiceField(label=_("责任施工单位"), required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False, widget=COMMENT)
    # Not an input: errors of the lines (from the service) are shown under the table.
    lines = forms.CharField(required=False, widget=forms.HiddenInput, label=_("明细"))

    def __init__(self, *args, contractors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractor"].choices = [("", _("无（B 类可不填）"))] + [
            (str(c.pk), c.name) for c in contractors
        ]

    def rows(self) -> list[dict]:
        """The rows as typed (for showing them again), blank rows left out."""
        if not self.is_bound:
            return []
        columns = {name: self.data.getlist(f"line_{name}") for name in LINE_FIELDS}
        count = max((len(v) for v in columns.values()), default=0)
        rows = []
        for i in range(min(count, 200)):
            row = {
                name: (values[i] if i < len(values) else "").strip()
                for name, values in columns.items()
            }
            if any(row[name] for name in ("item", "unit", "quantity", "unit_price")):
                rows.append(row)
        return rows

    def payload(self) -> dict:
        lines = [
            {
                "kind": r["kind"] or "material",
                "item": r["item"],
                "unit": r["unit"],
                "quantity": r["quantity"],
                "unit_price": r["unit_price"],
            }
            for r in self.rows()
        ]
        return {
            "lines": lines,
            "contractor": as_id(self.cleaned_data["contractor"]),
            "note": self.cleaned_data["note"],
        }
