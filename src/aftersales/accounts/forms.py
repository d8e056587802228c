"""Web forms of the accounts screens: login, user search and user create/edit.

They only parse what the browser sends; the rules (username format, phone, password strength,
roles) are checked by :mod:`aftersales.accounts.services`, whose ``DomainError`` the view puts
back on the form with :func:`aftersales.core.web.show_error`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import TradeCode
from aftersales.accounts.models import Department, Role


def _named(model) -> list[tuple[str, str]]:
    """(code, name) of every role or department, the name in the user's language.

    The names are stored in Chinese (reference data seeded from ``accounts.choices``); a name
    the message catalogue knows is shown translated, any other name as it is stored.
    """
    return [(code, gettext(name)) for code, name in model.objects.values_list("code", "name")]


def _contractors() -> list[tuple]:
    """Contractor companies a contractor user can belong to (stopped ones marked)."""
    from aftersales.accounts.models import contractor_model

    companies = contractor_model()

    rows = companies.objects.order_by("-active", "name").values_list("pk", "name", "active")
    stopped = gettext("（已停止合作）")
    return [("", "—")] + [(pk, name if active else name + stopped) for pk, name, active in rows]


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("用户名、姓名或手机号")}),
    )
    role = forms.ChoiceField(label=_("角色"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("全部角色")), *_named(Role)]


class UserForm(forms.Form):
    """Create (``editing=False``) or edit a user; the project list is the actor's choice set."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用，字母、数字或 _.@+-，创建后不可修改"),
    )
    name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    department = forms.ChoiceField(label=_("部门"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("可多选；用户能使用的功能由角色决定"),
    )
    trades = forms.MultipleChoiceField(
        label=_("工种"),
        choices=TradeCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("维修人员的专业；派工时按工种推荐"),
    )
    projects = forms.TypedMultipleChoiceField(
        label=_("数据范围（项目）"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "不选表示可查看全部项目（总部部门）；选中后只能查看所选项目的数据。按住 Ctrl 可多选"
        ),
    )
    contractor = forms.TypedChoiceField(
        label=_("所属施工单位"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("仅“施工单位联系人”角色需选择；该账号只能看到本单位的工单与台账"),
    )
    customer = forms.IntegerField(
        label=_("对应客户编号"),
        min_value=1,
        required=False,
        help_text=_(
            "仅“业主/住户”角色需填写：客户档案的编号；业主用手机验证码首次登录时会自动建号"
        ),
    )
    is_active = forms.BooleanField(
        label=_("启用"), required=False, initial=True, help_text=_("停用后该用户不能登录")
    )
    password = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
        help_text=_("至少 8 位，不能全为数字，不能与用户名过于相似"),
    )

    def __init__(self, *args, projects=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["department"].choices = [("", "—"), *_named(Department)]
        self.fields["roles"].choices = _named(Role)
        self.fields["projects"].choices = [(p.pk, f"{p.name}（{p.code}）") for p in projects]
        self.fields["contractor"].choices = _contractors()
        if editing:
            del self.fields["username"]
            del self.fields["customer"]
            pw = self.fields["password"]
            pw.label = _("重置密码")
            pw.required = False
            pw.help_text = _("留空则不修改；填写后该用户须用新密码登录")
        else:
            del self.fields["is_active"]  # a new account is always active

    @classmethod
    def initial_for(cls, user) -> dict:
        return {
            "name": user.name,
            "phone": user.phone,
            "department": user.department.code if user.department_id else "",
            "roles": list(user.roles.values_list("code", flat=True)),
            "projects": list(user.projects.values_list("id", flat=True)),
            "trades": list(user.trades or []),
            "contractor": user.contractor_id,
            "is_active": user.is_active,
        }

    def service_kwargs(self) -> dict:
        """The cleaned data as keyword arguments of ``create_user`` / ``update_user``."""
        data = self.cleaned_data
        kwargs = {
            "name": data["name"],
            "phone": data["phone"],
            "department": data["department"] or None,
            "roles": list(data["roles"]),
            "projects": list(data["projects"]),
            "trades": list(data["trades"]),
            "contractor": data["contractor"],
        }
        if self.editing:
            kwargs["is_active"] = data["is_active"]
            if data["password"]:
                kwargs["password"] = data["password"]
        else:
            kwargs["username"] = data["username"]
            kwargs["customer"] = data["customer"]
            kwargs["password"] = data["password"]
        return kwargs


class PasswordChangeForm(forms.Form):
    """The signed-in user's own password (the rules are in services.change_own_password)."""

    current_password = forms.CharField(
        label=_("当前密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全为数字，不能是常见密码，不要与用户名、姓名相近"),
    )
    confirm = forms.CharField(
        label=_("确认新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("confirm") != data.get("new_password"):
            self.add_error("confirm", _("两次输入的新密码不一致"))
        return data
