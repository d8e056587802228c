"""URLs of the intake benchmark: the product plus the floor endpoint (see benchsite.py)."""

import uuid

from django.db import transaction
from django.urls import include, path
from ninja import NinjaAPI, Schema

from aftersales.api.auth import AUTH
from aftersales.core.models import Counter

floor = NinjaAPI(urls_namespace="floor", auth=AUTH, docs_url=None, openapi_url=None)


class FloorIn(Schema):
    note: str = ""


@floor.post("/insert")
def insert(request, payload: FloorIn):
    with transaction.atomic():
        Counter.objects.create(name=f"floor-{uuid.uuid4().hex}", value=1)
    return {"ok": True}


urlpatterns = [path("bench/", floor.urls), path("", include("aftersales.urls"))]
