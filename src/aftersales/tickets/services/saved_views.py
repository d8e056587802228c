"""Saved ticket searches (保存的查询): a user's named filter sets beside the ticket list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction

from aftersales.core import scoping
from aftersales.core.errors import Conflict, NotFound, field_error
from aftersales.core.permissions import require
from aftersales.tickets import search
from aftersales.tickets.models import SavedView

MAX_VIEWS = 50


def canonical_query(params) -> str:
    """The filters of ``params`` as a query string of the known, non-empty ones (checked)."""
    found = search.parse(params)
    pairs = []
    for name in search.FILTER_NAMES:
        value = getattr(found, name)
        if value in (None, "", False):
            continue
        pairs.append((name, "true" if value is True else str(value)))
    return urlencode(pairs)


@transaction.atomic
def save_view(user, *, name: str, params) -> SavedView:
    """Save the list's current filters under ``name`` (a name used again replaces its filters)."""
    require(user, "tickets.search")
    name = " ".join(str(name or "").split())
    if not name:
        raise field_error("name", "请填写查询名称", code="required")
    if len(name) > 40:
        raise field_error("name", "查询名称不能超过 40 个字")
    query = canonical_query(params)
    if not query:
        raise field_error("name", "请先设置至少一个筛选条件再保存", code="empty")
    mine = SavedView.objects.select_for_update().filter(user=user)
    view = mine.filter(name=name).first()
    if view is not None:
        view.query = query
        view.save(update_fields=["query"])
        return view
    if mine.count() >= MAX_VIEWS:
        raise Conflict(f"最多保存 {MAX_VIEWS} 个查询，请先删除不用的", code="too_many")
    return SavedView.objects.create(user=user, name=name, query=query)


def delete_view(user, view_id: int) -> None:
    """Delete one of the user's saved views; another user's is not found (404)."""
    require(user, "tickets.search")
    view = scoping.visible_to(SavedView.objects.filter(pk=view_id), user).first()
    if view is None:
        raise NotFound("保存的查询不存在")
    view.delete()
