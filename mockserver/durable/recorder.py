"""What the journal records: each outermost critical section of the store that changed something.

`Capture` (ASGI middleware, installed only with a state directory) keeps the request being answered — head and
body as received — in a context variable. `Recorder` observes the store lock (`mockserver.sections`): when a
section begins it pins the clock (every read of time inside sees one instant, worker threads included) and notes
the event log's position, the clock offset and the state of every random stream; when it is about to end, still
under the lock, it compares:

- events emitted after the section's catch-up, a random stream drawn from, or the clock offset moved: the request
  changed state, and is journaled with its instant (replaying it re-runs the catch-up too);
- only the catch-up emitted events: a "tick" is journaled (the platform's timers ran; the request itself changed
  nothing — a read, a refusal, a 429 — and must not run again at replay, where its outcome could differ);
- nothing changed: nothing is written (reads cost no I/O).

A change made outside any request (a test calling the domain directly) cannot be replayed as a request: the
recorder asks for a snapshot instead, which keeps everything.
"""

from __future__ import annotations

import base64
import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from mockserver.observe import ASGIApp, Message, Receive, Scope, Send
from mockserver.runtime import Mock


@dataclass
class Captured:
    """The request a critical section runs for, as the app received it."""

    method: str
    path: str
    raw_path: bytes
    query_string: bytes
    headers: list[tuple[bytes, bytes]]
    scheme: str
    server: tuple[str, int] | None
    body: bytearray = field(default_factory=bytearray)

    @classmethod
    def of(cls, scope: Scope) -> Captured:
        server = scope.get("server")
        return cls(
            method=scope["method"],
            path=scope["path"],
            raw_path=scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape"),
            query_string=scope.get("query_string", b""),
            headers=[(bytes(k), bytes(v)) for k, v in scope["headers"]],
            scheme=scope.get("scheme", "http"),
            server=(str(server[0]), int(server[1])) if server else None,
        )


CURRENT: contextvars.ContextVar[Captured | None] = contextvars.ContextVar("tokopedia_mock_request", default=None)


class Capture:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        captured = Captured.of(scope)
        token = CURRENT.set(captured)

        async def recording() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                captured.body += message.get("body", b"")
            return message

        try:
            await self.app(scope, recording, send)
        finally:
            CURRENT.reset(token)


# --- records -------------------------------------------------------------------------------------------------------
REQUEST = "request"
TICK = "tick"


def _text(raw: bytes) -> str:
    return raw.decode("latin-1")


def encode_request(captured: Captured, wall: float, offset: float) -> bytes:
    return orjson.dumps(
        {
            "kind": REQUEST,
            "wall": wall,
            "offset": offset,
            "method": captured.method,
            "path": captured.path,
            "raw_path": _text(captured.raw_path),
            "query": _text(captured.query_string),
            "headers": [[_text(k), _text(v)] for k, v in captured.headers],
            "scheme": captured.scheme,
            "server": list(captured.server) if captured.server else None,
            "body": base64.b64encode(bytes(captured.body)).decode("ascii"),
        }
    )


def encode_tick(wall: float, offset: float) -> bytes:
    return orjson.dumps({"kind": TICK, "wall": wall, "offset": offset})


def decode(data: bytes) -> dict[str, Any]:
    record: dict[str, Any] = orjson.loads(data)
    return record


def scope_of(record: dict[str, Any]) -> Scope:
    """The ASGI scope a journaled request is replayed with."""
    server = record["server"]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": record["method"],
        "scheme": record["scheme"],
        "path": record["path"],
        "raw_path": record["raw_path"].encode("latin-1"),
        "root_path": "",
        "query_string": record["query"].encode("latin-1"),
        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in record["headers"]],
        "client": ("127.0.0.1", 0),
        "server": tuple(server) if server else None,
    }


def body_of(record: dict[str, Any]) -> bytes:
    return base64.b64decode(record["body"])


# --- the observer --------------------------------------------------------------------------------------------------
def _randomness(mock: Mock) -> tuple[Any, ...]:
    streams = mock.store.streams
    return (mock.ids.rng.getstate(), tuple((name, rng.getstate()) for name, rng in streams.items()))


class Recorder:
    """The store lock's observer while a state directory is in use."""

    def __init__(self, mock: Mock, record: Callable[[bytes], None], unjournaled: Callable[[], None]) -> None:
        self.mock = mock
        self._record = record
        self._unjournaled = unjournaled
        self._pin: contextvars.Token[float | None] | None = None
        self._wall = 0.0
        self._seq = self._caught_up = 0
        self._offset = 0.0
        self._random: tuple[Any, ...] = ()
        self._skip = False

    def entered(self) -> None:
        mock = self.mock
        self._pin = mock.clock.pin()
        self._wall = mock.clock.wall()
        self._seq = self._caught_up = mock.store.events.last_seq
        self._offset = mock.clock.offset
        self._random = _randomness(mock)
        self._skip = False

    def caught_up(self) -> None:
        self._caught_up = self.mock.store.events.last_seq

    def skip_section(self) -> None:
        """The current section replaced the store (a reset): there is nothing to journal for it."""
        self._skip = True

    def leaving(self, failed: bool) -> None:
        try:
            if not self._skip:
                self._note()
        finally:
            pin, self._pin = self._pin, None
            if pin is not None:
                self.mock.clock.unpin(pin)

    def _note(self) -> None:
        mock = self.mock
        last = mock.store.events.last_seq
        own = last > self._caught_up or mock.clock.offset != self._offset or _randomness(mock) != self._random
        if own:
            captured = CURRENT.get()
            if captured is None:
                self._unjournaled()
            else:
                self._record(encode_request(captured, self._wall, self._offset))
        elif last > self._seq:
            self._record(encode_tick(self._wall, self._offset))
