"""API of 统计报表."""

from ninja import Router

router = Router(tags=["统计报表"])
