"""Web screens of the core domain: home page, working calendar (R-CAL-1) and audit trail (R-ORG-4)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftersales.core import audit, menu, scoping, services, workcalendar
from aftersales.core.context import calendar_warning
from aftersales.core.errors import DomainError
from aftersales.core.forms import DayField
from aftersales.core.models import AuditEntry, WorkCalendarDay
from aftersales.core.permissions import can
from aftersales.core.templatetags.ui import model_label
from aftersales.core.web import is_htmx, need

PER_PAGE = 25
# Column heads of the month grids, Monday first.
WEEKDAYS = [
    pgettext_lazy("weekday column", "一"),
    pgettext_lazy("weekday column", "二"),
    pgettext_lazy("weekday column", "三"),
    pgettext_lazy("weekday column", "四"),
    pgettext_lazy("weekday column", "五"),
    pgettext_lazy("weekday column", "六"),
    pgettext_lazy("weekday column", "日"),
]
MONTHS = [
    pgettext_lazy("month heading", "1 月"),
    pgettext_lazy("month heading", "2 月"),
    pgettext_lazy("month heading", "3 月"),
    pgettext_lazy("month heading", "4 月"),
    pgettext_lazy("month heading", "5 月"),
    pgettext_lazy("month heading", "6 月"),
    pgettext_lazy("month heading", "7 月"),
    pgettext_lazy("month heading", "8 月"),
    pgettext_lazy("month heading", "9 月"),
    pgettext_lazy("month heading", "10 月"),
    pgettext_lazy("month heading", "11 月"),
    pgettext_lazy("month heading", "12 月"),
]
DAY_KINDS = {
    "work": _("工作日"),
    "makeup": _("调休上班"),
    "holiday": _("法定节假日"),
    "rest": _("休息日"),
}


# --- home ------------------------------------------------------------------------------------


def _greeting(now: dt.datetime) -> str:
    hour = now.hour
    if hour < 6:
        return gettext("凌晨好")
    if hour < 11:
        return gettext("上午好")
    if hour < 13:
        return gettext("中午好")
    if hour < 18:
        return gettext("下午好")
    return gettext("晚上好")


@login_required
def home(request):
    user = request.user
    now = timezone.localtime()
    cards = menu.home_cards(user)
    staff = scoping.is_staff_user(user)
    scope = scoping.project_ids(user) if staff else set()
    context = {
        "greeting": _greeting(now),
        "today": now.date(),
        "today_is_workday": workcalendar.is_workday(now.date()),
        "cards": cards,
        "staff": staff,
        "scope_all": scope is None,
        "scope_names": list(user.projects.values_list("name", flat=True)[:4]) if scope else [],
        "scope_count": len(scope or ()),
    }
    context.update(calendar_warning(request))
    return render(request, "core/home.html", context)


# --- working calendar ------------------------------------------------------------------------


def _year_param(value: str | None) -> int:
    today = timezone.localdate()
    try:
        year = int(value or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


def _cell(day: dt.date, row: WorkCalendarDay | None, previous: dict | None, today: dt.date) -> dict:
    weekend = day.weekday() >= 5
    workday = row.workday if row is not None else not weekend
    name = row.name if row is not None else ""
    if workday and weekend:
        kind = "makeup"  # a weekend worked (调休上班)
    elif workday:
        kind = "work"
    elif name:
        kind = "holiday"  # a named rest day: statutory holiday
    else:
        kind = "rest"
    # A holiday's name is written on the first day of its run; the others carry it as a tooltip.
    first_of_run = not (previous and previous["kind"] == kind and previous["name"] == name)
    return {
        "date": day,
        "kind": kind,
        "name": name,
        "label": name if kind == "holiday" and first_of_run else "",
        "title": f"{day:%Y-%m-%d} {date_format(day, 'l')} {DAY_KINDS[kind]} {name}".strip(),
        "today": day == today,
    }


def _calendar_months(year: int, rows: dict[dt.date, WorkCalendarDay]) -> list[dict]:
    """Twelve month grids, Monday first; days without a row fall back to Monday–Friday."""
    today = timezone.localdate()
    months = []
    previous = None
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                previous = _cell(day, rows.get(day), previous, today)
                cells.append(previous)
            weeks.append(cells)
        months.append({"month": month, "name": MONTHS[month - 1], "weeks": weeks})
    return months


def _schedule_text(rows: dict[dt.date, WorkCalendarDay]) -> tuple[str, str]:
    """A scheduled year written back in the form's line format, for correcting it."""
    holidays: list[list] = []
    makeups = []
    for day in sorted(rows):
        row = rows[day]
        if not row.workday and row.name:
            last = holidays[-1] if holidays else None
            if last and last[0] == row.name and last[2] == day - dt.timedelta(days=1):
                last[2] = day
            else:
                holidays.append([row.name, day, day])
        elif row.workday and day.weekday() >= 5:
            makeups.append(f"{day:%Y-%m-%d},{row.name}")
    lines = [f"{name},{start:%Y-%m-%d},{end:%Y-%m-%d}" for name, start, end in holidays]
    return "\n".join(lines), "\n".join(makeups)


