"""The app factory: `create_app(settings)` builds one isolated mock. No import-time side effects."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Lifespan, Receive, Scope, Send

from mockserver import openapi
from mockserver.control.faults import check_codes
from mockserver.control.handlers import ControlHandlers
from mockserver.control.journal import Recorder
from mockserver.control.tenants import Tenants, dispatch
from mockserver.delivery.engine import DeliveryEngine
from mockserver.faults.middleware import FaultInjector
from mockserver.headers import headers_of
from mockserver.http import json_response
from mockserver.lane import Lane
from mockserver.legacy import envelope as legacy_envelope
from mockserver.legacy import errors as legacy_errors
from mockserver.legacy.dispatch import LegacyFrontEnd
from mockserver.legacy.schemas import LegacySchemas
from mockserver.limits import BodyDeadline, RequestTimeout
from mockserver.observe import CONTROL, PAGES, PARTNER, Listener, Observe, info_of
from mockserver.partner import errors
from mockserver.partner.auth.handlers import AuthHandlers
from mockserver.partner.catalog.cdn import image_endpoint
from mockserver.partner.dispatch import PartnerDispatcher, render_error
from mockserver.partner.fulfillment.docroute import DocumentRoute
from mockserver.partner.registry import handlers
from mockserver.routing import SegmentRouter
from mockserver.runtime import Mock
from mockserver.schemas import SchemaRegistry
from mockserver.settings import Settings
from mockserver.web.pages import Pages

if TYPE_CHECKING:
    from mockserver.durable import DurableState

log = logging.getLogger("tokopedia_mock")
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
LANE_METHODS = frozenset(ALL_METHODS)
#: Paths whose lane verdict is kept (a product id in a path makes many): the memo starts over when full.
LANE_PATHS_KEPT = 4096


class MockApp(Starlette):
    """Starlette with `Observe` and `BodyDeadline` outside its whole stack, so that every answer — Starlette's own
    500s included — is recorded and handed to `listeners` (the CLI adds the access log)."""

    listeners: list[Listener]
    body_timeout: float
    capture: int  # bytes of each body the request journal keeps (0: none)
    #: Keep each request for the durable journal (--state-dir only).
    durable_capture: bool = False

    def __init__(self, *, routes: list[BaseRoute], lifespan: Lifespan[Starlette], **kwargs: Any) -> None:
        super().__init__(routes=routes, lifespan=lifespan, **kwargs)
        self.router = self._segments = SegmentRouter(routes, lifespan=lifespan)  # the catch-all is tried at once
        #: The dialects' lane (lane.py) and the two catch-all routes it stands for (legacy, Partner); set by
        #: `create_app` once the listeners are known.
        self.lane: Lane | None = None
        self._catch_alls: tuple[BaseRoute, BaseRoute] | None = None
        self._lane_apps: tuple[ASGIApp, ASGIApp] = ()  # type: ignore[assignment]
        self._lane_paths: dict[str, ASGIApp | None] = {}  # what `_lane_for` said of each path, while routes stay
        self._lane_routes = -1
        self._mock: Mock = None  # type: ignore[assignment]  # app.state.mock, set by create_app

    _prefer = True  # whether `Prefer: code=` forces errors (settings.prefer_header)

    def build_middleware_stack(self) -> ASGIApp:
        inner = super().build_middleware_stack()
        if self.durable_capture:
            from mockserver.durable.recorder import Capture

            inner = Capture(inner)
        stack = BodyDeadline(inner, self.body_timeout)
        stack = FaultInjector(stack, self.state.mock, self.state.legacy)  # type: ignore[assignment]
        return Observe(stack, self.listeners, self.capture)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tenants: Tenants | None = self.state.tenants
        if tenants is not None and scope["type"] == "http" and tenants.select(scope)[0] is not None:
            # a header or a path prefix names a tenant: its own mock (control/tenants.py)
            await dispatch(tenants, scope, receive, send, self._serve)
        else:
            await self._serve(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """This app, past the tenant dispatch: the dialects' lane (lane.py) when it can answer, else Starlette."""
        if scope["type"] == "http" and self.lane is not None:
            endpoint = self._lane_endpoint(scope)
            if endpoint is not None:
                scope["app"] = self
                await self.lane(endpoint, scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def _lane_endpoint(self, scope: Scope) -> ASGIApp | None:
        """The catch-all a request goes to when nothing but the lane's work stands between (lane.py), else None."""
        if self._catch_alls is None or self.durable_capture or scope.get("root_path"):
            return None
        if scope["method"] not in LANE_METHODS or self._mock.faults:
            return None
        if self._prefer and "prefer" in headers_of(scope):
            return None  # a forced error: the fault injector's
        path: str = scope["path"]
        paths = self._lane_paths
        if self._lane_routes != len(self.router.routes):  # a route added since: decide every path again
            paths.clear()
            self._lane_routes = len(self.router.routes)
        try:
            return paths[path]
        except KeyError:
            pass
        if len(paths) >= LANE_PATHS_KEPT:
            paths.clear()
        endpoint = paths[path] = self._lane_for(path)
        return endpoint

    def _lane_for(self, path: str) -> ASGIApp | None:
        """The catch-all that `path` goes to when no other route can claim it, else None (kept per path)."""
        assert self._catch_alls is not None
        routes = self._segments.candidates(path)
        legacy, partner = self._catch_alls
        if len(routes) != 2 or routes[0] is not legacy or routes[1] is not partner:
            return None  # a page, the control plane, the auth host... or a route added since
        return self._lane_apps[0] if LegacySchemas.claims(path) else self._lane_apps[1]

    def catch_up(self) -> None:
        """Run the world's due timers now, in every tenant (`--realtime` calls this every tick; requests do it too)."""
        tenants: Tenants | None = self.state.tenants
        for app in [self, *(tenants.apps() if tenants is not None else ())]:
            mock: Mock = app.state.mock
            with mock.store.lock:
                mock.catch_up()


def create_app(
    settings: Settings | None = None, registry: SchemaRegistry | None = None, *, tenants: bool = True
) -> MockApp:
    """One mock; with `tenants` (and `max_tenants` > 0) it also serves the tenants that requests name."""
    settings = settings or Settings()
    mock = Mock(settings, registry)
    durable = _durable(mock, Path(settings.state_dir)) if settings.state_dir else None
    table = handlers()
    unknown = table.keys() - mock.registry.operations.keys()
    if unknown:
        raise ValueError(f"handlers for operations missing from schemas/: {sorted(unknown)}")
    registry = mock.registry
    for rule in mock.faults.rules:  # the configured faults may only answer documented errors
        check_codes(rule, mock)
    auth = AuthHandlers(mock)
    delivery = DeliveryEngine(mock)  # webhooks: listens to the domain events, sends off the request path
    delivery.attach()
    control = ControlHandlers(mock, delivery)
    legacy = LegacyFrontEnd(mock, registry.derived("legacy.schemas", LegacySchemas))

    async def openapi_json(request: Request) -> Response:
        info = info_of(request.scope)
        info.dialect, info.operation_id = PAGES, "openapi"
        # Built on the first request for it (once per registry), not at startup: most runs never ask.
        document = registry.derived(
            ("openapi", frozenset(table)), lambda: orjson.dumps(openapi.build(registry, table.keys()))
        )
        return json_response(document)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        err = errors.invalid_method() if exc.status_code == 405 else errors.invalid_path()
        request_id, info = mock.request_id(), info_of(request.scope)
        info.dialect = info.dialect or (CONTROL if request.url.path.startswith("/_mock/") else PARTNER)
        info.answered(err.code, request_id, err.message)
        return render_error(err, request_id)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        err = errors.internal_error()
        request_id = mock.request_id()
        info_of(request.scope).answered(err.code, request_id, err.message)
        response = render_error(err, request_id)
        # The exception propagates past this answer and uvicorn then drops the connection: say so, so that a
        # keep-alive client does not send its next request into a closing socket.
        response.headers["connection"] = "close"
        return response

    async def client_gone(request: Request, exc: Exception) -> Response:
        """The client hung up (or the server stopped its body) while the app read it: nobody is left to answer, and
        nothing is wrong with the mock. The answer goes nowhere; it is recorded as a 400."""
        info_of(request.scope).answered("client_disconnected")
        return Response(status_code=400, headers={"connection": "close"})

    async def body_timeout(request: Request, exc: Exception) -> Response:
        """A body that did not arrive in time: 408 in the path's dialect, and the connection is closed."""
        assert isinstance(exc, RequestTimeout)
        info = info_of(request.scope)
        if LegacySchemas.claims(request.url.path):
            legacy_err = legacy_errors.error("MOCK_TIMEOUT_408", f"{exc.seconds:g}")
            info.answered(legacy_err.code, error=legacy_err.reason)
            response = json_response(legacy_envelope.failure(legacy_err, 0.0), legacy_err.http_status)
        else:
            err, request_id = errors.request_timeout(f"{exc.seconds:g}"), mock.request_id()
            info.answered(err.code, request_id, err.message)
            response = render_error(err, request_id)
        response.headers["connection"] = "close"
        return response

    legacy_route = legacy.route()
    partner = PartnerDispatcher(mock, table)
    partner_route = Route("/{path:path}", partner, methods=ALL_METHODS)
    app = MockApp(
        routes=[
            *Pages(mock, control.access.mode == "token").routes(),  # /, /docs and their assets
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
            legacy_route,
            partner_route,
        ],
        exception_handlers={
            HTTPException: http_error,
            RequestTimeout: body_timeout,
            ClientDisconnect: client_gone,
            Exception: server_error,
        },
        lifespan=_closing(delivery),
    )
    app.listeners = []
    app.body_timeout = settings.body_timeout
    app.durable_capture = durable is not None
    app.capture = 0
    if settings.journal_size > 0:  # the request journal (control/journal.py): every answer, bodies redacted
        app.listeners.append(Recorder(mock))
        app.capture = settings.journal_body_bytes
    app.state.mock = app._mock = mock
    app._prefer = settings.prefer_header
    app._catch_alls = (legacy_route, partner_route)
    app._lane_apps = (legacy_route.handle, partner)
    app.lane = Lane(
        app.listeners,
        app.exception_handlers,
        capture=app.capture,
        body_timeout=settings.body_timeout,
        request=Request,
    )
    app.state.webhooks = delivery
    app.state.legacy = legacy
    app.state.tenants = None
    if tenants and settings.max_tenants > 0:

        def tenant_app(tenant_settings: Settings) -> MockApp:
            made = create_app(tenant_settings.with_overrides(state_dir=""), mock.registry, tenants=False)
            made.listeners.extend(x for x in app.listeners if not isinstance(x, Recorder))  # the access log
            return made

        app.state.tenants = Tenants(settings, tenant_app, settings.max_tenants)
    app.state.control_access = control.access
    app.state.durable = durable
    if durable is not None:
        try:
            durable.recover(app)
        except BaseException:
            durable.release()
            raise
    return app


def _durable(mock: Mock, directory: Path) -> DurableState:
    from mockserver.durable import DurableState  # --state-dir only (and sqlite3 with it)

    return DurableState.open(mock, directory)


def _closing(delivery: DeliveryEngine) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The app's lifespan under a server: the webhook worker stops with it."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        delivery.close()

    return lifespan
