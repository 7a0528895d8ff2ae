"""The app factory: `create_app(settings)` builds one isolated mock. No import-time side effects."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from mockserver import openapi
from mockserver.control.handlers import ControlHandlers
from mockserver.delivery.engine import DeliveryEngine
from mockserver.http import json_response
from mockserver.legacy.dispatch import LegacyFrontEnd
from mockserver.partner import errors
from mockserver.partner.auth.handlers import AuthHandlers
from mockserver.partner.catalog.cdn import image_endpoint
from mockserver.partner.dispatch import PartnerDispatcher, render_error
from mockserver.partner.fulfillment.docroute import DocumentRoute
from mockserver.partner.registry import handlers
from mockserver.runtime import Mock
from mockserver.schemas import SchemaRegistry
from mockserver.settings import Settings

log = logging.getLogger("tokopedia_mock")
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]


def create_app(settings: Settings | None = None, registry: SchemaRegistry | None = None) -> Starlette:
    settings = settings or Settings()
    mock = Mock(settings, registry)
    table = handlers()
    unknown = table.keys() - mock.registry.operations.keys()
    if unknown:
        raise ValueError(f"handlers for operations missing from schemas/: {sorted(unknown)}")
    document = orjson.dumps(openapi.build(mock.registry, table.keys()))
    auth = AuthHandlers(mock)
    delivery = DeliveryEngine(mock)  # webhooks: listens to the domain events, sends off the request path
    delivery.attach()
    control = ControlHandlers(mock, delivery)
    legacy = LegacyFrontEnd(mock)

    async def openapi_json(request: Request) -> Response:
        return json_response(document)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        err = errors.invalid_method() if exc.status_code == 405 else errors.invalid_path()
        return render_error(err, mock.request_id())

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return render_error(errors.internal_error(), mock.request_id())

    app = Starlette(
        routes=[
            Mount("/_mock", routes=control.routes()),
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Route("/api/v2/token/get", auth.token_get, methods=["GET"]),
            Route("/api/v2/token/refresh", auth.token_refresh, methods=["GET"]),
            Route("/open/authorize", auth.authorize, methods=["GET"]),
            Route("/oauth/authorize", auth.authorize, methods=["GET"]),
            Route("/img/{uri:path}", image_endpoint(mock), methods=["GET"]),
            DocumentRoute(mock).route(),  # the files behind shipping documents' doc_url (labels)
            # The legacy Seller API (/token, /v1/..., /inventory/v1/...): its own router and envelope, before the
            # Partner catch-all; it claims only legacy-looking paths (mockserver/legacy/dispatch.py).
            legacy.route(),
            Route("/{path:path}", PartnerDispatcher(mock, table).handle, methods=ALL_METHODS),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=_closing(delivery),
    )
    app.state.mock = mock
    app.state.webhooks = delivery
    app.state.legacy = legacy
    return app


def _closing(delivery: DeliveryEngine) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The app's lifespan under a server: the webhook worker stops with it."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        delivery.close()

    return lifespan
