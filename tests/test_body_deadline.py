"""`BodyDeadline` (mockserver/limits.py) in-process: a body late past the deadline raises `RequestTimeout`; a body in
time, and everything after it, passes untouched."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mockserver.limits import BodyDeadline, RequestTimeout

SCOPE = {"type": "http", "method": "POST", "path": "/x", "headers": [(b"content-length", b"2")]}


def reader(app_reads: int) -> tuple[Any, list[Any]]:
    got: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        for _ in range(app_reads):
            got.append(await receive())

    return app, got


def run(app: Any, receive: Any, seconds: float = 0.05) -> None:
    async def send(message: Any) -> None:
        pass

    asyncio.run(BodyDeadline(app, seconds)(dict(SCOPE), receive, send))


def test_a_body_in_time_passes() -> None:
    app, got = reader(1)
    messages = [{"type": "http.request", "body": b"{}", "more_body": False}]

    async def receive() -> Any:
        return messages.pop(0)

    run(app, receive)
    assert got == [{"type": "http.request", "body": b"{}", "more_body": False}]


def test_a_body_that_never_comes_raises_request_timeout() -> None:
    app, _ = reader(1)

    async def receive() -> Any:
        await asyncio.sleep(10)

    with pytest.raises(RequestTimeout):
        run(app, receive)


def test_the_wait_for_a_disconnect_after_the_body_is_not_bounded() -> None:
    app, got = reader(2)
    messages = [{"type": "http.request", "body": b"{}", "more_body": False}]

    async def receive() -> Any:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(0.1)  # longer than the deadline
        return {"type": "http.disconnect"}

    run(app, receive)
    assert got[-1] == {"type": "http.disconnect"}
