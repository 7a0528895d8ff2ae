"""Replaying journal records at startup: each request through the app, at the instant it first ran.

The app is called as the server would call it (plain ASGI, a fresh event loop in a thread of its own, so this
works whether or not the caller runs a loop), with the clock pinned to the record's instant and offset, so every
rule sees the time it saw then: the request's timestamp window, token expiry, what the timers made due. A request
that changes nothing when replayed means the state drifted from what was journaled: it is logged.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from mockserver.durable.recorder import REQUEST, TICK, body_of, decode, scope_of
from mockserver.observe import ASGIApp, Message
from mockserver.runtime import Mock

log = logging.getLogger("tokopedia_mock.state")


async def _request(app: ASGIApp, record: dict[str, Any]) -> int:
    body = body_of(record)
    sent = False
    status = 0

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await app(scope_of(record), receive, send)
    return status


async def _replay(mock: Mock, app: ASGIApp, records: list[bytes]) -> int:
    clock, drifted = mock.clock, 0
    for n, data in enumerate(records, 1):
        record = decode(data)
        clock.set_offset(record["offset"])
        before = mock.store.events.last_seq
        with clock.pinned(record["wall"]):
            if record["kind"] == TICK:
                with mock.store.lock:
                    mock.catch_up()
            elif record["kind"] == REQUEST:
                await _request(app, record)
        if mock.store.events.last_seq == before and record["kind"] == TICK:
            drifted += 1
            log.warning("journal record %d (a tick) changed nothing when replayed", n)
    return len(records) - drifted


def run(mock: Mock, app: ASGIApp, records: list[bytes]) -> int:
    """Replay `records` in order; how many were replayed."""
    result: list[int] = []
    failure: list[BaseException] = []

    def main() -> None:
        try:
            result.append(asyncio.run(_replay(mock, app, records)))
        except BaseException as e:  # re-raised in the caller's thread
            failure.append(e)

    thread = threading.Thread(target=main, name="tokopedia-mock-replay")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]