def _parse_date(text: str, line_no: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise forms.ValidationError(
            gettext("第 %(line)s 行：日期“%(text)s”格式不对，应为 YYYY-MM-DD")
            % {"line": line_no, "text": text.strip()}
        ) from None


def _lines(text: str) -> list[tuple[int, list[str]]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line:
            out.append((number, [part.strip() for part in line.replace("，", ",").split(",")]))
    return out


class YearScheduleForm(forms.Form):
    """The State Council's yearly notice, one holiday range or make-up day per line."""

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label=_("放假安排"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": _(
                    "例如：\n元旦,2027-01-01,2027-01-01\n国庆节,2027-10-01,2027-10-07"
                ),
            }
        ),
        help_text=_("每行一个假期：名称,开始日期,结束日期（含首尾，日期格式 YYYY-MM-DD）"),
    )
    makeup_days = forms.CharField(
        label=_("调休上班日"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": _("例如：\n2027-10-09,国庆节调休上班")}
        ),
        help_text=_("每行一天：日期,名称（周末上班的日子；名称可省略）"),
    )

    def clean_holidays(self) -> list[services.Holiday]:
        result, errors = [], []
        for number, parts in _lines(self.cleaned_data["holidays"]):
            if len(parts) != 3 or not parts[0]:
                errors.append(
                    gettext("第 %(line)s 行：应为“名称,开始日期,结束日期”三项") % {"line": number}
                )
                continue
            try:
                start, end = _parse_date(parts[1], number), _parse_date(parts[2], number)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
                continue
            result.append(services.Holiday(parts[0], start, end))
        if errors:
            raise forms.ValidationError(errors)
        return result

    def clean_makeup_days(self) -> list[tuple[dt.date, str]]:
        result, errors = [], []
        for number, parts in _lines(self.cleaned_data["makeup_days"]):
            if len(parts) > 2:
                errors.append(gettext("第 %(line)s 行：应为“日期,名称”两项") % {"line": number})
                continue
            try:
                day = _parse_date(parts[0], number)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
                continue
            result.append((day, parts[1] if len(parts) > 1 else ""))
        if errors:
            raise forms.ValidationError(errors)
        return result


