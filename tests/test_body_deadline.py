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


# --- receive_by: the deadline without a timer for a message that is there already ------------------------------------
def test_a_message_that_is_there_is_taken_without_a_timer_even_past_the_deadline() -> None:
    from mockserver.limits import receive_by

    async def ready() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}"}

    async def main() -> tuple[dict[str, Any], int]:
        loop = asyncio.get_running_loop()
        message = await receive_by(ready, loop.time() - 1)  # a deadline long gone: nothing waited, nothing refused
        assert message["body"] == b"{}"
        message = await receive_by(ready, loop.time() + 5)
        return message, len(loop._scheduled)  # type: ignore[attr-defined]  # asyncio.timeout_at leaves one behind

    message, timers = asyncio.run(main())
    assert message["body"] == b"{}"
    assert timers == 0


def test_a_message_that_comes_in_time_after_waiting_is_returned() -> None:
    from mockserver.limits import receive_by

    async def main() -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        arrived: asyncio.Future[dict[str, Any]] = loop.create_future()
        loop.call_later(0.01, arrived.set_result, {"type": "http.request", "body": b"late", "more_body": True})

        async def waiting() -> dict[str, Any]:
            await asyncio.sleep(0)  # a bare yield first, then a future: both go through the resumed awaitable
            return await arrived

        return await receive_by(waiting, loop.time() + 5)

    assert asyncio.run(main())["body"] == b"late"


def test_a_message_that_does_not_come_by_the_deadline_times_out_and_the_wait_is_cancelled() -> None:
    from mockserver.limits import receive_by

    cleaned: list[str] = []

    async def never() -> dict[str, Any]:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.append("cancelled")
        return {}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        await receive_by(never, loop.time() + 0.02)

    with pytest.raises(TimeoutError):
        asyncio.run(main())
    assert cleaned == ["cancelled"]


def test_a_cancellation_from_outside_stays_a_cancellation() -> None:
    from mockserver.limits import receive_by

    async def never() -> dict[str, Any]:
        await asyncio.Event().wait()
        return {}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(receive_by(never, loop.time() + 5))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_an_error_after_waiting_reaches_the_caller() -> None:
    from mockserver.limits import receive_by

    async def failing() -> dict[str, Any]:
        await asyncio.sleep(0.001)
        raise ConnectionResetError("gone")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        await receive_by(failing, loop.time() + 5)

    with pytest.raises(ConnectionResetError):
        asyncio.run(main())
