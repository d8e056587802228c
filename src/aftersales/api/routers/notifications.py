"""The staff inbox (R-NTF-2): my messages, unread first, and marking them read."""

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from aftersales.api.pagination import PageNumber
from aftersales.api.types import Id, LocalDateTime
from aftersales.core import scoping
from aftersales.notify import services
from aftersales.notify.models import Notification

router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    channel: str
    template: str
    subject: str
    body: str
    ticket: int | None
    created_at: LocalDateTime
    read_at: LocalDateTime | None

    @staticmethod
    def resolve_ticket(obj: Notification) -> int | None:
        return obj.ticket_id


class ReadIn(Schema):
    ids: list[Id] | None = Field(None, description="要标记为已读的消息；不填表示全部")


class ReadOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], summary="我的消息")
@paginate(PageNumber)
def inbox(request, unread: bool = False):
    qs = scoping.visible_to(Notification.objects.all(), request.auth)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-id")


@router.post("/notifications/read", response=ReadOut, summary="标记已读")
def mark_read(request, payload: ReadIn):
    return {"marked": services.mark_read(request.auth, payload.ids)}
