"""The HTTP API v1 (spec/api.md): one NinjaAPI, routers per domain, one error format."""

from __future__ import annotations

from ninja import NinjaAPI

from aftersales.api import errors
from aftersales.api.auth import AUTH
from aftersales.api.parser import CheckedParser
from aftersales.api.routers import (
    accounts,
    analysis,
    attachments,
    auth,
    calendar,
    care,
    costs,
    customers,
    estates,
    fees,
    frontdesk,
    handover,
    imports,
    notifications,
    notify_templates,
    policies,
    portal,
    reports,
    tickets,
    warnings,
)

api = NinjaAPI(
    title="售后服务管理系统 API",
    version="1.0.0",
    description=(
        "集成接口：呼叫中心、微信小程序、销售系统与财务系统通过本接口对接。"
        "认证：POST /api/v1/auth/token 获取令牌，请求头 Authorization: Bearer <token>。"
        "错误格式：{error, detail, fields}。列表分页：page / page_size（最多 200）。"
        "所有 POST 支持 Idempotency-Key 请求头。"
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=CheckedParser(),
)
errors.install(api)

api.add_router("/auth", auth.router)
api.add_router("", accounts.router)
api.add_router("", estates.router)
api.add_router("", customers.router)
api.add_router("", calendar.router)
api.add_router("", imports.router)
api.add_router("", tickets.router)
api.add_router("", notifications.router)
api.add_router("", warnings.router)
api.add_router("", policies.router)
api.add_router("", notify_templates.router)
api.add_router("", costs.router)
api.add_router("", reports.router)
api.add_router("", analysis.router)
api.add_router("", attachments.router)
api.add_router("", frontdesk.router)
api.add_router("", fees.router)
api.add_router("", handover.router)
api.add_router("", portal.router)
api.add_router("", care.router)
