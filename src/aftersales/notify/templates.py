"""Editing message templates (R-NTF): the text may change, the placeholders may not stray.

A placeholder the sender does not fill would reach the recipient as ``{name}``; so each
``{placeholder}`` must be one of :data:`aftersales.notify.reference.KNOWN_FIELDS` for the code.
"""

from __future__ import annotations

import string

from django.db import transaction

from aftersales.core import audit
from aftersales.core.errors import Invalid
from aftersales.core.permissions import require
from aftersales.notify.models import NotificationTemplate
from aftersales.notify.reference import KNOWN_FIELDS

AUDITED = ["subject", "body", "active"]
MAX_SUBJECT = 200
MAX_BODY = 2000


def known_fields(template: NotificationTemplate) -> tuple[str, ...]:
    return KNOWN_FIELDS.get(template.code, ())


def placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text`` as written (with any ``!conversion`` or ``:format``);
    ValueError when the braces do not pair up."""
    return [
        name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    ]


def _problems(text: str, label: str, limit: int, allowed: tuple[str, ...]) -> list[str]:
    if not text:
        return [f"请填写{label}"]
    if len(text) > limit:
        return [f"{label}不能超过 {limit} 字"]
    try:
        names = placeholders(text)
    except ValueError:
        return ["花括号不成对；要显示花括号本身请写 {{ 或 }}"]
    errors = []
    for name in names:
        if name == "":
            errors.append("占位符不能为空，应写成如 {number}")
        elif name not in allowed:
            options = "、".join("{" + n + "}" for n in allowed) or "无"
            errors.append(f"未知的占位符 {{{name}}}，可用：{options}")
    return list(dict.fromkeys(errors))


@transaction.atomic
def update_template(
    actor, template: NotificationTemplate, subject: str, body: str, active: bool
) -> NotificationTemplate:
    require(actor, "notify.templates")
    subject, body = (subject or "").strip(), (body or "").strip()
    allowed = known_fields(template)
    fields = {
        name: errors
        for name, errors in (
            ("subject", _problems(subject, "标题", MAX_SUBJECT, allowed)),
            ("body", _problems(body, "内容", MAX_BODY, allowed)),
        )
        if errors
    }
    if fields:
        raise Invalid(next(iter(fields.values()))[0], fields=fields)
    locked = NotificationTemplate.objects.select_for_update().get(pk=template.pk)
    before = audit.snapshot(locked, AUDITED)
    locked.subject, locked.body, locked.active = subject, body, bool(active)
    locked.save(update_fields=AUDITED)
    after = audit.snapshot(locked, AUDITED)
    if after != before:
        audit.record(actor, "update", locked, before=before, after=after)
    return locked
