"""Web forms of the ticket screens: intake and one small form per workflow action.

They only parse what the browser sends (numbers, dates, check boxes) into the keyword
arguments of :func:`aftersales.tickets.services.register_ticket` and
:func:`aftersales.tickets.services.perform`; every business rule is checked there and its
:class:`~aftersales.core.errors.DomainError` is put back on the form by ``show_error``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.choices import DepartmentCode
from aftersales.core import bounds
from aftersales.core.forms import MOMENT_INPUT, MomentField, TextField
from aftersales.core.money import MoneyField
from aftersales.core.web import as_id
from aftersales.estates.models import WarrantyComponent
from aftersales.tickets import deadlines
from aftersales.tickets.choices import (
    Category,
    Channel,
    Kind,
    Opinion,
    ResponsibleParty,
    Severity,
    Urgency,
    WorkClass,
)
from aftersales.tickets.models import Phenomenon

WHEN = MOMENT_INPUT
TEXTAREA = forms.Textarea(attrs={"rows": 2})
CALLBACK_METHODS = [
    ("电话", _("电话回访")),
    ("上门", _("上门回访")),
    ("微信", _("微信回访")),
    ("短信", _("短信回访")),
]
SCORES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]
YES_NO = [("yes", _("是")), ("no", _("否"))]


def _blank(choices, label: str = "—") -> list[tuple[str, str]]:
    return [("", label)] + [(str(v), str(n)) for v, n in choices]


def text(label: str, *, widget=None, help_text: str = "") -> forms.CharField:
    return TextField(label=label, required=False, widget=widget, help_text=help_text)


def when(
    label: str, help_text: str = "", window: bounds.Window = bounds.OCCURRED
) -> forms.DateTimeField:
    return MomentField(window=window, label=label, required=False, widget=WHEN, help_text=help_text)


def component_choices() -> list[tuple[str, str]]:
    return _blank(WarrantyComponent.objects.values_list("code", "name"), gettext("按现象默认"))


# --- intake ----------------------------------------------------------------------------------


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices, initial=Kind.REPAIR)
    channel = forms.ChoiceField(label=_("来源"), choices=Channel.choices, initial=Channel.HOTLINE)
    phone = text(_("来电号码"), widget=forms.TextInput(attrs={"inputmode": "tel"}))
    customer = text(_("客户"), widget=forms.HiddenInput)
    house = text(_("房屋"))
    public_area = text(_("公共区域"), help_text=_("报事位置不在某套房屋内时填写"))
    category = forms.ChoiceField(label=_("类别"), choices=_blank(Category.choices), required=False)
    phenomenon = forms.ChoiceField(label=_("现象"), required=False)
    component = forms.ChoiceField(label=_("保修部位"), required=False)
    location = text(_("房内位置"), help_text=_("如 主卧、卫生间"))
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    severity = forms.ChoiceField(
        label=_("投诉级别"), choices=Severity.choices, initial=Severity.MINOR, required=False
    )
    description = text(_("报事内容"), widget=forms.Textarea(attrs={"rows": 3}))
    occurred_at = when(_("受理时间"), _("补录时填写实际受理时间，留空为现在"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for p in Phenomenon.objects.filter(active=True):
            groups.setdefault(p.get_category_display(), []).append((str(p.pk), p.name))
        self.fields["phenomenon"].choices = [("", "—")] + list(groups.items())
        self.fields["component"].choices = component_choices()

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("customer", "house", "phenomenon"):
            data[key] = as_id(data[key])
        if data["kind"] != Kind.COMPLAINT:
            data["severity"] = ""
        return data


# --- actions ---------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Base of every action form: the back-entry time shared by all actions."""

    occurred_at = when(_("实际发生时间"), _("补录时填写，留空为现在"))
    aliases: dict[str, str] = {}

    def __init__(self, *args, ticket=None, **kwargs):
        self.ticket = ticket
        super().__init__(*args, **kwargs)
        # Field ids unique on a page that holds every action's form.
        self.auto_id = f"id_{self.action}_%s"

    action = ""

    def payload(self) -> dict:
        return dict(self.cleaned_data)


class AssigneeField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=gettext("处理人"), choices=[], required=False, **kwargs)


