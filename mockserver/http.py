"""Small Starlette helpers shared by the dialect front-ends: bounded body reading, JSON responses, and running a
request's work off the event loop."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.datastructures import URL
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from mockserver.headers import HEADERS_KEY as HEADERS_KEY  # re-exported: the front-ends import them from here too
from mockserver.headers import has_body as has_body
from mockserver.headers import header_map as header_map
from mockserver.headers import headers_of as headers_of
from mockserver.sections import SectionLock


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int, headers: Mapping[str, str] | None = None) -> bytes:
    """The raw body, refusing more than `limit` bytes without reading it all into memory. `headers`: the request's
    (`header_map`), when the caller has them already."""
    if headers is None:
        headers = request.headers
    _refuse_declared(headers, limit)
    if not has_body(headers):
        return b""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_declared(headers: Mapping[str, str], limit: int) -> None:
    """A Content-Length over `limit` is refused before any of the body is read."""
    declared = headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge


async def receive_body(receive: Callable[[], Any], limit: int, headers: Mapping[str, str]) -> bytes:
    """`read_body` straight from the ASGI `receive` (no `Request`): the same checks, the same `ClientDisconnect`
    when the client goes away; a body that comes in one chunk is that chunk, not a copy."""
    _refuse_declared(headers, limit)
    if not has_body(headers):
        return b""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        kind = message["type"]
        if kind == "http.request":
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            if chunk:
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        elif kind == "http.disconnect":
            raise ClientDisconnect
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def path_of(scope: Mapping[str, Any]) -> str:
    """`request.url.path` of a scope: the path, with `?`, `#` and `\\` escaped as Starlette's URL does; a plain
    printable ASCII path (every real request) is taken as it is, anything else goes through Starlette's URL."""
    path: str = scope["path"]
    if path.isascii() and path.isprintable() and "?" not in path and "#" not in path and "\\" not in path:
        return path
    return URL(scope=scope).path  # type: ignore[arg-type]


def query_of(scope: Mapping[str, Any]) -> list[tuple[str, str]]:
    """`request.query_params.multi_items()` of a scope, parsed the same way (latin-1, blank values kept). A query
    with nothing to unquote (no `%`, no `+`: a signed request's usual app_key, timestamp, shop_cipher, sign) is split
    directly, as `parse_qsl` would: empty fields skipped, a field without `=` a blank value."""
    query = scope.get("query_string", b"").decode("latin-1")
    if "%" in query or "+" in query:
        return parse_qsl(query, keep_blank_values=True)
    pairs = []
    for field in query.split("&"):
        if field:
            name, _, value = field.partition("=")
            pairs.append((name, value))
    return pairs


def base_url_of(scope: Mapping[str, Any]) -> str:
    """`str(request.base_url)` of a scope without its trailing slash: scheme://host[:port][root path] the client
    used."""
    host = headers_of(scope).get("host")
    server = scope.get("server")
    root = scope.get("app_root_path", scope.get("root_path", ""))
    return _base_url(scope.get("scheme", "http"), tuple(server) if server else None, host, root)


@functools.lru_cache(maxsize=64)  # a few hosts in practice; bounded, since the Host header is the client's
def _base_url(scheme: str, server: tuple[Any, ...] | None, host: str | None, root: str) -> str:
    scope = {
        "type": "http",
        "scheme": scheme,
        "server": server,
        "path": root if root.endswith("/") else root + "/",
        "root_path": root,
        "query_string": b"",
        "headers": [] if host is None else [(b"host", host.encode("latin-1"))],
    }
    return str(URL(scope=scope)).rstrip("/")


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, headers=headers, media_type="application/json")


JSON_TYPE = (b"content-type", b"application/json")


#: An answer: its HTTP status, JSON body, and headers besides content-length and content-type (None: none).
Answer = tuple[int, bytes, dict[str, str] | None]

#: The header lists of answers with no headers of their own, by (size, status): one list per size, shared by every
#: answer of that size (the server only reads it, the journal copies it). Bounded: sizes are many.
_HEADS: dict[tuple[int, int], list[tuple[bytes, bytes]]] = {}
HEADS_KEPT = 4096


def _counted(status: int) -> bool:
    """Whether an answer of this status carries a Content-Length (not a 1xx, 204 or 304)."""
    return not (status < 200 or status in (204, 304))


def json_head(size: int, status: int = 200, headers: Mapping[str, str] | None = None) -> list[tuple[bytes, bytes]]:
    """The raw headers `json_response` sends for a body of `size` bytes: `headers` (latin-1, names lower-cased),
    then content-length (not for a 1xx, 204 or 304) and content-type unless `headers` gave them, as Starlette's
    `Response.init_headers` does."""
    if not headers:
        head = _HEADS.get((size, status))
        if head is None:
            if len(_HEADS) >= HEADS_KEPT:
                _HEADS.clear()
            plain = [(b"content-length", str(size).encode()), JSON_TYPE] if _counted(status) else [JSON_TYPE]
            head = _HEADS[(size, status)] = plain
        return head
    counted = _counted(status)
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    names = {k for k, _ in raw}
    if counted and b"content-length" not in names:
        raw.append((b"content-length", str(size).encode()))
    if b"content-type" not in names:
        raw.append(JSON_TYPE)
    return raw


async def send_json(
    send: Callable[[Any], Any], body: bytes, status: int = 200, headers: Mapping[str, str] | None = None
) -> None:
    """Send what `json_response(body, status, headers)` would, without making the `Response`."""
    await send({"type": "http.response.start", "status": status, "headers": json_head(len(body), status, headers)})
    await send({"type": "http.response.body", "body": body})


T = TypeVar("T")


async def off_loop(work: Callable[[], T]) -> T:
    """Run a request's work (everything under the store lock) in a worker thread, so that the event loop keeps
    answering other requests — `/_mock/health` above all — however long one request takes: a Python thread gives the
    loop its turn every few milliseconds. The store lock serialises the work itself."""
    return await anyio.to_thread.run_sync(work)


class _NotFree:
    """What `if_free` answers when another thread holds the lock."""


NOT_FREE: Any = _NotFree()


def if_free(lock: SectionLock, work: Callable[[], T]) -> T:
    """`work()` in one critical section of the store if the lock is free at once (never waiting for it), else
    `NOT_FREE`: the cheap case of `locked`, for a caller that would rather not make a coroutine of it."""
    if not lock.acquire(blocking=False):
        return NOT_FREE  # type: ignore[no-any-return]
    failed = True
    try:
        result = work()
        failed = False
        return result
    finally:
        lock.release(failed)


async def locked(lock: SectionLock, work: Callable[[], T], *, heavy: bool = False) -> T:
    """`work()` in one critical section of the store: on the event loop when it is cheap (`heavy` False) and the
    lock is free at once, else in a worker thread. The loop never waits for the lock: a request that would (another
    thread holds it for a scan, a snapshot) waits in a worker instead (mockserver/offload.py says what is heavy)."""
    if not heavy:
        result = if_free(lock, work)
        if result is not NOT_FREE:
            return result

    def in_section() -> T:
        with lock:
            return work()

    return await off_loop(in_section)
