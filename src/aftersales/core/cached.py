"""Values kept in the cache and forgotten when what they were read from changes.

Hot paths (ticket intake above all) read the same few rows on every request: the caller's token
with roles and scope, notification templates, deadline policies. A :class:`Cached` keeps such
values in Django's cache (per process by default, shared with Redis), each stamped with the
*generation* of its kind. :meth:`Cached.forget` — connected to the signals of the models the
values come from — moves the generation at once and again when the transaction commits, so:

* the process that made the change, and with a shared cache every process, reads afresh at once;
* other processes with a per-process cache read afresh within ``seconds`` (the entries' life);
* a value read while a change is under way is stored under the old generation (the generation
  is read *before* the database), so it is not used after the change commits.

With ``guard_transaction`` a connection whose open transaction changed the data neither reads
nor fills the cache until that transaction ends: it sees its own uncommitted change, and a
rollback leaves nothing of it behind.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

T = TypeVar("T")


class Cached:
    def __init__(self, name: str, seconds: int, *, guard_transaction: bool = True) -> None:
        self.name = name
        self.seconds = seconds
        self.guard_transaction = guard_transaction
        self._generation_key = f"{name}:generation"
        self._mark = f"_cached_{name}_changed"

    def _move(self) -> None:
        cache.set(self._generation_key, uuid.uuid4().hex, None)

    def forget(self, *_args, **_kwargs) -> None:
        """Forget every value of this kind (a signal receiver)."""
        self._move()
        conn = transaction.get_connection()
        if conn.in_atomic_block:
            if self.guard_transaction:
                # Marked with the outermost block of this transaction: once it ends (commit or
                # rollback) the mark no longer matches and the cache is used again.
                setattr(conn, self._mark, conn.atomic_blocks[0])
            transaction.on_commit(self._move)

    def _changed_here(self) -> bool:
        if not self.guard_transaction:
            return False
        conn = transaction.get_connection()
        mark = getattr(conn, self._mark, None)
        return mark is not None and bool(conn.atomic_blocks) and conn.atomic_blocks[0] is mark

    def get(self, key: str, load: Callable[[], T], *, keep_none: bool = True) -> T:
        """The value under ``key``, from the cache or else from ``load()`` (then kept)."""
        if self.seconds <= 0 or self._changed_here():
            return load()
        full_key = f"{self.name}:{key}"
        found = cache.get_many([self._generation_key, full_key])
        generation, entry = found.get(self._generation_key), found.get(full_key)
        if generation is not None and entry is not None and entry[0] == generation:
            return entry[1]
        if generation is None:
            cache.add(self._generation_key, uuid.uuid4().hex, None)
            generation = cache.get(self._generation_key)
        value = load()
        if generation is not None and (value is not None or keep_none):
            cache.set(full_key, (generation, value), self.seconds)
        return value

    def drop(self, key: str) -> None:
        cache.delete(f"{self.name}:{key}")


# A page result is kept this many times its freshness (``PAGE_CACHE_SECONDS``): once stale it is
# still served, and computed afresh after the response (see :func:`per_scope`).
STALE_FOR = 10
_after_response: ContextVar[list | None] = ContextVar("after_response", default=None)
log = logging.getLogger(__name__)


@dataclass
class _Entry:
    at: float  # when the value was computed (time.time())
    value: object


def per_scope(user, name: str, params: str, compute: Callable[[], object]):
    """A report-like result shared by everyone of ``user``'s data scope for
    ``settings.PAGE_CACHE_SECONDS`` (the dashboard, the analyses, the warnings).

    Such results are read from many rows and may be a minute old: the key is the scope
    (:func:`aftersales.core.scoping.scope_key`), ``name`` and ``params`` (what else the result
    depends on). Users with no shared scope, and a setting of 0, always compute afresh.

    Once a result is older than the setting, the next request still gets it at once and the
    result is computed afresh **after that request's response has been sent**
    (:class:`RefreshAfterResponseMiddleware`; one refresh at a time per key), so a person waits
    for the computation only when nobody of the scope has looked for ``STALE_FOR`` times the
    setting. Outside a request (a task, a shell) a stale result is computed afresh at once.
    """
    from django.conf import settings

    from aftersales.core.scoping import scope_key

    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 60)
    scope = scope_key(user) if seconds else None
    if scope is None:
        return compute()
    key = f"page:{name}:{scope}:{params}"
    found = cache.get(key)
    fresh = isinstance(found, _Entry) and time.time() - found.at <= seconds
    if fresh or (isinstance(found, _Entry) and _refresh_later(key, seconds, compute)):
        return found.value
    return _store(key, seconds, compute)


def _store(key: str, seconds: int, compute: Callable[[], object]):
    at = time.time()
    value = compute()
    cache.set(key, _Entry(at, value), seconds * STALE_FOR)
    return value


def _refresh_later(key: str, seconds: int, compute: Callable[[], object]) -> bool:
    """Queue ``key``'s computation after the current response; False outside a request."""
    jobs = _after_response.get()
    if jobs is None:
        return False
    if cache.add(f"{key}:refreshing", 1, seconds):  # else another request is refreshing it
        language = translation.get_language()

        def refresh() -> None:
            with translation.override(language):
                _store(key, seconds, compute)
            cache.delete(f"{key}:refreshing")

        jobs.append((key, refresh))
    return True


class RefreshAfterResponseMiddleware:
    """Computes the stale page results a request found (:func:`per_scope`) once its response
    has been sent: the WSGI server closes the response after the last byte, and Django runs the
    response's closers then, before the request's database connection is released."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jobs: list = []
        token = _after_response.set(jobs)
        try:
            response = self.get_response(request)
        finally:
            _after_response.reset(token)
        if jobs:
            response._resource_closers.append(lambda: _run(jobs))
        return response


def _run(jobs: list) -> None:
    for key, refresh in jobs:
        try:
            refresh()
        except Exception:  # the response is out; the stale result stays until the next try
            log.exception("refreshing %s after the response failed", key)
