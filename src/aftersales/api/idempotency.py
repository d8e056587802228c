"""``Idempotency-Key`` for every POST of the API (api.md conventions).

The first request with a key stores its answer; the same key with the same body within 24 h
gets that answer again and creates nothing new. The same key with another body is refused
(422), and a second request arriving while the first is still running gets 409
``request_in_progress``.

How it stays exactly-once when a server dies half-way:

1. The key is *claimed* first, with a row committed in a transaction of its own (so that a
   concurrent duplicate sees it and gets 409). The row records when it was claimed.
2. The work and the completion of the claim (the stored answer) are one transaction: either
   both are committed or neither is. A worker killed mid-request, or a database restart, rolls
   the work back and leaves only the bare claim.
3. A claim older than ``IDEMPOTENCY_CLAIM_SECONDS`` (default 60 s, above gunicorn's timeout, so
   its request is certainly gone) is free again: the next request with the key takes it over
   with a compare-and-swap on the claim time. The completion is a compare-and-swap on the claim
   time as well, so a request whose claim was taken over cannot store its answer: its work is
   rolled back and it answers 409. Whatever the timing, one request's work is kept.

Answers with status ≥ 500 roll the work back and are not kept, so the client may retry.

A replay goes through the door again (issue 16): it is given only to the same authenticated,
still-active user, whose roles and data scope still include those the first answer was given
under (permissions only grow with roles and scope, so what was allowed then is allowed now);
otherwise 401 or 403.

Answers carrying a secret are never stored: a handler marks them ``Cache-Control: no-store``
(``POST /auth/token``'s bearer token, ``POST /customers/{id}/reveal-id``'s full ID number). For
those the key only guards against running twice *at once*; a retry after the answer runs the
request again — a new token, or a new reveal with its own audit entry (R-EST-5).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from aftersales.api.errors import error_response
from aftersales.core import scoping
from aftersales.core.client_address import client_address
from aftersales.core.models import IdempotencyRecord

logger = logging.getLogger(__name__)

HEADER = "HTTP_IDEMPOTENCY_KEY"
TTL = dt.timedelta(hours=24)
PREFIX = "/api/"


def claim_timeout() -> dt.timedelta:
    """How long an unfinished claim holds its key (``IDEMPOTENCY_CLAIM_SECONDS``)."""
    return dt.timedelta(seconds=settings.IDEMPOTENCY_CLAIM_SECONDS)


def _bearer(request) -> str | None:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return None


def _user_key(request) -> str:
    raw = _bearer(request)
    if raw is not None:
        return "t:" + hashlib.sha256(raw.encode()).hexdigest()[:60]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    return "a:" + (client_address(request) or "")[:60]


def _request_hash(request) -> str:
    h = hashlib.sha256()
    h.update(request.method.encode())
    h.update(request.get_full_path().encode())
    h.update(b"\0")
    h.update(request.body)
    return h.hexdigest()


def _door(user) -> dict | None:
    """Who the answer was given to, and under which roles and data scope."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    projects = scoping.project_ids(user)
    return {
        "user": user.pk,
        "superuser": bool(user.is_superuser),
        "roles": sorted(user.role_codes()),
        "projects": None if projects is None else sorted(projects),
    }


def _caller(request):
    """The user the request authenticates as now (bearer token or session), or None."""
    raw = _bearer(request)
    if raw is not None:
        from aftersales.api.auth import cached_user_for_token

        user = cached_user_for_token(raw)
    else:
        user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user


def _door_refusal(request, door: dict | None):
    """None when the caller may have the stored answer again, else the error to answer."""
    if door is None:
        return None
    user = _caller(request)
    if user is None or user.pk != door["user"]:
        return error_response(401, "not_authenticated", "请先登录")
    if user.is_superuser:
        return None
    narrowed = door["superuser"] or not set(door["roles"]) <= user.role_codes()
    projects = scoping.project_ids(user)
    if door["projects"] is None:
        narrowed = narrowed or projects is not None
    elif projects is not None:
        narrowed = narrowed or not set(door["projects"]) <= projects
    if narrowed:
        return error_response(403, "forbidden", "您的权限已变更，不能再取得该请求的结果")
    return None


def _in_progress():
    return error_response(409, "request_in_progress", "相同 Idempotency-Key 的请求仍在处理中")


class _Discard(Exception):
    """Leave the request's transaction without keeping its work (an answer ≥ 500)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class _Superseded(Exception):
    """The claim was taken over by a retry while this request ran: its work must not stay."""


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
        record, replay = self._claim(request, user_key, key, digest)
        if replay is not None:
            return replay
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 500:
                    raise _Discard(response)
                self._complete(request, record, response)
        except _Discard as discard:
            self._release(record)
            return discard.response
        except _Superseded:
            return _in_progress()
        except Exception:
            self._release(record)
            raise
        return response

    def _complete(self, request, record: IdempotencyRecord, response) -> None:
        """Store the answer (or release the key), in the request's own transaction."""
        mine = IdempotencyRecord.objects.filter(
            pk=record.pk, claimed_at=record.claimed_at, status_code__isnull=True
        )
        no_store = "no-store" in response.get("Cache-Control", "")
        if getattr(response, "streaming", False) or no_store:
            done = mine.delete()[0]
        else:
            done = mine.update(
                status_code=response.status_code,
                content_type=response.get("Content-Type", ""),
                body=bytes(response.content),
                door=_door(getattr(request, "user", None)),
            )
        if not done:
            raise _Superseded

    def _release(self, record: IdempotencyRecord) -> None:
        """Free the key for a retry; when the database is gone, the claim expires by itself."""
        try:
            IdempotencyRecord.objects.filter(
                pk=record.pk, claimed_at=record.claimed_at, status_code__isnull=True
            ).delete()
        except DatabaseError:
            logger.warning("idempotency claim %s left to expire", record.pk)

    def _claim(self, request, user_key: str, key: str, digest: str):
        for _ in range(3):
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
                now = timezone.now()
                if existing.created_at < now - TTL:
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
                    if existing.claimed_at >= now - claim_timeout():
                        return None, _in_progress()
                    # Its request is gone (worker killed, database restarted): take it over.
                    taken = IdempotencyRecord.objects.filter(
                        pk=existing.pk, claimed_at=existing.claimed_at, status_code__isnull=True
                    ).update(claimed_at=now)
                    if taken:
                        existing.claimed_at = now
                        return existing, None
                    continue
                refusal = _door_refusal(request, existing.door)
                if refusal is not None:
                    return None, refusal
                response = HttpResponse(
                    bytes(existing.body or b""),
                    status=existing.status_code,
                    content_type=existing.content_type or "application/json",
                )
                response["Idempotent-Replayed"] = "true"
                return None, response
        return None, _in_progress()
