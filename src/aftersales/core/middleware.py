"""Middleware of the core: the client's address for the audit trail, language selection, NUL.

The web UI speaks Simplified Chinese unless the user chose English with the language switch
(a cookie set by Django's ``set_language``); a browser's own Accept-Language is not followed
there, so an English browser does not get Django's English messages mixed into Chinese screens.
The API follows ``Accept-Language`` (api.md: detail in Chinese or English).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from aftersales.core import audit
from aftersales.core.client_address import client_address


class ClientAddressMiddleware:
    """Make the client's address (core.client_address) known to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            audit.current_address.reset(token)


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()  # the thread goes back to the default for the next job
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
