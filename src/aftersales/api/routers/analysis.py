"""API of 分析与会议."""

from ninja import Router

router = Router(tags=["分析与会议"])
