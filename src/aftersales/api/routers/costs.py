"""API of 费用与施工单位."""

from ninja import Router

router = Router(tags=["费用与施工单位"])
