"""The address a request came from, the one answer for every caller.

Login limits, the audit trail and the API's anonymous idempotency keys all need "who is on the
other end". Behind a reverse proxy ``REMOTE_ADDR`` is the proxy; the client's address is in
``X-Forwarded-For``, which anybody can also send themselves. The proxies in front of the
application append to that header (nginx's ``$proxy_add_x_forwarded_for``), so only the entries
they added can be believed, counted from the right:

* ``AFTERSALES_TRUSTED_PROXIES = 0`` (the default): no proxy is trusted; the header is ignored
  and ``REMOTE_ADDR`` is the client.
* ``= N``: N proxies stand in front of the application, each appending the address it received
  the request from; the N-th entry from the right of ``X-Forwarded-For`` is the client. What the
  client wrote into the header itself stays to the left and is never read.

A header with fewer than N entries (a request that bypassed an outer proxy) gives its leftmost
entry; an entry that is not an IP address gives ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

_CACHED = "_aftersales_client_address"


def _valid(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address for ``request`` (None without a request or a usable address)."""
    if request is None:
        return None
    found = getattr(request, _CACHED, False)
    if found is not False:
        return found
    remote = _valid(request.META.get("REMOTE_ADDR"))
    address = remote
    trusted = settings.AFTERSALES_TRUSTED_PROXIES
    if trusted > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if hops:
            address = _valid(hops[-trusted] if len(hops) >= trusted else hops[0]) or remote
    setattr(request, _CACHED, address)
    return address
