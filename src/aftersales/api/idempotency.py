"""``Idempotency-Key`` for every POST of the API (api.md conventions).

The first request with a key stores its answer; the same key with the same body within 24 h
gets that answer again and creates nothing new. The same key with another body is refused
(422), and a second request arriving while the first is still running gets 409. The record is
claimed with a unique row *before* the work runs, so two concurrent requests cannot both act.
Answers with status ≥ 500 are not kept, so the client may retry.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from aftersales.api.errors import error_response
from aftersales.core.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
TTL = dt.timedelta(hours=24)
PREFIX = "/api/"


def _user_key(request) -> str:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth.lower().startswith("bearer "):
        return "t:" + hashlib.sha256(auth[7:].strip().encode()).hexdigest()[:60]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    return "a:" + (request.META.get("REMOTE_ADDR") or "")[:60]


def _request_hash(request) -> str:
    h = hashlib.sha256()
    h.update(request.method.encode())
    h.update(request.get_full_path().encode())
    h.update(b"\0")
    h.update(request.body)
    return h.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith(PREFIX):
            return self.get_response(request)
        if len(key) > 200:
            return error_response(
                422, "invalid", "Idempotency-Key 不能超过 200 个字符", {"Idempotency-Key": ["过长"]}
            )
        user_key = _user_key(request)
        digest = _request_hash(request)
        record, replay = self._claim(user_key, key, digest)
        if replay is not None:
            return replay
        try:
            response = self.get_response(request)
        except Exception:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500 or getattr(response, "streaming", False):
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=bytes(response.content),
        )
        return response

    def _claim(self, user_key: str, key: str, digest: str):
        for _ in range(2):
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user_key=user_key, key=key, request_hash=digest
                    )
                return record, None
            except IntegrityError:
                existing = IdempotencyRecord.objects.filter(user_key=user_key, key=key).first()
                if existing is None:
                    continue
                if existing.created_at < timezone.now() - TTL:
                    existing.delete()
                    continue
                if existing.request_hash != digest:
                    return None, error_response(
                        422,
                        "idempotency_key_reused",
                        "该 Idempotency-Key 已用于另一个不同的请求",
                        {"Idempotency-Key": ["已用于不同的请求"]},
                    )
                if existing.status_code is None:
                    return None, error_response(
                        409, "request_in_progress", "相同 Idempotency-Key 的请求仍在处理中"
                    )
                response = HttpResponse(
                    bytes(existing.body or b""),
                    status=existing.status_code,
                    content_type=existing.content_type or "application/json",
                )
                response["Idempotent-Replayed"] = "true"
                return None, response
        return None, error_response(
            409, "request_in_progress", "相同 Idempotency-Key 的请求仍在处理中"
        )