class DispatchForm(ActionForm):
    action = "dispatch"
    assignee = AssigneeField(help_text=_("按在办工单数从少到多排列"))

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        busy = gettext("%(name)s（在办 %(count)s）")
        self.fields["assignee"].choices = [("", gettext("请选择处理人"))] + [
            (str(u.pk), busy % {"name": u.display_name, "count": u.open_count}) for u in staff
        ]

    def payload(self) -> dict:
        data = super().payload()
        data["assignee"] = as_id(data["assignee"])
        return data


class ReassignForm(DispatchForm):
    action = "reassign"
    reason = text(_("改派原因"))


class AppointmentForm(ActionForm):
    action = "appointment"
    visit_at = when(_("预约上门时间"), window=bounds.APPOINTMENT)
    note = text(_("备注"))


class SurveyForm(ActionForm):
    action = "survey"
    responsible_party = forms.ChoiceField(
        label=_("责任方"), choices=_blank(ResponsibleParty.choices), required=False
    )
    trades = forms.IntegerField(label=_("涉及工种数"), required=False, initial=1)
    trade_names = text(_("工种名称"), help_text=_("多工种时填写，以逗号分隔，如 水电,泥瓦"))
    estimate = MoneyField(label=_("预估费用(元)"), required=False)
    work_class = forms.ChoiceField(
        label=_("工单类别"), choices=_blank(WorkClass.choices), required=False
    )
    component = forms.ChoiceField(label=_("保修部位"), required=False)
    cause = text(_("原因"), widget=TEXTAREA)
    contractor_present = forms.BooleanField(label=_("施工单位到场会签"), required=False)
    complex_work = forms.BooleanField(label=_("复杂维修（需审批维修方案）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = _blank(
            WarrantyComponent.objects.values_list("code", "name"), gettext("不变")
        )

    def payload(self) -> dict:
        data = super().payload()
        names = data.pop("trade_names").replace("，", ",").split(",")
        data["trade_names"] = [n.strip() for n in names if n.strip()]
        return data


class CommentForm(ActionForm):
    action = "approve_plan"
    comment = text(_("意见"), widget=TEXTAREA)


class StartForm(ActionForm):
    action = "start"


class CompleteForm(ActionForm):
    action = "complete"
    aliases = {"materials": "material_item"}
    work_order = forms.ChoiceField(label=_("派工单"), required=False)
    result = text(_("维修结果"), widget=TEXTAREA)
    labour_hours = forms.DecimalField(label=_("工时(小时)"), required=False, decimal_places=2)
    material_item = text(_("材料名称"))
    material_quantity = forms.DecimalField(label=_("数量"), required=False, initial=1)
    material_unit_cost = MoneyField(label=_("单价(元)"), required=False, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        orders = [] if self.ticket is None else self.ticket.open_work_orders
        if len(orders) > 1:
            self.fields["work_order"].choices = [("", gettext("请选择派工单"))] + [
                (str(o.pk), o.trade) for o in orders
            ]
        else:
            del self.fields["work_order"]

    def payload(self) -> dict:
        data = super().payload()
        item = data.pop("material_item").strip()
        quantity, unit_cost = data.pop("material_quantity"), data.pop("material_unit_cost")
        data["materials"] = (
            [{"item": item, "quantity": quantity or 1, "unit_cost": unit_cost or 0}] if item else []
        )
        if "work_order" in data:
            data["work_order"] = as_id(data["work_order"])
        return data


class CheckForm(ActionForm):
    action = "check"
    passed = forms.ChoiceField(
        label=_("检查结果"),
        choices=[("yes", _("合格")), ("no", _("不合格，退回维修"))],
        initial="yes",
        widget=forms.RadioSelect,
    )
    note = text(_("说明"), widget=TEXTAREA)

    def payload(self) -> dict:
        data = super().payload()
        data["passed"] = data["passed"] == "yes"
        return data


class SignOffForm(ActionForm):
    action = "sign_off"
    opinion = forms.ChoiceField(
        label=_("客户意见"),
        choices=Opinion.choices,
        initial=Opinion.SATISFIED,
        widget=forms.RadioSelect,
    )
    signature = text(_("客户签名"), widget=forms.HiddenInput)
    comment = text(_("客户留言"), widget=TEXTAREA)


class CallbackForm(ActionForm):
    action = "callback"
    satisfied = forms.ChoiceField(
        label=_("客户是否满意"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    method = forms.ChoiceField(label=_("回访方式"), choices=CALLBACK_METHODS, initial="电话")
    score_result = forms.ChoiceField(label=_("维修结果"), choices=SCORES, required=False)
    score_attitude = forms.ChoiceField(label=_("服务态度"), choices=SCORES, required=False)
    score_speed = forms.ChoiceField(label=_("处理速度"), choices=SCORES, required=False)
    comment = text(_("客户意见"), widget=TEXTAREA)
    aliases = {"scores": "score_result"}

    def payload(self) -> dict:
        data = super().payload()
        answer = data.pop("satisfied")
        data["satisfied"] = {"yes": True, "no": False}.get(answer)
        scores = {}
        for key in ("result", "attitude", "speed"):
            value = data.pop(f"score_{key}")
            if value:
                scores[key] = int(value)
        data["scores"] = scores
        return data


class RouteForm(ActionForm):
    action = "route"
    departments = forms.MultipleChoiceField(
        label=_("责任部门"),
        choices=DepartmentCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class FeedbackForm(ActionForm):
    action = "feedback"
    department = forms.ChoiceField(
        label=_("反馈部门"), choices=_blank(DepartmentCode.choices), required=False
    )
    content = text(_("反馈内容"), widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None and self.ticket.departments:
            # Only the departments the complaint was routed to answer (R-CMP-3).
            names = dict(DepartmentCode.choices)
            self.fields["department"].choices = _blank(
                [(c, names.get(c, c)) for c in self.ticket.departments]
            )
            self.fields["department"].help_text = gettext(
                "只能由已转交的部门反馈；部门成员留空即为本部门"
            )


class InstructForm(ActionForm):
    action = "instruct"
    measures = text(_("处理措施"), widget=TEXTAREA)
    responsible = text(_("落实人或部门"))
    due = when(_("措施完成期限"), window=bounds.MEASURES)


class ApproveResolutionForm(ActionForm):
    action = "approve_resolution"
    comment = text(_("审批意见"), widget=TEXTAREA)


class ReplyForm(ActionForm):
    action = "reply"
    content = text(_("答复内容"), widget=TEXTAREA)


class ResolveForm(ActionForm):
    action = "resolve"
    content = text(_("处理结果"), widget=TEXTAREA)


class ReasonForm(ActionForm):
    reason = text(_("原因"), widget=TEXTAREA)


class InvalidateForm(ReasonForm):
    action = "invalidate"


class PauseForm(ReasonForm):
    action = "pause"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = gettext("如 客户不在家、客户改约时间")


class ResumeForm(ReasonForm):
    action = "resume"


class CloseForm(ReasonForm):
    action = "close"


class ExtendForm(ActionForm):
    action = "extend"
    deadline = forms.ChoiceField(label=_("时限"), required=False)
    due = when(_("新的截止时间"), window=bounds.EXTENSION)
    customer_consent = forms.BooleanField(label=_("客户已同意延期"), required=False)
    reason = text(_("延期原因"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        running = [] if self.ticket is None else self.ticket.running_deadlines
        self.fields["deadline"].choices = [
            (deadlines.key(d), deadlines.label(d)) for d in running
        ] or [("", gettext("（没有进行中的时限）"))]


class MergeForm(ActionForm):
    action = "merge"
    into = text(_("合并到工单编号"), help_text=_("同一房屋、同一类别的未关闭工单"))

    def __init__(self, *args, lookup=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def payload(self) -> dict:
        data = super().payload()
        number = data.pop("into").strip()
        data["into"] = self.lookup(number) if number and self.lookup else None
        return data


ACTION_FORMS: dict[str, type[ActionForm]] = {
    f.action: f
    for f in (
        DispatchForm,
        ReassignForm,
        AppointmentForm,
        SurveyForm,
        CommentForm,
        StartForm,
        CompleteForm,
        CheckForm,
        SignOffForm,
        CallbackForm,
        RouteForm,
        FeedbackForm,
        InstructForm,
        ApproveResolutionForm,
        ReplyForm,
        ResolveForm,
        InvalidateForm,
        PauseForm,
        ResumeForm,
        ExtendForm,
        MergeForm,
        CloseForm,
    )
}
