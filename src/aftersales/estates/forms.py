"""Web forms of the estates screens.

They only parse what the browser sends; every business rule (required fields, formats,
duplicates, warranty minimums) is checked by :mod:`aftersales.estates.services`, whose
:class:`~aftersales.core.errors.DomainError` is put back on the form by :func:`show_error`.
"""

from __future__ import annotations

from django import forms

from aftersales.core.web import show_error  # noqa: F401
from aftersales.estates import selectors
from aftersales.estates.choices import (
    ContactChannel,
    Finish,
    Gender,
    HouseRole,
    HouseStatus,
    IdType,
    Segment,
)
from aftersales.estates.models import House

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(v), str(label)) for v, label in choices.choices if v != ""]


def text(label: str, *, widget=None, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


# --- projects --------------------------------------------------------------------------------


class ProjectForm(forms.Form):
    code = text("项目编码", help_text="字母、数字、下划线或连字符，创建后不可修改")
    name = text("项目名称")
    city = text("城市")
    address = text("地址")
    delivered_on = text("首次交付日期", widget=DATE)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "项目编码创建后不可修改"

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("code", None)
        return data


class PublicAreaForm(forms.Form):
    name = text("公共区域名称")


# --- houses ----------------------------------------------------------------------------------


class HouseEditForm(forms.Form):
    floor = text("楼层", help_text="留空时按房号推算")
    area = text("建筑面积(㎡)")
    unit_type = text("户型")
    finish = forms.ChoiceField(label="装修标准", choices=Finish.choices, initial=Finish.BARE)
    status = forms.ChoiceField(
        label="状态", choices=HouseStatus.choices, initial=HouseStatus.DELIVERED
    )
    delivered_on = text("交付日期", widget=DATE)


class HouseForm(HouseEditForm):
    project = forms.ModelChoiceField(label="项目", queryset=None, empty_label="请选择项目")
    building = text("楼栋")
    unit = text("单元")
    room = text("房号")

    field_order = [
        "project",
        "building",
        "unit",
        "room",
        "floor",
        "area",
        "unit_type",
        "finish",
        "status",
        "delivered_on",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.projects_for(user)


# --- customers -------------------------------------------------------------------------------


class HousePickField(forms.ModelChoiceField):
    """A house chosen through the search picker; only houses in the user's scope are accepted."""

    def __init__(self, **kwargs):
        super().__init__(queryset=House.objects.none(), **kwargs)


class CustomerForm(forms.Form):
    name = text("姓名")
    phone = text("手机号", widget=forms.TextInput(attrs={"inputmode": "tel"}))
    phone2 = text("备用电话", widget=forms.TextInput(attrs={"inputmode": "tel"}))
    id_type = forms.ChoiceField(label="证件类型", choices=_blank(IdType), required=False)
    id_number = text("证件号码", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    birthday = text("生日", widget=DATE)
    gender = forms.ChoiceField(label="性别", choices=_blank(Gender), required=False)
    segment = forms.ChoiceField(label="客户分类", choices=_blank(Segment), required=False)
    tags = text("标签", help_text="多个标签以逗号分隔")
    preferred_channel = forms.ChoiceField(
        label="首选联系方式", choices=ContactChannel.choices, initial=ContactChannel.PHONE
    )
    email = text("邮箱", widget=forms.EmailInput)
    note = text("备注", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["id_number"].help_text = "留空则不修改已登记的证件号码"

    def data_for_service(self, customer=None) -> dict:
        """The values for create_customer, or for update_customer of ``customer``."""
        data = {k: v for k, v in self.cleaned_data.items() if k in CustomerForm.base_fields}
        if customer is not None and not data.get("id_number"):
            # An empty box on the edit page means "keep the number on file"; a new document
            # type alone is passed on (the service re-checks the stored number against it).
            data.pop("id_number")
            if data.get("id_type") in ("", customer.id_type):
                data.pop("id_type")
        return data


class CustomerCreateForm(CustomerForm):
    house = HousePickField(label="关联房屋", required=False)
    role = forms.ChoiceField(label="身份", choices=HouseRole.choices, initial=HouseRole.OWNER)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].queryset = selectors.houses_for(user)


class LinkHouseForm(forms.Form):
    house = HousePickField(label="房屋", error_messages={"required": "请选择房屋"})
    role = forms.ChoiceField(label="身份", choices=HouseRole.choices, initial=HouseRole.OWNER)
    since = forms.DateField(label="起始日期", required=False, widget=DATE)
    contract_no = text("购房合同号")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].queryset = selectors.houses_for(user)


# --- imports ---------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="花名册文件（.xlsx）",
        error_messages={"required": "请选择要上传的 Excel 文件"},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(label="仅校验（试运行）", required=False, initial=True)


# --- warranty --------------------------------------------------------------------------------


class WarrantyComponentForm(forms.Form):
    months = text("默认保修期(月)", help_text="留空表示设计使用年限")
    basis = text("依据")


class WarrantyTermForm(forms.Form):
    months = text("保修期(月)")
