"""How an owner proves who he is: sign-in providers behind one interface (R-SS-1).

A provider turns what the owner brings (a mobile number and a text code today; a WeChat
authorisation later) into the owner's user account. The portal's sign-in pages and the API
(``POST /auth/code``, ``POST /auth/code/token``) only talk to providers through
:class:`AuthProvider`, found by code with :func:`provider`.

Writing another provider (a WeChat OAuth adapter, say):

1. Subclass :class:`AuthProvider` with a ``code`` (``"wechat"``) and a ``label``.
2. ``start(request, **data)`` begins the sign-in and returns what the caller needs next:
   for WeChat, ``{"redirect": <the open.weixin.qq.com authorize URL with appid, redirect_uri,
   scope=snsapi_base and a state kept in the session>}``.
3. ``finish(request, **data)`` checks what came back (the ``code`` and ``state`` of the
   redirect, exchanged server-side for the openid) and returns the owner's :class:`User`
   through :func:`aftersales.portal.services.owner_account` (the customer in the archive
   it belongs to), or raises a domain error (``Invalid`` for a bad answer, ``Forbidden`` when no
   customer is bound to the identity). Binding an openid to a customer the first time is
   the adapter's own step: sign in once by text code, then keep the openid with that customer.
4. ``register_provider(WechatProvider())`` in an ``AppConfig.ready()``; the sign-in page
   lists every registered provider as a button (``start`` is called on press).

Providers never log a user in themselves: the view or API calls ``finish`` and then
``django.contrib.auth.login`` (web) or issues an API token, so a provider cannot bypass the
owner checks (an active owner account linked to a customer).
"""

from __future__ import annotations

from typing import Any

from aftersales.core.client_address import client_address


class AuthProvider:
    """One way for an owner to sign in."""

    code: str = ""
    label: str = ""

    def start(self, request, **data: Any) -> dict:
        """Begin a sign-in; the answer tells the caller what to do next."""
        raise NotImplementedError

    def finish(self, request, **data: Any):
        """Complete a sign-in: the owner's active user account, or a domain error."""
        raise NotImplementedError


class SmsCodeProvider(AuthProvider):
    """A one-time code sent by text message to a number of the customer archive."""

    code = "sms"
    label = "手机验证码"

    def start(self, request, *, phone: str = "", **data: Any) -> dict:
        from aftersales.portal import services

        services.send_code(phone, address=client_address(request))
        return {"sent": True, "expires_in": services.CODE_SECONDS}

    def finish(self, request, *, phone: str = "", code: str = "", **data: Any):
        from aftersales.portal import services

        return services.verify_code(phone, code, address=client_address(request))


_PROVIDERS: dict[str, AuthProvider] = {}


def register_provider(provider: AuthProvider) -> None:
    if not provider.code:
        raise ValueError("a sign-in provider needs a code")
    _PROVIDERS[provider.code] = provider


def provider(code: str) -> AuthProvider:
    found = _PROVIDERS.get(code)
    if found is None:
        raise KeyError(code)
    return found


def providers() -> list[AuthProvider]:
    return list(_PROVIDERS.values())
