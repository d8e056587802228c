"""Web forms of the analysis screens: they only parse; the services check every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.analysis.choices import LessonOwner, LessonStatus, MeetingKind
from aftersales.core.forms import DATE_INPUT, DayField, TextField

DATE = DATE_INPUT


def _text(label, *, widget=None, help_text="", required=False) -> forms.CharField:
    return TextField(label=label, required=required, widget=widget, help_text=help_text)


class LessonForm(forms.Form):
    title = _text(_("标题"))
    owner_dept = forms.ChoiceField(label=_("责任部门"), choices=LessonOwner.choices)
    status = forms.ChoiceField(label=_("状态"), choices=LessonStatus.choices)
    annotation = _text(_("工程批注"), widget=forms.Textarea(attrs={"rows": 5}))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = _text(_("会议名称"), help_text=_("不填则按类型和日期生成"))
    project = forms.TypedChoiceField(
        label=_("项目（客服处）"), coerce=int, empty_value=None, required=False
    )
    ticket = _text(_("专题投诉工单编号"), help_text=_("专题会必填，如 TS-20261102-0001"))
    held_on = DayField(label=_("会议日期"), widget=DATE, required=False)
    place = _text(_("地点"))
    chair = _text(_("主持人"))
    attendees = _text(_("参会人员"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = _text(_("会议纪要"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("总部（不限项目）"))] + [
            (p.pk, f"{p.code} {p.name}") for p in projects
        ]


class ActionForm(forms.Form):
    text = _text(_("待办事项"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.TypedChoiceField(label=_("责任人"), coerce=int, empty_value=None, required=False)
    due_on = DayField(label=_("完成期限"), widget=DATE, required=False)
    tickets = _text(
        _("相关工单"), help_text=_("工单编号，多个用逗号或空格分隔，如 TS-20261102-0001")
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [(u.pk, u.display_name) for u in owners]

    def ticket_refs(self) -> list[str]:
        raw = self.cleaned_data.get("tickets") or ""
        return [part for part in raw.replace("，", ",").replace(",", " ").split() if part]
