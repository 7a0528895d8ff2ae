"""Control-plane endpoints for webhooks: the delivery log and its controls, Partner Center's app-level webhook
configuration, and the built-in receiver. Not part of the public API; answers use the Partner envelope.

| endpoint | what it does |
|---|---|
| `GET /_mock/webhooks/deliveries?dialect=&topic=&state=&shop_id=&since=&limit=` | the delivery log, oldest first |
| `GET /_mock/webhooks/deliveries/{id}` | one delivery with every attempt |
| `POST /_mock/webhooks/deliveries/{id}/replay` | send it again, as a new delivery |
| `POST /_mock/webhooks/pause`, `/resume`, `/flush` | stop / restart sending; make every waiting retry due now |
| `GET`, `PUT /_mock/webhooks/partner_center` | `{"address", "event_types", "app_key"?}`: the app's URL, topics |
| `POST /_mock/webhooks/receiver/{name}?status=&delay=` | the built-in receiver: records the request, answers `status` |
| `GET`, `DELETE /_mock/webhooks/receiver/{name}` | what it received (`?since=<seq>`); forget it |
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.delivery.engine import DeliveryEngine
from mockserver.delivery.log import Delivery
from mockserver.delivery.receiver import MAX_BODY, Behaviour, Receiver
from mockserver.errors import DomainError
from mockserver.http import BodyTooLarge, json_response, read_body
from mockserver.partner import envelope, errors
from mockserver.partner.dispatch import render_error
from mockserver.webhooks import subscriptions

Endpoint = Callable[[Request], Awaitable[Response]]
#: Most deliveries one answer lists.
MAX_LIST = 1000


class BadRequest(Exception):
    pass


def _number(params: Mapping[str, str], name: str, default: int, most: int) -> int:
    raw = params.get(name) or ""
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or int(raw) > most:
        raise BadRequest(f"'{name}' must be a whole number within [0, {most}].")
    return int(raw)


def _matches(d: Delivery, params: Mapping[str, str]) -> bool:
    wanted = {
        "dialect": d.out.dialect,
        "topic": d.out.topic,
        "state": d.state,
        "shop_id": d.out.shop_id,
        "subscriber": d.out.subscriber,
    }
    return all(params.get(k) in (None, "", v) for k, v in wanted.items())


class WebhookControl:
    def __init__(self, engine: DeliveryEngine) -> None:
        self.engine = engine
        self.mock = engine.mock

    def _answer(self, action: Callable[[Request], Awaitable[Any]]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            request_id = self.mock.request_id()
            try:
                data = await action(request)
            except BadRequest as e:
                return render_error(errors.invalid_param(str(e)), request_id)
            except LookupError as e:
                return render_error(errors.PartnerError(40401, str(e), 404), request_id)
            except BodyTooLarge:
                return render_error(errors.body_too_large(), request_id)
            if isinstance(data, Response):
                return data
            return json_response(envelope.success(data, request_id))

        return endpoint

    # --- the delivery log -------------------------------------------------------------------------------------------
    async def deliveries(self, request: Request) -> dict[str, Any]:
        params = request.query_params
        since = _number(params, "since", 0, 10**12)
        limit = _number(params, "limit", 100, MAX_LIST) or 100
        found = [d for d in self.engine.deliveries() if d.id > since and _matches(d, params)]
        page = found[:limit]
        return {
            "deliveries": [d.as_dict() for d in page],
            "more": len(found) > limit,
            "stats": self.engine.stats(),
        }

    def _delivery(self, request: Request) -> Delivery:
        raw = str(request.path_params["delivery_id"])
        found = self.engine.get(int(raw)) if raw.isdigit() and len(raw) < 13 else None
        if found is None:
            raise LookupError(f"no delivery {raw} in the log")
        return found

    async def delivery(self, request: Request) -> dict[str, Any]:
        return self._delivery(request).as_dict()

    async def replay(self, request: Request) -> dict[str, Any]:
        again = self.engine.replay(self._delivery(request).id)
        if again is None:
            raise LookupError("the delivery left the log")
        return again.as_dict()

    async def pause(self, request: Request) -> dict[str, Any]:
        self.engine.pause()
        return self.engine.stats()

    async def resume(self, request: Request) -> dict[str, Any]:
        self.engine.resume()
        return self.engine.stats()

    async def flush(self, request: Request) -> dict[str, Any]:
        return {"flushed": self.engine.flush(), **self.engine.stats()}

    # --- Partner Center: the app's webhook URL and topics ------------------------------------------------------------
    async def partner_center(self, request: Request) -> dict[str, Any]:
        mock = self.mock
        body: dict[str, Any] = {}
        if request.method == "PUT":
            try:
                parsed = orjson.loads(await read_body(request, mock.settings.max_body_bytes) or b"{}")
            except orjson.JSONDecodeError:
                raise BadRequest("the body must be JSON") from None
            if not isinstance(parsed, dict) or not isinstance(parsed.get("event_types", []), list):
                raise BadRequest('the body must be {"address": "...", "event_types": ["..."], "app_key"?: "..."}')
            body = parsed
        app_key = str(body.get("app_key") or request.query_params.get("app_key") or mock.settings.app_key)
        with mock.store.lock:
            if app_key not in mock.store.apps:
                raise LookupError(f"no app {app_key!r}")
            if request.method == "PUT":
                topics = [str(t) for t in body.get("event_types", [])]
                try:
                    subscriptions.configure_app(
                        mock.store, app_key, str(body.get("address") or ""), topics, mock.clock.now_s()
                    )
                except DomainError as e:
                    raise BadRequest(e.detail) from None
            config = mock.store.app_webhooks.get(app_key)
        return {
            "app_key": app_key,
            "address": config.address if config else "",
            "event_types": list(config.event_types) if config else [],
            "update_time": config.update_time if config else None,
            "known_event_types": list(subscriptions.ALL_TOPICS),
        }

    # --- the built-in receiver ---------------------------------------------------------------------------------------
    def _name(self, request: Request) -> str:
        name = str(request.path_params["name"])
        if not Receiver.valid_name(name):
            raise BadRequest("a receiver name is 1-64 of A-Z a-z 0-9 _ . -")
        return name

    async def receive(self, request: Request) -> Response:
        name = self._name(request)
        try:
            behaviour = Behaviour.parse(request.query_params)
        except ValueError as e:
            raise BadRequest(str(e)) from None
        body = await read_body(request, MAX_BODY)
        headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw)
        self.engine.receiver.record(name, request.url.path, request.url.query, headers, body)
        if behaviour.delay:
            await asyncio.sleep(behaviour.delay)
        return Response(b"", status_code=behaviour.status)

    async def received(self, request: Request) -> dict[str, Any]:
        name = self._name(request)
        if request.method == "DELETE":
            self.engine.receiver.clear(name)
            return {"name": name, "received": []}
        since = _number(request.query_params, "since", 0, 10**12)
        return {"name": name, "received": [r.as_dict() for r in self.engine.receiver.received(name, since)]}

    def routes(self) -> list[Route]:
        a = self._answer
        return [
            Route("/webhooks/deliveries", a(self.deliveries), methods=["GET"]),
            Route("/webhooks/deliveries/{delivery_id}", a(self.delivery), methods=["GET"]),
            Route("/webhooks/deliveries/{delivery_id}/replay", a(self.replay), methods=["POST"]),
            Route("/webhooks/pause", a(self.pause), methods=["POST"]),
            Route("/webhooks/resume", a(self.resume), methods=["POST"]),
            Route("/webhooks/flush", a(self.flush), methods=["POST"]),
            Route("/webhooks/partner_center", a(self.partner_center), methods=["GET", "PUT"]),
            Route("/webhooks/receiver/{name}", a(self.receive), methods=["POST"]),
            Route("/webhooks/receiver/{name}", a(self.received), methods=["GET", "DELETE"]),
        ]
