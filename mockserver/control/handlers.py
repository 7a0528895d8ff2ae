"""The control plane under /_mock/: readiness, seeded credentials, reset, clock. Not part of the public API."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.control import answers, backend, inputs
from mockserver.control.access import ControlAccess
from mockserver.control.clock import ClockControl
from mockserver.control.faults import FaultControl
from mockserver.control.finance import FinanceControl
from mockserver.control.inspector.page import Inspector
from mockserver.control.journal import JournalControl
from mockserver.control.orders import OrderControl
from mockserver.control.returns import ReturnControl
from mockserver.control.tenants import TenantControl
from mockserver.control.triggers import TriggerControl
from mockserver.control.webhooks import WebhookControl
from mockserver.delivery.engine import DeliveryEngine
from mockserver.http import locked
from mockserver.observe import CONTROL, info_of
from mockserver.partner import errors, signing
from mockserver.runtime import Mock
from mockserver.version import __version__


class ControlHandlers:
    def __init__(self, mock: Mock, delivery: DeliveryEngine) -> None:
        self.mock = mock
        self.delivery = delivery
        self.started = time.time()
        self.access = ControlAccess.of(mock.settings)

    def ok(self, request: Request, data: Any) -> Response:
        return answers.ok(request, self.mock.request_id(), data)

    def refuse(self, request: Request, err: errors.PartnerError) -> Response:
        return answers.refuse(request, self.mock.request_id(), err)

    async def health(self, request: Request) -> Response:
        return self.ok(request, {"status": "ok", "version": __version__, "seed": self.mock.settings.seed})

    async def apps(self, request: Request) -> Response:
        mock = self.mock
        return self.ok(request, await locked(mock.store.lock, lambda: backend.describe_apps(mock), heavy=True))

    async def reset(self, request: Request) -> Response:
        await locked(self.mock.store.lock, self.mock.reset, heavy=True)  # seeding takes a while: off the loop
        return self.ok(request, {"reset": True, "seed": self.mock.settings.seed})

    async def events(self, request: Request) -> Response:
        """The domain event log: `?type=order.status_changed,package.&shop_id=&since=<seq>&since_time=&subject=&limit=`
        (a type ending in "." matches every type under it)."""
        try:
            query = backend.EventQuery.parse(request.query_params)
        except ValueError as e:
            return self.refuse(request, errors.invalid_param(str(e)))

        def read() -> dict[str, Any]:
            self.mock.catch_up()
            return backend.describe_events(self.mock, query)

        return self.ok(request, await locked(self.mock.store.lock, read, heavy=True))

    async def sign(self, request: Request) -> Response:
        """Signs a request for tools that cannot (curl): {path, query: {k: v}, body: "raw text", app_key?}."""
        try:
            spec = await inputs.json_body(request, self.mock, empty={})
            app = self.mock.store.apps[spec.get("app_key") or self.mock.settings.app_key]
            query = [(str(k), str(v)) for k, v in (spec.get("query") or {}).items()]
            raw = str(spec.get("body") or "").encode("utf-8", "surrogatepass")
            value = signing.sign(str(spec["path"]), query, raw, app.app_secret, multipart=bool(spec.get("multipart")))
        except inputs.BadInput as e:
            return self.refuse(request, e.error)
        except (KeyError, TypeError, AttributeError):
            err = errors.invalid_param(
                'Body must be {"path": "/...", "query": {...}, "body": "...", "app_key": "..."}.'
            )
            return self.refuse(request, err)
        return self.ok(request, {"sign": value})

    async def oauth_callback(self, request: Request) -> Response:
        """Default redirect target: shows what the consent page sent, so a human can copy the code."""
        return self.ok(
            request,
            {
                "code": request.query_params.get("code"),
                "state": request.query_params.get("state"),
                "error": request.query_params.get("error"),
            },
        )

    def routes(self) -> list[Route]:
        journal = JournalControl(self.mock)
        routes = [
            Route("/health", self.health, methods=["GET"]),
            Route("/apps", self.apps, methods=["GET"]),
            Route("/reset", self.reset, methods=["POST"]),
            *ClockControl(self.mock).routes(),  # /clock: move, set, freeze; what the platform did meanwhile
            *FaultControl(self.mock).routes(),  # /faults: latency, errors, broken connections (mockserver/faults)
            *journal.routes(),  # /requests: the request journal (filters, count, clear, HAR)
            *TenantControl(self.mock.request_id).routes(),  # /tenants: independent mocks in this server
            Route("/events", self.events, methods=["GET"]),
            Route("/sign", self.sign, methods=["POST"]),
            Route("/oauth/callback", self.oauth_callback, methods=["GET"]),
            *OrderControl(self.mock).routes(),  # /orders/..., /packages/...: the buyer, courier and platform
            *ReturnControl(self.mock).routes(),  # /orders/{id}/cancellations|returns, /cancellations/..., /returns/...
            *WebhookControl(self.delivery).routes(),  # /webhooks/...: deliveries, Partner Center, the receiver
            *TriggerControl(self.mock).routes(),  # revoke, expiry, address, mirror, verdicts (webhook triggers)
            *FinanceControl(self.mock).routes(),  # /finance/...: settlement, fee rates, adjustments, payouts
            *Inspector(self.delivery, journal.reader).routes(),  # /ui: the browser inspector (control/inspector/)
        ]
        return [Route(r.path, self._guarded(r), methods=r.methods, name=r.name) for r in routes]

    def _guarded(self, route: Route) -> Callable[[Request], Awaitable[Response]]:
        """The route's endpoint behind the access check, recording the control dialect and the route's name."""
        endpoint, access = route.endpoint, self.access

        async def guarded(request: Request) -> Response:
            info = info_of(request.scope)
            info.dialect, info.operation_id = CONTROL, f"control.{route.name}"
            refused = access.refusal(route.path, request.headers)
            if refused is not None and not self.mock.replaying:  # a replayed request was let in when it ran
                return self.refuse(request, refused)
            response: Response = await endpoint(request)
            return response

        return guarded
