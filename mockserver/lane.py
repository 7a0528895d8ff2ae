"""The dialects' lane: a request for the Partner or legacy catch-all, answered without Starlette's middleware stack.

Most requests a mock serves are API calls, and each of them went through eight ASGI layers before its front-end
saw it — `Observe`, `FaultInjector`, `BodyDeadline`, Starlette's `ServerErrorMiddleware` and
`ExceptionMiddleware`, the router, the route — each a coroutine, and four of them wrapping `send` again. The lane
does what those layers do for such a request, in one coroutine and one `send` wrapper:

- the request record (`Observe`: `RequestInfo`, the raw exchange when the journal is on, the listeners at the end);
- the body deadline (`BodyDeadline`: only for a request that declares a body);
- the app's exception handlers, as Starlette applies them: an exception with a handler other than the catch-all
  `Exception` one (a body timeout, a client gone) is answered by it unless the response has started; any other
  is answered by the `Exception` handler (a 500) if nothing was sent, and raised on to the server.

It takes only what it can answer the same way: a request the fault rules could touch (any rule configured, a
`Prefer` header), one the durable journal captures (`--state-dir`), or one under a `root_path` goes the whole
stack, and so does every path that a route before the catch-all could claim (pages, control plane, auth host,
images, documents): `MockApp._lane_endpoint` asks the app's router which routes can match the path, and the lane
answers only when those are the dialects' two catch-alls. `tests/test_lane.py` checks that both ways answer the
same bytes.

Plain ASGI, like observe.py; `Request` objects are built only for an exception handler.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from mockserver.limits import RequestTimeout, has_body, receive_by
from mockserver.observe import (
    SCOPE_KEY,
    ASGIApp,
    Exchange,
    Listener,
    Message,
    Receive,
    RequestInfo,
    Scope,
    Send,
    client_of,
    finish,
)

ExceptionHandler = Callable[[Any, Exception], Awaitable[Any]]


class Lane:
    def __init__(
        self,
        listeners: list[Listener],
        handlers: Mapping[Any, ExceptionHandler],
        *,
        capture: int,
        body_timeout: float,
        request: Callable[[Scope, Receive], Any],
    ) -> None:
        self.handlers = dict(handlers)
        self.fallback = self.handlers.get(Exception)
        self.listeners = listeners  # shared with the app: listeners added later are seen
        self.capture = capture
        self.body_timeout = body_timeout
        self.request = request  # builds the Request an exception handler takes

    async def __call__(self, endpoint: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        info = RequestInfo(scope["method"], scope["path"], client_of(scope), time.perf_counter())
        scope[SCOPE_KEY] = info
        exchange = info.exchange = (
            Exchange(self.capture, scope.get("query_string", b""), scope["headers"]) if self.capture else None
        )
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                info.status = message["status"]
                if exchange is not None:
                    exchange.response_headers = message.get("headers") or []
            elif exchange is not None and message["type"] == "http.response.body":
                exchange.keep_response(message.get("body", b""))
            await send(message)

        reading = receive
        if (exchange is not None or self.body_timeout > 0) and has_body(scope):
            reading = self._reading(receive, exchange)
        # A request that declares no body has none to keep: the front-ends do not read one (http.has_body).
        try:
            await endpoint(scope, reading, sending)
        except Exception as exc:
            await self._failed(exc, started, scope, reading, sending)
        finally:
            finish(info, self.listeners)

    def _reading(self, receive: Receive, exchange: Exchange | None) -> Receive:
        """`receive` within the body deadline (limits.BodyDeadline), keeping the body for the journal."""
        seconds = self.body_timeout
        deadline = asyncio.get_running_loop().time() + seconds if seconds > 0 else None
        complete = False

        async def reading() -> Message:
            nonlocal complete
            if complete or deadline is None:
                message = await receive()
            else:
                try:
                    message = await receive_by(receive, deadline)
                except TimeoutError:
                    raise RequestTimeout(seconds) from None
                complete = message["type"] != "http.request" or not message.get("more_body", False)
            if exchange is not None and message["type"] == "http.request":
                exchange.keep_request(message.get("body", b""))
            return message

        return reading

    async def _failed(self, exc: Exception, started: bool, scope: Scope, receive: Receive, send: Send) -> None:
        """What Starlette's ExceptionMiddleware and ServerErrorMiddleware do with an exception from the app."""
        handler = next((self.handlers[c] for c in type(exc).__mro__ if c in self.handlers), None)
        if handler is not None and handler is not self.fallback:
            if started:
                raise RuntimeError("Caught handled exception, but response already started.") from exc
            response = await handler(self.request(scope, receive), exc)
            await response(scope, receive, send)
            return
        if not started and self.fallback is not None:
            response = await self.fallback(self.request(scope, receive), exc)
            await response(scope, receive, send)
        raise exc
