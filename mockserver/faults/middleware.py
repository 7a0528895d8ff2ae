"""Applies fault rules (rules.py) to requests, between `Observe` and the app, so the journal sees what happened.

Before a request reaches its dialect, the middleware works out what the rules match on — dialect, operation (the
Partner router, the legacy router), path, method, shop (the `shop_cipher` or legacy `shop_id`) — and lets the first
rule that fires act: wait (latency), answer a documented error in the dialect's envelope (no state changes), or
break the connection. Connection effects need a server that hands out its connection (`CONNECTION_KEY`: server.py
does, and testkit's in-process transport emulates one, raising what httpx raises on a real socket):

- `reset`: the connection is aborted with a TCP RST; `empty`: closed without a byte of answer;
- `truncate`: the head and half the body are sent, then the connection is closed;
- `slow`: the body goes out `chunk` bytes every `slow_ms`;
- `after=true` (reset, empty): the request is handled first — its changes are made — and then the answer is lost.

`Prefer: code=<code>` (Prism's idea; not part of any public schema) forces one call to answer a documented error of
its dialect; an undocumented code is refused with a parameter error. The control plane (`/_mock/`) and the pages
are never faulted.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from mockserver.faults import codes
from mockserver.faults.rules import MAX_LATENCY_MS, Facts, Rule
from mockserver.legacy import envelope as legacy_envelope
from mockserver.legacy import errors as legacy_errors
from mockserver.legacy.dispatch import LegacyFrontEnd
from mockserver.legacy.schemas import LegacySchemas
from mockserver.legacy.schemas import RouteError as LegacyRouteError
from mockserver.observe import CONNECTION_KEY, LEGACY, PARTNER, ASGIApp, Message, Receive, Scope, Send, info_of
from mockserver.partner import envelope, errors
from mockserver.runtime import Mock
from mockserver.schemas import Operation, RouteError

AUTH = "auth"
AUTH_PATHS = {"/api/v2/token/get": "get_access_token", "/api/v2/token/refresh": "refresh_access_token"}
UNFAULTED = ("/_mock/", "/docs", "/img/", "/openapi.json", "/legacy/openapi.json", "/open/authorize", "/oauth/")


class FaultInjector:
    def __init__(self, app: ASGIApp, mock: Mock, legacy: LegacyFrontEnd) -> None:
        self.app = app
        self.mock = mock
        self.legacy = legacy.schemas
        self.limits = legacy.limiter  # a legacy answer always carries its X-Ratelimit-* headers
        self.prefer = mock.settings.prefer_header
        self._lock = threading.Lock()  # rule counters and random streams: one request at a time

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        prefer = _prefer(scope["headers"]) if self.prefer else None
        if prefer is None and not self.mock.faults:  # the common case: nothing to do
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == "/" or path.startswith(UNFAULTED):
            await self.app(scope, receive, send)
            return
        facts, op = self._facts(scope)
        if prefer is not None:
            await self._forced(scope, send, facts, op, prefer)
            return
        with self._lock:
            rule = self.mock.faults.pick(facts)
            wait = rule.latency.draw(rule.rng) if rule is not None and rule.latency is not None else 0.0
        if rule is None:
            await self.app(scope, receive, send)
            return
        info_of(scope).details["fault"] = rule.describe() | {"latency_s": round(wait, 6)}
        if wait:
            await asyncio.sleep(wait)
        await self._apply(rule, facts, op, scope, receive, send)

    # --- what the request is ---------------------------------------------------------------------------------------
    def _facts(self, scope: Scope) -> tuple[Facts, Operation | None]:
        method, path = scope["method"], scope["path"]
        query = _query(scope.get("query_string", b""))
        store = self.mock.store
        op: Operation | None = None
        if LegacySchemas.claims(path):
            dialect = LEGACY
            try:
                operation = self.legacy.route(method, path).operation.operation_id
            except LegacyRouteError:
                operation = ""
            shops = tuple(s.id for s in store.shops.values() if str(s.tokopedia_shop_id) == query.get("shop_id"))
            return Facts(dialect, operation, path, method, (*shops, query.get("shop_id", ""))), None
        if path in AUTH_PATHS:
            return Facts(AUTH, AUTH_PATHS[path], path, method, ()), None
        try:
            op = self.mock.registry.route(method, path).operation
        except RouteError:
            op = None
        cipher = query.get("shop_cipher", "")
        shop = store.shops_by_cipher.get(cipher)
        shops = (shop.id, cipher) if shop is not None else ((cipher,) if cipher else ())
        return Facts(PARTNER, op.operation_id if op else "", path, method, shops), op

    # --- effects ---------------------------------------------------------------------------------------------------
    async def _apply(
        self, rule: Rule, facts: Facts, op: Operation | None, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if rule.error is not None:
            await self._error(scope, send, facts, op, rule.error, rule.status)
        elif rule.connection in ("reset", "empty"):
            if rule.after:  # handled (its changes made), then the answer is lost
                await self.app(scope, receive, _swallow)
            _hang_up(scope, reset=rule.connection == "reset")
        elif rule.connection == "truncate":
            await self.app(scope, receive, _truncating(scope, send))
        elif rule.connection == "slow":
            await self.app(scope, receive, _slowly(send, rule.chunk, rule.slow_ms / 1000))
        else:
            await self.app(scope, receive, send)

    async def _forced(self, scope: Scope, send: Send, facts: Facts, op: Operation | None, code: str) -> None:
        value: int | str = int(code) if code.isdigit() else code
        info_of(scope).details["fault"] = {"id": "prefer", "error": value}
        await self._error(scope, send, facts, op, value, None)

    async def _error(
        self, scope: Scope, send: Send, facts: Facts, op: Operation | None, code: int | str, status: int | None
    ) -> None:
        info, request_id = info_of(scope), self.mock.request_id()
        info.dialect, info.operation_id = facts.dialect, facts.operation
        if facts.dialect == LEGACY:
            legacy = codes.legacy_error(code, status) or legacy_errors.error("MOCK_PREFER_400", code)
            info.answered(legacy.code, error=legacy.reason)
            headers = self.limits.peek(facts.operation)
            await _send(send, legacy.http_status, legacy_envelope.failure(legacy, 0.0), headers)
            return
        err = codes.auth_error(code, status) if facts.dialect == AUTH else codes.partner_error(code, status, op)
        if err is None:
            where = f"operation {facts.operation}" if facts.operation else "this path"
            err = errors.invalid_param(f"Prefer: code={code} is not a documented error of {where}.")
        info.answered(err.code, request_id, err.message)
        body = envelope.error(err, request_id, with_data=facts.dialect != AUTH)
        await _send(send, err.http_status, body, err.headers)


def _prefer(headers: Any) -> str | None:
    """The code of a `Prefer: code=...` header, if any."""
    for name, value in headers:
        if name == b"prefer":
            for part in value.decode("latin-1").split(";"):
                key, _, code = part.strip().partition("=")
                if key.strip().lower() == "code" and code.strip():
                    return str(code.strip().strip('"'))
    return None


def _query(raw: bytes) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))


async def _send(send: Send, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    head += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


async def _swallow(message: Message) -> None:
    return None


def _connection(scope: Scope) -> Any:
    return (scope.get("extensions") or {}).get(CONNECTION_KEY)


def _hang_up(scope: Scope, *, reset: bool) -> None:
    conn = _connection(scope)
    if conn is None:  # a server that cannot hand out its connection: it answers 500 for the silent app
        return
    if reset:
        conn.reset()
    else:
        conn.close()


def _truncating(scope: Scope, send: Send) -> Send:
    """Send the head as it is, then half of the body, then hang up (the client sees a body cut short)."""
    body = bytearray()

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            await send(message)
            return
        body.extend(message.get("body", b""))
        if message.get("more_body", False):
            return
        await send({"type": "http.response.body", "body": bytes(body[: len(body) // 2]), "more_body": True})
        _hang_up(scope, reset=False)

    return sending


def _slowly(send: Send, chunk: int, delay: float) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] != "http.response.body":
            await send(message)
            return
        body, more = message.get("body", b""), message.get("more_body", False)
        most = max(1, int(MAX_LATENCY_MS / 1000 / delay))  # a big body goes in bigger pieces: bounded time
        size = max(chunk, -(-len(body) // most))
        pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            await send({"type": "http.response.body", "body": piece, "more_body": more or not last})
            if not last:
                await asyncio.sleep(delay)

    return sending
