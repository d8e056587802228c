"""API of 附件."""

from ninja import Router

router = Router(tags=["附件"])
