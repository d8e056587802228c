"""Web forms of the handover screens: they parse input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core import bounds
from aftersales.core.forms import DayField, MomentField, TextField
from aftersales.handover.choices import Document, HalfDay, Party, PatrolKind


class BatchForm(forms.Form):
    project = forms.TypedChoiceField(label=_("项目"), coerce=int)
    name = TextField(label=_("批次名称"), max_length=60)
    starts_on = DayField(label=_("开始日期"))
    ends_on = DayField(label=_("结束日期"))
    capacity = forms.IntegerField(label=_("每半天接待户数"), min_value=1, max_value=500, initial=20)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.pk, f"{p.code} {p.name}") for p in projects]


class BookForm(forms.Form):
    house = forms.TypedChoiceField(label=_("房屋"), coerce=int)
    customer = forms.IntegerField(label=_("客户编号"), widget=forms.HiddenInput, required=False)
    day = DayField(label=_("预约日期"))
    half = forms.ChoiceField(label=_("时段"), choices=HalfDay.choices)
    party = forms.ChoiceField(label=_("办理人"), choices=Party.choices, initial=Party.OWNER)

    def __init__(self, *args, houses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].choices = [(h.pk, h.label) for h in houses]


class DocumentsForm(forms.Form):
    party = forms.ChoiceField(label=_("办理人"), choices=Party.choices)
    documents = forms.MultipleChoiceField(
        label=_("带来的资料"),
        choices=Document.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MoveInForm(forms.Form):
    party = forms.ChoiceField(label=_("办理人"), choices=Party.choices)
    documents = forms.MultipleChoiceField(
        label=_("核验资料"),
        choices=Document.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    keys = forms.IntegerField(label=_("钥匙（把）"), min_value=0, max_value=50, initial=3)
    water = forms.DecimalField(label=_("水表读数"), min_value=0, decimal_places=2, required=False)
    electricity = forms.DecimalField(
        label=_("电表读数"), min_value=0, decimal_places=2, required=False
    )
    gas = forms.DecimalField(label=_("燃气表读数"), min_value=0, decimal_places=2, required=False)
    handbook = forms.BooleanField(label=_("业主手册已交付"), required=False, initial=True)
    drawings = forms.BooleanField(label=_("水电图纸已交付"), required=False, initial=True)
    agreements_signed = forms.BooleanField(label=_("物业服务协议已签"), required=False)
    fees_collected = forms.DecimalField(
        label=_("收取费用（元）"), min_value=0, decimal_places=2, required=False
    )
    files = forms.FileField(label=_("资料扫描件"), required=False)


class CustodyForm(forms.Form):
    house = forms.IntegerField(label=_("房屋编号"), widget=forms.HiddenInput)
    customer = forms.TypedChoiceField(label=_("业主"), coerce=int)
    starts_on = DayField(label=_("托管开始"))
    water = forms.DecimalField(label=_("起始水表"), min_value=0, decimal_places=2)
    electricity = forms.DecimalField(label=_("起始电表"), min_value=0, decimal_places=2)
    agreement = TextField(label=_("托管协议"), max_length=300, required=False)

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].choices = [(c.pk, c.name) for c in customers]


class PatrolForm(forms.Form):
    kind = forms.ChoiceField(label=_("巡查类型"), choices=PatrolKind.choices)
    water = forms.DecimalField(label=_("水表读数"), min_value=0, decimal_places=2, required=False)
    electricity = forms.DecimalField(
        label=_("电表读数"), min_value=0, decimal_places=2, required=False
    )
    findings = TextField(
        label=_("发现问题"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    photo = forms.FileField(
        label=_("照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    occurred_at = MomentField(label=_("巡查时间"), window=bounds.OCCURRED, required=False)


class EndForm(forms.Form):
    water = forms.DecimalField(label=_("结束水表"), min_value=0, decimal_places=2, required=False)
    electricity = forms.DecimalField(
        label=_("结束电表"), min_value=0, decimal_places=2, required=False
    )


class RainForm(forms.Form):
    project = forms.TypedChoiceField(label=_("项目"), coerce=int)
    kind = forms.ChoiceField(
        label=_("巡查类型"),
        choices=[
            (PatrolKind.BEFORE_RAIN, PatrolKind.BEFORE_RAIN.label),
            (PatrolKind.AFTER_RAIN, PatrolKind.AFTER_RAIN.label),
        ],
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.pk, f"{p.code} {p.name}") for p in projects]


class ReportForm(forms.Form):
    project = forms.TypedChoiceField(label=_("项目"), coerce=int)
    summary = TextField(
        label=_("总体情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lines = TextField(
        label=_("设备使用情况"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项：设备或产品，问题次数，情况说明（以逗号分隔）"),
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.pk, f"{p.code} {p.name}") for p in projects]


class ChecklistItemForm(forms.Form):
    """One line of the inspection checklist (add, or edit in place)."""

    room = TextField(label=_("部位"), max_length=30)
    name = TextField(label=_("检查项目"), max_length=80)
    category = forms.ChoiceField(label=_("默认类别"))
    component = forms.ChoiceField(label=_("默认保修部位"))
    order = forms.IntegerField(label=_("顺序"), required=False, min_value=0, max_value=32767)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, components: list[tuple[str, str]] | None = None, **kwargs):
        """``components``: the warranty components' (code, name), read once by a page that shows
        a form per line (:func:`component_choices`); read here when not given."""
        from aftersales.tickets.choices import Category

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Category.choices
        self.fields["component"].choices = component_choices() if components is None else components


def component_choices() -> list[tuple[str, str]]:
    from aftersales.estates.models import WarrantyComponent

    return list(WarrantyComponent.objects.values_list("code", "name"))
