"""An httpx transport straight into an ASGI app: in-process tests with any httpx-based client."""

from __future__ import annotations

import asyncio
import contextvars
from typing import TYPE_CHECKING, Any

import anyio
import anyio.from_thread
import httpx

from mockserver.observe import CONNECTION_KEY

if TYPE_CHECKING:
    from starlette.types import ASGIApp


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that hands each request straight to an ASGI app: no socket, no port, no server thread.

    Give it to any httpx-based client: `httpx.Client(transport=t)`, `TikTokShop(..., transport=t)`. Redirects come
    back as they are, as from a real server. Closing it is a no-op, so clients that close their transport may share it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._asgi = httpx.ASGITransport(app=self._with_connection, raise_app_exceptions=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if _loop_running():
            # Called from async code: run the app on a loop of its own in a helper thread.
            with anyio.from_thread.start_blocking_portal() as portal:
                status, headers, body = portal.call(self._send, request)
        else:
            status, headers, body = anyio.run(self._send, request)
        return httpx.Response(status, headers=headers, content=body)

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        connection = _Connection()
        token = _CURRENT.set(connection)
        try:
            response = await self._asgi.handle_async_request(request)
            body = await response.aread()
        except Exception:
            connection.raise_if_broken(0, None)  # no answer at all: what a client sees of the hang-up
            raise
        finally:
            _CURRENT.reset(token)
        connection.raise_if_broken(len(body), response.headers.get("content-length"))
        return response.status_code, response.headers.raw, body

    async def _with_connection(self, scope: Any, receive: Any, send: Any) -> None:
        """The app, with a stand-in for its connection (fault injection), as server.py gives it on a socket."""
        connection = _CURRENT.get()
        scope.setdefault("extensions", {})[CONNECTION_KEY] = connection

        async def sending(message: Any) -> None:
            if not connection.broken:
                await send(message)

        await self._app(scope, receive, sending)


class _Connection:
    """What the app did to its (pretend) connection; afterwards, what httpx raises for that on a real socket."""

    def __init__(self) -> None:
        self.broken = ""

    def reset(self) -> None:
        self.broken = self.broken or "reset"

    def close(self) -> None:
        self.broken = self.broken or "close"

    def raise_if_broken(self, received: int, expected: str | None) -> None:
        if self.broken == "reset":
            raise httpx.ReadError("[Errno 104] Connection reset by peer")
        if self.broken == "close" and received == 0:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        if self.broken == "close":
            raise httpx.RemoteProtocolError(
                f"peer closed connection without sending complete message body (received {received} bytes, "
                f"expected {expected})"
            )


_CURRENT: contextvars.ContextVar[_Connection] = contextvars.ContextVar("tokopedia_mock_connection")


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
