"""Time bounds on reading a request body, enforced inside the app (plain ASGI, no Starlette).

The head of a request (request line and headers: size, count, time) is bounded by the server's protocol
(`mockserver.server`), before the app sees anything. Once the app has the request, `BodyDeadline` bounds how long
the body may take to arrive: past `seconds` from the request's arrival, a pending `receive()` raises
`RequestTimeout`, which `create_app` renders as a 408 in the path's dialect and closes the connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import Any

from mockserver import headers
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
                message = await receive_by(receive, deadline)
            except TimeoutError:
                raise RequestTimeout(self.seconds) from None
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, bounded, send)


async def receive_by(receive: Receive, deadline: float) -> Message:
    """`await receive()`, raising `TimeoutError` if it is not answered by `deadline` (the event loop's time).

    The body of most requests is in by the time the app asks (it came with the head): `receive()` then answers
    without suspending, and no timer is armed for it. Only a `receive()` that has to wait goes on under
    `asyncio.timeout_at`, which cancels it at the deadline exactly as when the whole call is under it."""
    step = receive().__await__()
    try:
        pending = step.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    async with asyncio.timeout_at(deadline):
        return await _Resumed(step, pending)


class _Resumed:
    """The rest of an awaitable already started (`step`, suspended on `pending`): awaiting it drives `step` on,
    passing every value and exception the task sends (a cancellation above all) into it, as `yield from` would."""

    __slots__ = ("_step", "_pending")

    def __init__(self, step: Generator[Any, Any, Message], pending: Any) -> None:
        self._step, self._pending = step, pending

    def __await__(self) -> Generator[Any, Any, Message]:
        step, pending = self._step, self._pending
        while True:
            try:
                sent = yield pending
            except GeneratorExit:
                step.close()
                raise
            except BaseException as exc:  # every exception goes to the awaitable, as `yield from` does
                try:
                    pending = step.throw(exc)
                except StopIteration as done:
                    return done.value  # type: ignore[no-any-return]
                continue
            try:
                pending = step.send(sent)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]


def has_body(scope: Scope) -> bool:
    """Whether the request declares a body (HTTP/1.1: a non-zero Content-Length, or Transfer-Encoding): the rule
    of `headers.has_body`, on the request's header map."""
    return headers.has_body(headers.headers_of(scope))
