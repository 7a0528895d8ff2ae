"""Time bounds on reading a request body, enforced inside the app (plain ASGI, no Starlette).

The head of a request (request line and headers: size, count, time) is bounded by the server's protocol
(`mockserver.server`), before the app sees anything. Once the app has the request, `BodyDeadline` bounds how long
the body may take to arrive: past `seconds` from the request's arrival, a pending `receive()` raises
`RequestTimeout`, which `create_app` renders as a 408 in the path's dialect and closes the connection.
"""

from __future__ import annotations

import asyncio

from mockserver.observe import ASGIApp, Message, Receive, Scope, Send


class RequestTimeout(Exception):
    """The request body did not arrive within the deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"request body not received within {seconds:g} s")
        self.seconds = seconds


class BodyDeadline:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0 or not has_body(scope):
            await self.app(scope, receive, send)  # no body to wait for: receive() answers at once
            return
        # The event loop's clock and asyncio's own timeout: anyio's current_time() looks the async library up on
        # every call, which cost more than the rest of this middleware. The mock's servers all run asyncio.
        deadline = asyncio.get_running_loop().time() + self.seconds
        complete = False

        async def bounded() -> Message:
            nonlocal complete
            if complete:  # the body is in: later receive() calls only wait for a disconnect, unbounded
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise RequestTimeout(self.seconds) from None
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, bounded, send)


def has_body(scope: Scope) -> bool:
    """Whether the request declares a body (HTTP/1.1: a non-zero Content-Length, or Transfer-Encoding)."""
    for name, value in scope["headers"]:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() not in (b"0", b"")):
            return True
    return False
