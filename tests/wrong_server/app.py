"""A deliberately wrong Partner API server: each implemented operation breaks the contract in one known way.

It serves the same OpenAPI document as the mock (the contract) and a control plane like the mock's, so the kit
finds its credentials the same way. The teeth tests run the kit against it and expect every defect reported.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from mockserver import openapi
from mockserver.schemas import SchemaRegistry

APP_KEY = "wrongapp01"
APP_SECRET = "wrong-server-app-secret-0001"
ACCESS_TOKEN = "ROW_wrongserveraccesstoken0001"
REFRESH_TOKEN = "ROW_wrongserverrefreshtoken0001"
CIPHER = "ROW_wrongservercipher01"
SERVICE_ID = "7499999999999999999"

#: operation id -> (the check that must report it, what is wrong)
DEFECTS = {
    "get_authorized_shops": ("response_data_conformance", "wrong field type: shops[].id is an integer"),
    "get_active_shops": ("error_code_documented", "HTTP 200 with an undocumented non-zero code"),
    "get_seller_permissions": ("envelope_well_formed", "no envelope: the bare data object"),
    "get_access_token": ("response_data_conformance", "missing required field: access_token"),
    "refresh_access_token": ("not_a_server_error", "HTTP 500 on bad input"),
}
#: Defects every open-api operation has, and the check that must report them.
EVERYWHERE = {
    "credentials_enforced": "accepts requests without a valid sign",
    "request_id_present": "no request_id on errors",
    "code_matches_status": "HTTP 404 with code 0 for an unknown path or version",
}


def _request_id() -> str:
    return time.strftime("%Y%m%d%H%M%S", time.gmtime()) + "ABCDEF0123456789ABCD"


def ok(data: Any, request_id: str | None = None) -> JSONResponse:
    return JSONResponse({"code": 0, "message": "Success", "request_id": request_id or _request_id(), "data": data})


def _gate(request: Request) -> Response | None:
    """Checks app_key and the token; never the sign (a defect). Errors come back without a request_id, and a
    missing token is answered HTTP 401 with code 0 (defects)."""
    if request.query_params.get("app_key") != APP_KEY:
        return JSONResponse({"code": 36009004, "message": "Invalid app_key", "data": None}, 400)
    if request.headers.get("x-tts-access-token") != ACCESS_TOKEN:
        return JSONResponse({"code": 0, "message": "Invalid token", "data": None}, 401)
    return None


async def authorized_shops(request: Request) -> Response:
    shop = {"id": 7000714532876273420, "name": "Wrong", "region": "ID", "seller_type": "LOCAL", "cipher": CIPHER,
            "code": "IDWRONG"}  # fmt: skip
    return _gate(request) or ok({"shops": [shop]})


async def active_shops(request: Request) -> Response:
    denied = _gate(request)
    if denied:
        return denied
    return JSONResponse({"code": 36009999, "message": "Something odd", "request_id": _request_id(), "data": None})


async def permissions(request: Request) -> Response:
    return _gate(request) or JSONResponse({"permissions": []})


async def token_get(request: Request) -> Response:
    q = request.query_params
    if q.get("app_secret") != APP_SECRET or not q.get("auth_code", "").startswith("code-"):
        return JSONResponse({"code": 36004004, "message": "invalid auth code", "request_id": _request_id()})
    data = _token_data()
    del data["access_token"]
    return JSONResponse({"code": 0, "message": "success", "request_id": _request_id(), "data": data})


async def token_refresh(request: Request) -> Response:
    q = request.query_params
    if q.get("grant_type") != "refresh_token" or not q.get("app_key"):
        return PlainTextResponse("Internal Server Error", 500)
    if q.get("refresh_token") != REFRESH_TOKEN or q.get("app_secret") != APP_SECRET:
        return JSONResponse(
            {"code": 36004005, "message": "can not find related auth record", "request_id": _request_id()}
        )
    return JSONResponse({"code": 0, "message": "success", "request_id": _request_id(), "data": _token_data()})


def _token_data() -> dict[str, Any]:
    now = int(time.time())
    return {
        "access_token": ACCESS_TOKEN,
        "access_token_expire_in": now + 7 * 86400,
        "refresh_token": REFRESH_TOKEN,
        "refresh_token_expire_in": now + 365 * 86400,
        "open_id": "wrong-open-id",
        "seller_name": "Wrong Seller",
        "seller_base_region": "ID",
        "user_type": 0,
        "granted_scopes": ["seller.shop.info"],
    }


async def authorize(request: Request) -> Response:
    return RedirectResponse(f"/callback?code=code-{time.monotonic_ns()}", status_code=302)


async def control_apps(request: Request) -> Response:
    shop = {"id": "1", "cipher": CIPHER, "authorized": True, "access_token": ACCESS_TOKEN,
            "refresh_token": REFRESH_TOKEN, "access_token_expire_in": int(time.time()) + 7 * 86400}  # fmt: skip
    app = {"app_key": APP_KEY, "app_secret": APP_SECRET, "service_id": SERVICE_ID, "shops": [shop]}
    return ok({"apps": [app]})


async def control_health(request: Request) -> Response:
    return ok({"status": "ok"})


async def control_clock(request: Request) -> Response:
    return ok({"wall": int(time.time())})


async def unknown(request: Request) -> Response:
    return JSONResponse({"code": 0, "message": "Invalid path", "data": None}, 404)


def create_app() -> Starlette:
    implemented = {"get_authorized_shops", "get_active_shops", "get_seller_permissions"}
    document = openapi.build(SchemaRegistry(), implemented)

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(document)

    return Starlette(
        routes=[
            Route("/openapi.json", openapi_json),
            Route("/_mock/apps", control_apps),
            Route("/_mock/health", control_health),
            Route("/_mock/clock", control_clock),
            Route("/open/authorize", authorize),
            Route("/api/v2/token/get", token_get),
            Route("/api/v2/token/refresh", token_refresh),
            Route("/authorization/202309/shops", authorized_shops),
            Route("/seller/202309/shops", active_shops),
            Route("/seller/202309/permissions", permissions),
            Route("/{path:path}", unknown, methods=["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]),
        ]
    )