class CalendarDayForm(forms.Form):
    workday = forms.TypedChoiceField(
        label=_("这一天"),
        choices=[("1", _("上班（工作日）")), ("0", _("放假（休息日）"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("名称"),
        required=False,
        help_text=_("节假日或调休名称，如“国庆节”“国庆节调休上班”；普通日子留空"),
    )


def _render_calendar(request, year: int, schedule_form: YearScheduleForm | None = None):
    rows = {row.date: row for row in WorkCalendarDay.objects.filter(date__year=year)}
    can_manage = can(request.user, "calendar.manage")
    if can_manage and schedule_form is None:
        holidays, makeups = _schedule_text(rows)
        schedule_form = YearScheduleForm(
            initial={"year": year, "holidays": holidays, "makeup_days": makeups}
        )
    months = _calendar_months(year, rows)
    days = [cell for m in months for week in m["weeks"] for cell in week if cell]
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "months": months,
            "weekdays": WEEKDAYS,
            "scheduled": workcalendar.year_is_scheduled(year),
            "workday_count": sum(1 for c in days if c["kind"] in ("work", "makeup")),
            "rest_count": sum(1 for c in days if c["kind"] in ("holiday", "rest")),
            "holiday_count": sum(1 for c in days if c["kind"] == "holiday"),
            "can_manage": can_manage,
            "schedule_form": schedule_form,
            "schedule_open": schedule_form is not None and schedule_form.is_bound,
        },
    )


@login_required
def calendar_view(request):
    need(request, "calendar.view")
    return _render_calendar(request, _year_param(request.GET.get("year")))


@login_required
@require_POST
def calendar_year(request):
    """Enter a whole year's official schedule (set_year_schedule)."""
    need(request, "calendar.manage")
    form = YearScheduleForm(request.POST)
    year = _year_param(request.POST.get("year"))
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            count = services.set_year_schedule(
                request.user,
                year,
                holidays=form.cleaned_data["holidays"],
                makeup_days=form.cleaned_data["makeup_days"],
            )
        except DomainError as exc:
            field = next((f for f in exc.fields if f in form.fields), None)
            form.add_error(field, exc.detail)
        else:
            messages.success(
                request,
                gettext("已录入 %(year)s 年放假安排，共 %(count)s 天")
                % {"year": year, "count": count},
            )
            return redirect(f"{reverse('core:calendar')}?year={year}")
    return _render_calendar(request, year, form)


@login_required
def calendar_day(request, date: str):
    """Correct one day (set_calendar_day): a small form shown in a dialog, or as a page."""
    need(request, "calendar.manage")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404("日期格式不对") from None
    row = WorkCalendarDay.objects.filter(date=day).first()
    initial = {
        "workday": "1" if (row.workday if row else day.weekday() < 5) else "0",
        "name": row.name if row else "",
    }
    form = CalendarDayForm(request.POST or None, initial=initial)
    back = f"{reverse('core:calendar')}?year={day.year}"
    if request.method == "POST" and form.is_valid():
        try:
            services.set_calendar_day(
                request.user, day, form.cleaned_data["workday"], form.cleaned_data["name"].strip()
            )
        except DomainError as exc:
            form.add_error("name" if "name" in exc.fields else None, exc.detail)
        else:
            messages.success(request, gettext("已更新 %(day)s 的日历") % {"day": f"{day:%Y-%m-%d}"})
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = back
                return response
            return redirect(back)
    template = "core/calendar_day_form.html" if is_htmx(request) else "core/calendar_day.html"
    return render(
        request,
        template,
        {
            "form": form,
            "day": day,
            "back": back,
            "dialog": is_htmx(request),
        },
    )


# --- audit trail -----------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("动作"), required=False, choices=())
    model = forms.ChoiceField(label=_("对象类型"), required=False)
    actor = forms.CharField(
        label=_("操作人"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("操作人姓名")}),
    )
    date_from = DayField(label=_("从"), required=False)
    date_to = DayField(label=_("到"), required=False)

    def __init__(self, *args, models: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("全部类型")), *models]
        self.fields["action"].choices = [("", _("全部动作")), *audit.action_choices()]


@login_required
def audit_list(request):
    need(request, "audit.view")
    entries = scoping.visible_to(AuditEntry.objects.select_related("actor"), request.user)
    labels = sorted(set(entries.order_by().values_list("model", flat=True)) - {""})
    filters = AuditFilterForm(request.GET or None, models=[(m, model_label(m)) for m in labels])
    if filters.is_valid():
        data = filters.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["model"]:
            entries = entries.filter(model=data["model"])
        if data["actor"].strip():
            entries = entries.filter(actor_name__icontains=data["actor"].strip())
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
    page_obj = Paginator(entries.order_by("-at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"filters": filters, "page_obj": page_obj})
