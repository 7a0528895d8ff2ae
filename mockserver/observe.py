"""What the mock knows about the request it is answering: one mutable record per HTTP request.

`Observe`, the outermost middleware (`create_app` installs it around Starlette's own stack), puts a `RequestInfo`
into the ASGI scope under `SCOPE_KEY`. The front-ends fill in what only they know — the dialect, the operation,
the business code and request_id they answered with — through `info_of(request.scope)`. When the response is
complete, every listener gets the finished record: the access log (`mockserver.logs`) today; a request journal
can subscribe the same way and keep what it needs (`details` carries per-dialect extras such as gate verdicts).

No Starlette imports: plain ASGI, so the record can be read wherever a scope is at hand.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("tokopedia_mock")

#: The ASGI scope key the record lives under.
SCOPE_KEY = "tokopedia_mock.request"
#: Where a server puts a handle on the request's connection (`scope["extensions"][CONNECTION_KEY]`): an object
#: with `reset()` (abort with a TCP RST) and `close()` (hang up, nothing more sent), for connection faults
#: (mockserver/faults/middleware.py). server.py's protocol and testkit's in-process transport provide one.
CONNECTION_KEY = "tokopedia_mock.connection"
#: A path prefix stripped before the app saw the request (a tenant's `/_tenants/NAME`, control/tenants.py).
MOUNT_KEY = "tokopedia_mock.mount"

# The dialects a request can be answered in (`RequestInfo.dialect`).
PARTNER = "partner"  # the open-api host (TikTok Shop Partner API)
AUTH = "auth"  # the auth host: token endpoints and the consent page
LEGACY = "legacy"  # the legacy Tokopedia Seller API
CONTROL = "control"  # /_mock/ (not part of any public API)
PAGES = "pages"  # the landing page, /docs and their assets, the OpenAPI documents

#: The gate's verdict on a request it let through (`RequestInfo.details["gate"]`): one shared dict, never changed
#: (the journal copies it into each entry it shows).
GATE_PASSED: dict[str, Any] = {"passed": True}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(slots=True)
class RequestInfo:
    """One request as the mock answered it. Everything here is safe to log except `error` (it may echo input),
    which the access log leaves out; no field ever holds a secret, a token or a query string."""

    method: str
    path: str
    client: str = ""
    #: `time.perf_counter()` when the request reached the app.
    started: float = 0.0
    #: Which front-end answered: PARTNER, AUTH, LEGACY, CONTROL, PAGES; "" if none claimed it.
    dialect: str = ""
    operation_id: str = ""
    #: The HTTP status sent (0: no response was started).
    status: int = 0
    #: The business code answered: the envelope's `code` (Partner API, auth host, control plane; 0 is success),
    #: the legacy `header.error_code` (e.g. "ORD_DLV_013"; 0 on success) or the OAuth `error` of POST /token.
    code: int | str | None = None
    #: The envelope's `request_id` (Partner API, auth host, control plane). Legacy answers carry none.
    request_id: str = ""
    app_key: str = ""
    shop_id: str = ""
    #: The error message answered, for a journal; never logged (it can echo request input).
    error: str = ""
    #: Seconds from arrival to the end of the response, set when the response is complete.
    seconds: float = 0.0
    #: Per-dialect extras for a request journal (e.g. the gate's verdict); not logged.
    details: dict[str, Any] = field(default_factory=dict)
    #: The raw exchange (headers, query, bodies), only when a request journal is on (`Observe.capture`). Holds
    #: secrets as sent: never logged; the journal redacts it before keeping anything (control/journal.py).
    exchange: Exchange | None = None

    def answered(self, code: int | str, request_id: str = "", error: str = "") -> None:
        """Record the business code (and request_id, error message) a front-end answered with."""
        self.code = code
        if request_id:
            self.request_id = request_id
        if error:
            self.error = error


@dataclass(slots=True)
class Exchange:
    """What went over the wire, each body kept up to `limit` bytes (`*_truncated` says some was left out).

    Nothing is copied while the request is answered: the header lists are the server's and the app's (neither
    changes once sent), and a body that comes in one chunk within the limit is that chunk itself."""

    limit: int
    query: bytes = b""
    request_headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    request_body: bytes | bytearray = b""
    request_truncated: bool = False
    response_headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    response_body: bytes | bytearray = b""
    response_truncated: bool = False

    def keep_request(self, chunk: bytes) -> None:
        self.request_body, cut = _kept(self.request_body, chunk, self.limit)
        self.request_truncated = self.request_truncated or cut

    def keep_response(self, chunk: bytes) -> None:
        self.response_body, cut = _kept(self.response_body, chunk, self.limit)
        self.response_truncated = self.response_truncated or cut


def _kept(kept: bytes | bytearray, chunk: bytes, limit: int) -> tuple[bytes | bytearray, bool]:
    """`kept` and as much of `chunk` as fits in `limit`, and whether some of it did not."""
    if not kept and len(chunk) <= limit and type(chunk) is bytes:
        return chunk, False  # the whole body in one chunk (every answer of the mock): no copy
    room = limit - len(kept)
    out = kept if isinstance(kept, bytearray) else bytearray(kept)
    out += chunk[: max(0, room)]
    return out, len(chunk) > room


Listener = Callable[[RequestInfo], None]


def info_of(scope: Scope) -> RequestInfo:
    """The request's record; an app called without `Observe` (a bare route in a unit test) gets a fresh one."""
    info = scope.get(SCOPE_KEY)
    if info is None:
        info = scope[SCOPE_KEY] = RequestInfo(str(scope.get("method", "")), str(scope.get("path", "")))
    assert isinstance(info, RequestInfo)
    return info


def client_of(scope: Scope) -> str:
    """The client's `host:port` as the record keeps it ("" when the server gives none)."""
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else ""


class Observe:
    """The outermost middleware: creates the record, notes the status sent, hands the record to each listener."""

    def __init__(self, app: ASGIApp, listeners: list[Listener], capture: int = 0) -> None:
        self.app = app
        self.listeners = listeners  # shared with the app: listeners added later are seen
        self.capture = capture  # bytes of each body kept in `RequestInfo.exchange`; 0: no exchange at all

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        info = RequestInfo(scope["method"], scope["path"], client_of(scope), time.perf_counter())
        scope[SCOPE_KEY] = info
        if self.capture:
            await self._captured(info, scope, receive, send)
            return

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                info.status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            self._finish(info)

    async def _captured(self, info: RequestInfo, scope: Scope, receive: Receive, send: Send) -> None:
        exchange = info.exchange = Exchange(self.capture, scope.get("query_string", b""), scope["headers"])

        async def reading() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                exchange.keep_request(message.get("body", b""))
            return message

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                info.status = message["status"]
                exchange.response_headers = message.get("headers") or []
            elif message["type"] == "http.response.body":
                exchange.keep_response(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, reading, noting)
        finally:
            self._finish(info)

    def _finish(self, info: RequestInfo) -> None:
        finish(info, self.listeners)


def finish(info: RequestInfo, listeners: list[Listener]) -> None:
    """The response is complete: note how long it took, and hand the record to every listener."""
    info.seconds = time.perf_counter() - info.started
    for listener in listeners:
        try:
            listener(info)
        except Exception:  # a listener must never turn an answered request into an error
            log.exception("request listener %r failed", listener)
