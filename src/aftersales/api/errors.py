"""The api.md error body: ``{"error": code, "detail": text, "fields": {field: [messages]}}``.

Services raise :class:`~aftersales.core.errors.DomainError`; ninja raises its own validation
and authentication errors; all of them become this body with the right status. ``detail`` is
Chinese by default and English when the request asks for it (``Accept-Language: en``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from aftersales.core.errors import DomainError

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
}

_ENGLISH_BY_STATUS = {
    400: "The request is not valid.",
    401: "Authentication is required.",
    403: "You are not allowed to do this.",
    404: "Not found.",
    409: "The action is not allowed in the record's current state.",
    422: "The input is not valid; see fields.",
    429: "Too many attempts; try again later.",
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
}


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
        codes = {
            400: "bad_request",
            401: "not_authenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            413: "too_large",
            422: "invalid",
        }
        return error_response(exc.status_code, codes.get(exc.status_code, "error"), str(exc))
