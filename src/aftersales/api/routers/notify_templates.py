"""Message templates (R-NTF): their texts, the placeholders each may use, and editing them."""

from ninja import Router, Schema

from aftersales.core.errors import NotFound
from aftersales.core.permissions import require
from aftersales.notify import templates
from aftersales.notify.models import NotificationTemplate

router = Router(tags=["消息"])


class TemplateOut(Schema):
    code: str
    name: str
    subject: str
    body: str
    active: bool
    fields: list[str]

    @staticmethod
    def resolve_fields(obj: NotificationTemplate) -> list[str]:
        return list(templates.known_fields(obj))


class TemplatePatch(Schema):
    subject: str | None = None
    body: str | None = None
    active: bool | None = None


def _template(code: str) -> NotificationTemplate:
    template = NotificationTemplate.objects.filter(code=code).first()
    if template is None:
        raise NotFound("消息模板不存在")
    return template


@router.get("/notification-templates", response=list[TemplateOut], summary="消息模板")
def list_templates(request):
    require(request.auth, "notify.templates")
    return list(NotificationTemplate.objects.order_by("code"))


@router.patch("/notification-templates/{code}", response=TemplateOut, summary="修改消息模板")
def patch_template(request, code: str, payload: TemplatePatch):
    require(request.auth, "notify.templates")
    template = _template(code)
    data = payload.dict(exclude_unset=True)
    return templates.update_template(
        request.auth,
        template,
        subject=template.subject if data.get("subject") is None else data["subject"],
        body=template.body if data.get("body") is None else data["body"],
        active=template.active if data.get("active") is None else data["active"],
    )
