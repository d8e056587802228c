"""Web forms of the estates screens.

They only parse what the browser sends; every business rule (required fields, formats,
duplicates, warranty minimums) is checked by :mod:`aftersales.estates.services`, whose
:class:`~aftersales.core.errors.DomainError` is put back on the form by :func:`show_error`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core.forms import DATE_INPUT, DayField, TextField
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

DATE = DATE_INPUT


def _blank(choices) -> list[tuple[str, str]]:
    # The labels stay lazy: they are translated when the form is shown, not at import.
    return [("", "—")] + [(str(v), label) for v, label in choices.choices if v != ""]


def text(label, *, widget=None, help_text="") -> forms.CharField:
    return TextField(label=label, required=False, widget=widget, help_text=help_text)


# --- projects --------------------------------------------------------------------------------


class ProjectForm(forms.Form):
    code = text(_("项目编码"), help_text=_("字母、数字、下划线或连字符，创建后不可修改"))
    name = text(_("项目名称"))
    city = text(_("城市"))
    address = text(_("地址"))
    delivered_on = text(_("首次交付日期"), widget=DATE)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("项目编码创建后不可修改")

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("code", None)
        return data


class PublicAreaForm(forms.Form):
    name = text(_("公共区域名称"))


# --- houses ----------------------------------------------------------------------------------


class HouseEditForm(forms.Form):
    floor = text(_("楼层"), help_text=_("留空时按房号推算"))
    area = text(_("建筑面积(㎡)"))
    unit_type = text(_("户型"))
    finish = forms.ChoiceField(label=_("装修标准"), choices=Finish.choices, initial=Finish.BARE)
    status = forms.ChoiceField(
        label=_("状态"), choices=HouseStatus.choices, initial=HouseStatus.DELIVERED
    )
    delivered_on = text(_("交付日期"), widget=DATE)


class HouseForm(HouseEditForm):
    project = forms.ModelChoiceField(label=_("项目"), queryset=None, empty_label=_("请选择项目"))
    building = text(_("楼栋"))
    unit = text(_("单元"))
    room = text(_("房号"))

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
    name = text(_("姓名"))
    phone = text(_("手机号"), widget=forms.TextInput(attrs={"inputmode": "tel"}))
    phone2 = text(_("备用电话"), widget=forms.TextInput(attrs={"inputmode": "tel"}))
    id_type = forms.ChoiceField(label=_("证件类型"), choices=_blank(IdType), required=False)
    id_number = text(_("证件号码"), widget=forms.TextInput(attrs={"autocomplete": "off"}))
    birthday = text(_("生日"), widget=DATE)
    gender = forms.ChoiceField(label=_("性别"), choices=_blank(Gender), required=False)
    segment = forms.ChoiceField(label=_("客户分类"), choices=_blank(Segment), required=False)
    tags = text(_("标签"), help_text=_("多个标签以逗号分隔"))
    preferred_channel = forms.ChoiceField(
        label=_("首选联系方式"), choices=ContactChannel.choices, initial=ContactChannel.PHONE
    )
    email = text(_("邮箱"), widget=forms.EmailInput)
    note = text(_("备注"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["id_number"].help_text = _("留空则不修改已登记的证件号码")

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
    house = HousePickField(label=_("关联房屋"), required=False)
    role = forms.ChoiceField(label=_("身份"), choices=HouseRole.choices, initial=HouseRole.OWNER)
    same_phone_confirmed = forms.BooleanField(
        label=_("该号码确为另一位客户所用（如家庭成员共用），仍然新建"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].queryset = selectors.houses_for(user)


class LinkHouseForm(forms.Form):
    house = HousePickField(label=_("房屋"), error_messages={"required": _("请选择房屋")})
    role = forms.ChoiceField(label=_("身份"), choices=HouseRole.choices, initial=HouseRole.OWNER)
    since = DayField(label=_("起始日期"), required=False, widget=DATE)
    contract_no = text(_("购房合同号"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].queryset = selectors.houses_for(user)


# --- imports ---------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("花名册文件（.xlsx）"),
        error_messages={"required": _("请选择要上传的 Excel 文件")},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(label=_("仅校验（试运行）"), required=False, initial=True)


# --- warranty --------------------------------------------------------------------------------


class WarrantyComponentForm(forms.Form):
    months = text(_("默认保修期(月)"), help_text=_("留空表示设计使用年限"))
    basis = text(_("依据"))


class WarrantyTermForm(forms.Form):
    months = text(_("保修期(月)"))
