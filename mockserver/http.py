"""Small Starlette helpers shared by the dialect front-ends: bounded body reading, JSON responses, and running a
request's work off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from mockserver.sections import SectionLock


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refusing more than `limit` bytes without reading it all into memory."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, headers=headers, media_type="application/json")


T = TypeVar("T")


async def off_loop(work: Callable[[], T]) -> T:
    """Run a request's work (everything under the store lock) in a worker thread, so that the event loop keeps
    answering other requests — `/_mock/health` above all — however long one request takes: a Python thread gives the
    loop its turn every few milliseconds. The store lock serialises the work itself."""
    return await anyio.to_thread.run_sync(work)


async def locked(lock: SectionLock, work: Callable[[], T], *, heavy: bool = False) -> T:
    """`work()` in one critical section of the store: on the event loop when it is cheap (`heavy` False) and the
    lock is free at once, else in a worker thread. The loop never waits for the lock: a request that would (another
    thread holds it for a scan, a snapshot) waits in a worker instead (mockserver/offload.py says what is heavy)."""
    if not heavy and lock.acquire(blocking=False):
        failed = True
        try:
            result = work()
            failed = False
            return result
        finally:
            lock.release(failed)

    def in_section() -> T:
        with lock:
            return work()

    return await off_loop(in_section)
