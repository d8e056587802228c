"""Small template helpers for the web UI: icons, badges, form widgets, pagination, audit diffs.

Load with ``{% load ui %}``. Query strings are kept with Django's own ``{% querystring %}``.
"""

from __future__ import annotations

import json

from django import template
from django.apps import apps
from django.forms import BoundField
from django.utils.html import format_html

from aftersales.core import audit

register = template.Library()

# Menu icon names that are not Tabler icon names.
ICON_ALIASES = {"house": "home-2", "building": "building-community"}

# Tabler badge colours; a badge without an explicit colour gets a stable pick from this list.
PALETTE = [
    "blue",
    "azure",
    "indigo",
    "purple",
    "pink",
    "orange",
    "yellow",
    "lime",
    "green",
    "teal",
    "cyan",
]


@register.filter
def can_do(user, capability: str) -> bool:
    """``{% if request.user|can_do:"meetings.manage" %}``: the capability table, in templates."""
    from aftersales.core.permissions import can

    return can(user, capability)


@register.simple_tag
def icon(name: str, extra: str = ""):
    """``<i class="ti ti-NAME">`` for a Tabler icon name (without the ``ti-`` prefix)."""
    name = ICON_ALIASES.get(name, name)
    cls = f"ti ti-{name} {extra}".strip()
    return format_html('<i class="{}" aria-hidden="true"></i>', cls)


def _colour_for(value: str) -> str:
    return PALETTE[sum(map(ord, str(value))) % len(PALETTE)]


@register.simple_tag
def badge(text, color: str = ""):
    """A light Tabler badge; the colour defaults to a stable one for the text."""
    color = color or _colour_for(text)
    return format_html('<span class="badge bg-{}-lt">{}</span>', color, text)


@register.simple_tag
def choice_badge(obj, field_name: str, color: str = ""):
    """A badge with the display label of a choices field, e.g. ``{% choice_badge house "status" %}``."""
    value = getattr(obj, field_name)
    if value in (None, ""):
        return ""
    label = getattr(obj, f"get_{field_name}_display")()
    return badge(label, color or _colour_for(value))


@register.filter
def widget_class(field: BoundField) -> str:
    """The Bootstrap class for a field's widget, with ``is-invalid`` when it has errors."""
    kind = field.widget_type
    if kind in ("checkbox", "radioselect", "checkboxselectmultiple"):
        cls = "form-check-input"
    elif kind in ("select", "selectmultiple", "nullbooleanselect"):
        cls = "form-select"
    else:
        cls = "form-control"
    return f"{cls} is-invalid" if field.errors else cls


@register.filter
def styled(field: BoundField):
    """Render a bound field's widget with the Bootstrap class (see :func:`widget_class`)."""
    attrs = {"class": widget_class(field)}
    if field.errors:
        attrs["aria-invalid"] = "true"
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{attrs['class']} {existing}"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def elided_pages(page_obj):
    """Page numbers around the current one, with ``…`` gaps (Paginator.ELLIPSIS)."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )


@register.filter
def model_label(label: str) -> str:
    """The Chinese name of a model from its ``app_label.ModelName`` label."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _short(value, limit: int = 60) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


@register.filter
def audit_action(code: str) -> str:
    """An audit action in words (``pay`` → 付款), from core.audit's one mapping."""
    return audit.action_words(code)


@register.filter
def audit_changes(entry) -> list[dict]:
    """Before/after of an audit entry as rows of ``{key, before, after}`` with short values.

    Keys whose value did not change, or that are empty on both sides, are left out so that a
    creation shows only what was filled in and an update only what changed.
    """
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    label = entry.model or ""
    for key in dict.fromkeys([*after, *before]):
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        if _empty(old) and _empty(new):
            continue
        rows.append(
            {
                "key": audit.field_words(label, key),
                "code": key,
                "before": _short(audit.value_words(label, key, old)) if key in before else "",
                "after": _short(audit.value_words(label, key, new)) if key in after else "",
            }
        )
    if entry.before is not None and not isinstance(entry.before, dict):
        rows.append({"key": "", "before": _short(entry.before), "after": ""})
    if entry.after is not None and not isinstance(entry.after, dict):
        rows.append({"key": "", "before": "", "after": _short(entry.after)})
    return rows


@register.filter
def cn_weekday(value) -> str:
    """星期X for a date, or for ``{% now "w" %}`` (0 = Sunday); independent of the language."""
    names = "日一二三四五六"
    if hasattr(value, "isoweekday"):
        return "星期" + names[value.isoweekday() % 7]
    try:
        return "星期" + names[int(value) % 7]
    except (TypeError, ValueError):
        return ""
