"""An httpx transport straight into an ASGI app: in-process tests with any httpx-based client."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import anyio
import anyio.from_thread
import httpx

if TYPE_CHECKING:
    from starlette.types import ASGIApp


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that hands each request straight to an ASGI app: no socket, no port, no server thread.

    Give it to any httpx-based client: `httpx.Client(transport=t)`, `TikTokShop(..., transport=t)`. Redirects come
    back as they are, as from a real server. Closing it is a no-op, so clients that close their transport may share it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)

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
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        return response.status_code, response.headers.raw, body


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
