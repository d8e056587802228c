"""The photo panel of the ticket page and the photo inputs of the intake and action forms.

Files are never linked from a public media URL: every image and download goes through
:func:`file`, which checks the ticket's data scope like the ticket page itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from aftersales.attachments import services
from aftersales.attachments.models import Stage
from aftersales.core.errors import DomainError, Invalid, NotFound
from aftersales.core.permissions import can
from aftersales.core.web import is_htmx
from aftersales.tickets.choices import Status

STAGE_LABELS = dict(Stage.choices)
# Photo inputs on the ticket actions' forms: action → stages (R-DSP-2 survey, R-DSP-6 repair).
ACTION_STAGES: dict[str, list[str]] = {
    "survey": [Stage.SURVEY],
    "start": [Stage.BEFORE],
    "complete": [Stage.BEFORE, Stage.AFTER],
    "sign_off": [Stage.SIGNOFF],
}
INTAKE_FIELD = "photos"


def field_name(stage: str) -> str:
    return f"photos_{stage}"


def photo_inputs(action: str) -> list[dict]:
    """The photo inputs an action's form shows (empty for actions without photos)."""
    return [
        {
            "name": field_name(stage),
            "label": gettext("%(stage)s照片") % {"stage": STAGE_LABELS[stage]},
        }
        for stage in ACTION_STAGES.get(action, [])
    ]


def action_uploads(request, ticket, action: str) -> dict[str, list]:
    """The files posted with an action's form, checked (raises DomainError), by stage."""
    found: dict[str, list] = {}
    total = []
    for stage in ACTION_STAGES.get(action, []):
        files = [f for f in request.FILES.getlist(field_name(stage)) if f.size]
        if files:
            found[stage] = services.check_uploads(None, files, field=field_name(stage))
            total.extend(found[stage])
    if total:
        services.check_room(ticket, len(total), "photos")
    return found


def attach_checked(request, ticket, by_stage: dict[str, list]) -> int:
    """Store files checked before an action or the intake succeeded; a refusal now (the
    ticket filled up meanwhile) is shown as a warning, the action itself stands."""
    count = 0
    for stage, checked in by_stage.items():
        try:
            count += len(
                services.add_attachments(request.user, ticket.pk, [], stage=stage, checked=checked)
            )
        except DomainError as exc:
            messages.warning(request, gettext("照片未能保存：%(reason)s") % {"reason": exc.detail})
    return count


def panel_context(user, ticket, error: str = "") -> dict:
    """What ``attachments/_panel.html`` shows: thumbnails grouped by stage, the upload form."""
    items = list(ticket.attachments.select_related("uploaded_by", "ticket"))
    groups = []
    for code, label in Stage.choices:
        rows = [a for a in items if a.stage == code]
        for a in rows:
            a.deletable = services.may_delete(user, a)
        if rows:
            groups.append({"stage": code, "label": label, "items": rows})
    closed = ticket.status == Status.CLOSED
    return {
        "ticket": ticket,
        "attachment_groups": groups,
        "attachment_count": len(items),
        "can_upload": can(user, "attachments.add")
        and not closed
        and len(items) < services.max_per_ticket(),
        "upload_stages": Stage.choices,
        "default_stage": services.default_stage(ticket),
        "accept": services.ACCEPT,
        "max_mb": f"{services.max_bytes() / 1024 / 1024:g}",
        "attachment_error": error,
    }


def _ticket(request, pk: int):
    try:
        return services.ticket_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _back(request, ticket) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("tickets:detail", args=[ticket.pk])


def _panel(request, ticket, error: str = ""):
    ticket.refresh_from_db()
    return render(request, "attachments/_panel.html", panel_context(request.user, ticket, error))


@login_required
@require_POST
def upload(request, ticket: int):
    """Upload one or more files to a ticket (the panel's form, the field view's camera)."""
    found = _ticket(request, ticket)
    if not can(request.user, "attachments.add"):  # the staff's panel (owners: their portal)
        raise PermissionDenied
    files = [f for f in request.FILES.getlist("files") if f.size] or list(
        request.FILES.getlist("files")
    )
    error = ""
    try:
        if not files:
            raise Invalid("请选择要上传的文件", code="required")
        created = services.add_attachments(
            request.user,
            found.pk,
            files,
            stage=request.POST.get("stage") or services.default_stage(found),
            caption=request.POST.get("caption", ""),
            field="files",
        )
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.detail) from exc
        error = exc.detail
        if not is_htmx(request):
            messages.error(request, error)
    else:
        if not is_htmx(request):
            messages.success(request, gettext("已上传 %(count)s 个文件") % {"count": len(created)})
    if is_htmx(request):
        # HTMX swaps only successful answers: the panel with its message comes back as 200.
        return _panel(request, found, error)
    return redirect(_back(request, found))


@login_required
@require_POST
def delete(request, pk: int):
    try:
        attachment = services.attachment_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    ticket = attachment.ticket
    error = ""
    try:
        services.delete_attachment(request.user, pk)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.detail) from exc
        if exc.status == 403 and not is_htmx(request):
            raise PermissionDenied(exc.detail) from exc
        error = exc.detail
    if is_htmx(request):
        return _panel(request, ticket, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, gettext("附件已删除"))
    return redirect(_back(request, ticket))


@login_required
def file(request, pk: int, thumbnail: bool = False):
    """An attachment's file (or thumbnail), for users who may see its ticket."""
    try:
        attachment = services.attachment_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError as exc:
        raise Http404 from exc
    inline = attachment.is_image or attachment.content_type == "application/pdf"
    response = FileResponse(
        handle,
        content_type="image/jpeg" if thumbnail else attachment.content_type,
        as_attachment=not inline,
        filename=attachment.original_name or None,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def thumbnail(request, pk: int) -> HttpResponse:
    return file(request, pk, thumbnail=True)


def attach_intake(request, ticket, uploads: list) -> int:
    """Store the intake photos checked by :func:`intake_uploads` on the new ticket."""
    return attach_checked(request, ticket, {Stage.INTAKE: uploads})


def default_stage(ticket) -> str:
    """The stage a photo taken from the field view is filed under (the work's current step)."""
    return services.default_stage(ticket)


def intake_uploads(request) -> list:
    """The intake form's photos, checked before the ticket is registered."""
    files = [f for f in request.FILES.getlist(INTAKE_FIELD) if f.size]
    return services.check_uploads(None, files, field=INTAKE_FIELD) if files else []
