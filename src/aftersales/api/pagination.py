"""api.md pagination: ``?page=`` and ``?page_size=`` (max 200) → ``{"count", "results"}``."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE_SIZE = 200


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
        page_size: int = Field(
            25, ge=1, le=1_000_000, description="每页条数，最多 200（更大的值按 200 处理）"
        )

    class Output(Schema):
        count: int
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, **params):
        size = min(pagination.page_size, MAX_PAGE_SIZE)
        offset = (pagination.page - 1) * size
        return {
            "count": self._items_count(queryset),
            "results": list(queryset[offset : offset + size]),
        }
