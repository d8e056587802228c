"""The api.md error body: ``{"error": code, "detail": text, "fields": {field: [messages]}}``.

Services raise :class:`~aftersales.core.errors.DomainError`; ninja raises its own validation
and authentication errors; all of them become this body with the right status. ``detail`` is
Chinese by default and English when the request asks for it (``Accept-Language: en``).
"""

from __future__ import annotations

import decimal
import logging

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from aftersales.core.errors import DomainError

log = logging.getLogger("aftersales.api")

_ENGLISH = {
    "invalid": "The input is not valid.",
    "validation_error": "The input is not valid.",
    "required": "A required field is missing.",
    "duplicate": "A record with the same key already exists.",
    "conflict": "The action is not allowed in the record's current state.",
    "not_found": "Not found.",
    "forbidden": "You are not allowed to do this.",
    "not_authenticated": "Authentication is required.",
    "bad_credentials": "Wrong username or password.",
    "login_locked": "Too many failed logins; try again later.",
    "unknown_role": "Unknown role code.",
    "unknown_component": "Unknown warranty component.",
    "below_minimum": "The term is shorter than the national minimum.",
    "idempotency_key_reused": "This Idempotency-Key was used with a different request.",
    "request_in_progress": "A request with this Idempotency-Key is still being processed.",
    "out_of_range": "A number or date is out of the range that can be stored.",
    "server_error": "The server failed to answer; the error has been logged.",
    "method_not_allowed": "This method is not allowed here.",
}

_ENGLISH_BY_STATUS = {
    400: "The request is not valid.",
    401: "Authentication is required.",
    403: "You are not allowed to do this.",
    404: "Not found.",
    409: "The action is not allowed in the record's current state.",
    422: "The input is not valid; see fields.",
    405: "This method is not allowed here.",
    413: "The request is too large.",
    429: "Too many attempts; try again later.",
    500: "The server failed to answer; the error has been logged.",
}

_ZH = {
    "validation_error": "输入数据无效",
    "not_found": "记录不存在或不在您的数据范围内",
    "forbidden": "您没有执行此操作的权限",
    "not_authenticated": "请先登录或提供有效的访问令牌",
}


def _english() -> bool:
    return (translation.get_language() or "").lower().startswith("en")


def error_response(status: int, code: str, detail: str, fields: dict | None = None) -> JsonResponse:
    if _english():
        detail = _ENGLISH.get(code) or _ENGLISH_BY_STATUS.get(status, "The request was refused.")
    return JsonResponse(
        {"error": code, "detail": detail, "fields": fields or {}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _field_name(loc: list | tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "form", "file")]
    return ".".join(parts) or "non_field"


_PYDANTIC_ZH = {
    "missing": "此字段为必填项",
    "date_from_datetime_parsing": "不是有效日期（YYYY-MM-DD）",
    "date_parsing": "不是有效日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "不是有效日期（YYYY-MM-DD）",
    "datetime_parsing": "不是有效时间（ISO 8601）",
    "datetime_from_date_parsing": "不是有效时间（ISO 8601）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "decimal_parsing": "应为数字",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_too_long": "文本过长",
    "string_too_short": "不能为空",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体格式不正确",
    "dict_type": "请求体格式不正确",
    "finite_number": "应为有限数",
    "date_type": "应为 ISO 8601 日期或时间文本，不能是数字",
    "int_from_float": "应为整数",
    "decimal_type": "应为数字",
    "float_parsing": "应为数字",
}

# What a status means, for errors that reach the API without a code of their own.
STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}
_ZH_BY_STATUS = {
    400: "请求无效",
    401: "请先登录或提供有效的访问令牌",
    403: "您没有执行此操作的权限",
    404: "记录不存在或不在您的数据范围内",
    405: "此地址不支持该请求方法",
    413: "请求过大",
    415: "不支持的请求内容类型",
    429: "尝试次数过多，请稍后再试",
}


def status_error(status: int) -> JsonResponse:
    """The error body for a bare status (unknown path, wrong method, a crash)."""
    if status >= 500:
        return error_response(status, "server_error", "服务器内部错误，已记录，请稍后重试")
    code = STATUS_CODES.get(status, "error")
    return error_response(status, code, _ZH_BY_STATUS.get(status, "请求被拒绝"))


class JsonErrorMiddleware:
    """Every 4xx/5xx under ``/api/`` answers the api.md JSON error body, whoever produced it:
    Django's 404 for an unknown path, ninja's bare 405, a crash in a handler or a middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = status_error(response.status_code)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        log.exception("API request failed: %s %s", request.method, request.path)
        return status_error(500)


def install(api) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError):
        return error_response(exc.status, exc.code, exc.detail, exc.fields)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError):
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            name = _field_name(err.get("loc", ()))
            msg = err.get("msg", "")
            if not _english():
                msg = _PYDANTIC_ZH.get(err.get("type", ""), msg)
            fields.setdefault(name, []).append(msg)
        summary = "；".join(f"{k}: {'，'.join(v)}" for k, v in fields.items())
        return error_response(422, "validation_error", f"输入数据无效：{summary}", fields)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError):
        return error_response(401, "not_authenticated", _ZH["not_authenticated"])

    @api.exception_handler(AuthorizationError)
    def authz_error(request: HttpRequest, exc: AuthorizationError):
        return error_response(403, "forbidden", _ZH["forbidden"])

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return error_response(404, "not_found", _ZH["not_found"])

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied):
        return error_response(403, "forbidden", _ZH["forbidden"])

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        from aftersales.api.parser import BadText

        if isinstance(exc.__cause__, BadText):  # a body the parser refused: say which field
            bad = exc.__cause__
            fields = {bad.field: [bad.message]}
            return error_response(
                422, "validation_error", f"输入数据无效：{bad.field}: {bad.message}", fields
            )
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            return error_response(400, "bad_request", "请求体不是有效的 JSON")
        code = STATUS_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc))

    @api.exception_handler(DataError)
    @api.exception_handler(OverflowError)
    @api.exception_handler(decimal.InvalidOperation)
    def out_of_range(request: HttpRequest, exc: Exception):
        """A value the database column cannot hold (the schema types bound the known ones)."""
        log.warning("value out of range: %s %s: %s", request.method, request.path, exc)
        return error_response(422, "out_of_range", "数值或日期超出可保存的范围")

    @api.exception_handler(Exception)
    def crash(request: HttpRequest, exc: Exception):
        log.exception("API request failed: %s %s", request.method, request.path)
        return status_error(500)
