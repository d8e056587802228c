"""Web forms of the care screens: they only parse; the services check every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.care.choices import CampaignKind, CareChannel, CareKind, VisitMethod
from aftersales.core import bounds
from aftersales.core.forms import MomentField, TextField
from aftersales.core.money import MoneyField


def _text(label, *, widget=None, help_text="", required=False) -> forms.CharField:
    return TextField(label=label, required=required, widget=widget, help_text=help_text)


def _project_field(required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=_("项目"), coerce=int, empty_value=None, required=required)


class _WithProjects(forms.Form):
    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "—")] + [
            (p.pk, f"{p.code} {p.name}") for p in projects
        ]


class CampaignForm(_WithProjects):
    project = _project_field()
    kind = forms.ChoiceField(label=_("回访类型"), choices=CampaignKind.choices)
    sample_rate = forms.DecimalField(
        label=_("抽样比例"),
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=3,
        help_text=_("年度回访 0.10–0.25；首次回访覆盖全部入住户"),
    )
    questionnaire = forms.TypedChoiceField(
        label=_("问卷"), coerce=int, empty_value=None, required=False
    )
    title = _text(_("名称"), help_text=_("不填则按项目和类型生成"))
    seed = forms.IntegerField(
        label=_("抽样种子"),
        required=False,
        min_value=0,
        help_text=_("不填则随机生成并保存，用于复现抽样"),
    )

    def __init__(self, *args, questionnaires=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = [("", "—")] + [
            (q.pk, q.title) for q in questionnaires
        ]


class VisitForm(forms.Form):
    method = forms.ChoiceField(
        label=_("回访方式"),
        choices=VisitMethod.choices,
        widget=forms.RadioSelect,
        initial=VisitMethod.IN_PERSON,
    )
    note = _text(_("回访记录"), widget=forms.Textarea(attrs={"rows": 3}))
    phone = _text(_("联系电话"), help_text=_("该房屋没有登记客户时，提出问题须留下联系电话"))
    severely_dissatisfied = forms.BooleanField(
        label=_("客户非常不满意（需经理复访）"), required=False
    )


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("关怀类型"), choices=CareKind.choices)
    name = _text(_("名称"), required=True)
    months = forms.IntegerField(
        label=_("月数"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("保修到期前提醒的月数，或交付后回访的月数"),
    )
    segment = _text(_("客户分类"), help_text=_("VIP 礼遇适用的客户分类编码，如 vip"))
    channel = forms.ChoiceField(label=_("发送渠道"), choices=CareChannel.choices)
    text = _text(
        _("内容"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("可用 {name} {house} {component} {on} {months}"),
    )
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class ActivityForm(_WithProjects):
    project = _project_field()
    theme = _text(_("主题"), required=True)
    items = _text(_("活动内容"), widget=forms.Textarea(attrs={"rows": 3}))
    place = _text(_("地点"), required=True)
    starts_at = MomentField(label=_("时间"), window=bounds.CALCULATION)
    people = forms.IntegerField(label=_("预计人数"), required=False, min_value=0, max_value=100000)
    cost = MoneyField(label=_("预算费用（元）"), required=False)
    prizes = _text(_("奖品"), widget=forms.Textarea(attrs={"rows": 2}))


class ExecutionForm(forms.Form):
    record = _text(_("执行记录"), required=True, widget=forms.Textarea(attrs={"rows": 4}))
    attendance = forms.IntegerField(label=_("实际参加人数"), min_value=0, max_value=100000)


class NoticeForm(_WithProjects):
    project = _project_field()
    title = _text(_("标题"), required=True)
    body = _text(_("内容"), widget=forms.Textarea(attrs={"rows": 3}))


class SpotCheckForm(_WithProjects):
    project = _project_field()
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    visits_checked = forms.IntegerField(label=_("抽查户数"), min_value=1, max_value=100000)
    findings = _text(_("抽查结论"), required=True, widget=forms.Textarea(attrs={"rows": 3}))
