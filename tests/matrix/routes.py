"""The routes of the product, read from the URL conf at test time, and request bodies for them.

* :func:`api_routes` — every operation of the ninja API under /api/v1/ as ``"METHOD /path"``;
* :func:`web_routes` — every web URL pattern that takes an argument, by its ``namespace:name``;
* :func:`body_for` — the smallest JSON body the operation's schema accepts (required fields only),
  so that a write reaches its handler (and so its scope and role checks) instead of stopping
  at validation.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

ARGUMENT = re.compile(r"<[^>]+>|\(\?P<")
SKIP_WEB = ("api/", "django-admin/", "i18n/", "^media", "^static")


def _api():
    from aftersales.api.app import api

    return api


@cache
def api_routes() -> tuple[str, ...]:
    found = []
    for prefix, router in _api()._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.append(f"{method} {prefix}{path}")
    return tuple(found)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for item in patterns:
        if isinstance(item, URLResolver):
            inner = namespace + (f"{item.namespace}:" if item.namespace else "")
            yield from _walk(item.url_patterns, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            yield prefix + str(item.pattern), namespace + (item.name or "")


@cache
def walk_urls() -> tuple[tuple[str, str], ...]:
    """(pattern, ``namespace:name``) of every URL of the project."""
    return tuple(_walk(get_resolver().url_patterns))


@cache
def web_routes() -> dict[str, str]:
    """``namespace:name`` → pattern, for each web URL that takes an argument."""
    return {
        name: route
        for route, name in walk_urls()
        if ARGUMENT.search(route) and not route.startswith(SKIP_WEB)
    }


@cache
def _schema() -> dict:
    return _api().get_openapi_schema(path_prefix="")


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _example(schema: dict, node: dict):
    node = _resolve(schema, node)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if _resolve(schema, o).get("type") != "null"]
            return _example(schema, options[0]) if options else None
    if "enum" in node:
        return node["enum"][0]
    if "default" in node:
        return node["default"]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        return {k: _example(schema, props[k]) for k in node.get("required", []) if k in props}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return "1.00"
    if kind == "boolean":
        return False
    fmt = node.get("format", "")
    # Dates: today; moments: a month ahead (see below).
    if fmt == "date":
        return timezone.localdate().isoformat()
    if fmt == "date-time":
        # Required moments are ahead (a visit, a new due, the measures' term): inside their
        # windows whatever the day the suite runs.
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
        return soon.isoformat(timespec="seconds")
    return "x"


def body_for(route: str) -> dict | None:
    """A body with every required field of ``route``'s JSON request body (None if it has none)."""
    method, path = route.split(" ", 1)
    schema = _schema()
    operation = schema["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _example(schema, content["application/json"]["schema"])
