"""Middleware that answers in the API's error format."""

from __future__ import annotations

from aftersales.api.errors import error_response


class RejectNulMiddleware:
    """Refuse NUL characters in query strings and JSON bodies with a clear 400.

    PostgreSQL cannot store or compare text containing NUL; without this a search for
    ``%00`` would fail deep inside the database with a 500. Form posts are covered by Django's
    own form fields, and file uploads (binary) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        has_nul = "%00" in query or "\x00" in query
        if not has_nul and request.content_type == "application/json":
            body = request.body
            has_nul = b"\\u0000" in body or b"\x00" in body
        if has_nul:
            return error_response(400, "invalid", "请求中含有不允许的空字符（NUL）")
        return self.get_response(request)
