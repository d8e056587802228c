"""Staff screens of notifications (R-NTF-2): my inbox, and the message templates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.core.web import as_id, need, paginate, show_error
from aftersales.notify import services, templates
from aftersales.notify.models import Notification, NotificationTemplate


@login_required
def inbox(request):
    show = "unread" if request.GET.get("show") == "unread" else "all"
    qs = Notification.objects.filter(recipient=request.user).select_related("ticket")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    qs = qs.order_by(F("read_at").asc(nulls_first=True), "-id")
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(
        request,
        "notify/inbox.html",
        {"page_obj": paginate(request, qs), "show": show, "unread": unread},
    )


@login_required
@require_POST
def mark_read(request):
    """One message (``id``) or all of mine (no ``id``); then back to the inbox or the ticket."""
    pk = as_id(request.POST.get("id"))
    if request.POST.get("id") and pk is None:
        raise Http404
    marked = services.mark_read(request.user, None if pk is None else [pk])
    if pk is None:
        messages.success(request, gettext("已将 %(count)s 条消息标为已读") % {"count": marked})
    target = request.POST.get("next") or ""
    if pk is not None and target == "ticket":
        note = Notification.objects.filter(pk=pk, recipient=request.user).first()
        if note is not None and note.ticket_id:
            return redirect("tickets:detail", note.ticket_id)
    back = reverse("notify:inbox")
    return redirect(back + "?show=unread" if request.POST.get("show") == "unread" else back)


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("标题"), max_length=200, required=False)
    body = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    active = forms.BooleanField(label=_("启用"), required=False)


def _rows(failed: dict[int, TemplateForm]) -> list[dict]:
    return [
        {
            "template": t,
            "fields": templates.known_fields(t),
            "form": failed.get(t.pk)
            or TemplateForm(
                initial={"subject": t.subject, "body": t.body, "active": t.active},
                prefix=f"t{t.pk}",
            ),
        }
        for t in NotificationTemplate.objects.order_by("code")
    ]


@login_required
def template_list(request):
    need(request, "notify.templates")
    failed: dict[int, TemplateForm] = {}
    if request.method == "POST":
        pk = as_id(request.POST.get("template"))
        template = NotificationTemplate.objects.filter(pk=pk).first() if pk else None
        if template is None:
            raise Http404(gettext("消息模板不存在"))
        form = TemplateForm(request.POST, prefix=f"t{template.pk}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                templates.update_template(
                    request.user, template, data["subject"], data["body"], data["active"]
                )
            except DomainError as exc:
                show_error(form, exc)
            else:
                messages.success(
                    request, gettext("消息模板“%(name)s”已保存") % {"name": template.name}
                )
                return redirect(f"{request.path}#template-{template.pk}")
        failed[template.pk] = form
    return render(
        request,
        "notify/templates.html",
        {"rows": _rows(failed)},
        status=422 if failed else 200,
    )
