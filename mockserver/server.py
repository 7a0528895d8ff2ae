"""Serving the app with uvicorn within the mock's limits on a request's head (what the app never sees).

uvicorn's httptools protocol, extended with:
- a cap on header lines (`max_header_count`) and on the bytes of request line + headers (`max_header_bytes`):
  past either, `431` and the connection is closed, before anything is buffered further;
- a deadline for a request's head (`header_timeout`), counted from the connection's opening or the previous
  response: a client that sends nothing, or half a header, gets `408` and is disconnected (uvicorn itself waits
  forever: its keep-alive timeout starts only after a response and stops at the first byte);
- no waiting for a body the app answered without reading: the connection is closed instead of kept alive.
These answers are plain text, like uvicorn's own `400 Invalid HTTP request received.`: no dialect can be known for
a request the app has not seen. A body that arrives too slowly is the app's to answer (`mockserver.limits`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mockserver import tls
from mockserver.observe import CONNECTION_KEY
from mockserver.settings import Settings


@dataclass(frozen=True)
class HeadLimits:
    max_count: int
    max_bytes: int
    timeout: float

    @classmethod
    def of(cls, settings: Settings) -> HeadLimits:
        return cls(settings.max_header_count, settings.max_header_bytes, settings.header_timeout)


def refusal(status: int, message: str) -> bytes:
    body = message.encode()
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class LimitedHttpTools(HttpToolsProtocol):
    """HttpToolsProtocol with `limits` on each request's head. Subclassed per server by `protocol_for`."""

    limits = HeadLimits(100, 64 * 1024, 10.0)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_deadline: float | None = None  # loop time by which the pending head must be in (None: none due)
        self._head_count = self._head_bytes = 0
        self._refused = False
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if not self._refused:
            super().data_received(data)

    # --- the head: size, count, deadline ---------------------------------------------------------------------
    # One timer per connection, not one per request: arming and cancelling only move `_head_deadline`; the timer,
    # when it fires, refuses if the deadline has passed, waits for a later one, or ends if none is due.
    def _arm_head_timer(self) -> None:
        if self._head_deadline is None:
            self._head_deadline = self.loop.time() + self.limits.timeout
            if self._head_timer is None:
                self._head_timer = self.loop.call_at(self._head_deadline, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        deadline = self._head_deadline
        if deadline is None:
            return
        if self.loop.time() < deadline:  # the head now pending was armed after this timer was
            self._head_timer = self.loop.call_at(deadline, self._head_timed_out)
            return
        self._refuse(408, f"Request head not received within {self.limits.timeout:g} s.")

    def _refuse(self, status: int, message: str) -> None:
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        self._cancel_head_timer()
        self.logger.warning("%s %s", status, message)
        if self.cycle is None or self.cycle.response_complete:  # else a response is on its way: just hang up
            self.transport.write(refusal(status, message))
        self.transport.close()

    def on_message_begin(self) -> None:
        if self._refused:
            return
        self._head_count = self._head_bytes = 0
        self._arm_head_timer()
        super().on_message_begin()

    # on_url and on_header are uvicorn's own (HttpToolsProtocol, uvicorn 0.3x), with the head's bounds checked
    # first: they run for every header line of every request, and a call to the parent's costs as much again.
    def on_url(self, url: bytes) -> None:
        size = self._head_bytes = self._head_bytes + len(url)
        if size > self.limits.max_bytes:
            self._refuse(431, f"Request line and headers exceed {self.limits.max_bytes} bytes.")
        if not self._refused:
            self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        count = self._head_count = self._head_count + 1
        size = self._head_bytes = self._head_bytes + len(name) + len(value) + 4
        limits = self.limits
        if count > limits.max_count:
            self._refuse(431, f"More than {limits.max_count} header lines.")
        elif size > limits.max_bytes:
            self._refuse(431, f"Request line and headers exceed {limits.max_bytes} bytes.")
        if self._refused:
            return
        name = name.lower()
        if name == b"expect" and value.lower() == b"100-continue":
            self.expect_100_continue = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        if self._refused:
            return
        self._cancel_head_timer()
        super().on_headers_complete()
        if self.cycle is not None and not self._refused:  # the app gets a handle on its connection (faults)
            extensions: dict[str, Any] = self.scope.setdefault("extensions", {})
            extensions[CONNECTION_KEY] = Connection(self, self.cycle)

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._refused:
            super().on_message_complete()

    # --- after a response -----------------------------------------------------------------------------------------
    def on_response_complete(self) -> None:
        # The latest cycle, if its response is the one just completed, answered before its body was all in.
        unread = self.cycle is not None and self.cycle.response_complete and self.cycle.more_body
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if unread:
            self.transport.close()
        elif self.cycle.response_complete:  # idle (no pipelined request started): the next head must be timely
            self._arm_head_timer()


class Connection:
    """What a request may do to its own connection (fault injection, mockserver/faults/middleware.py).

    It holds its protocol and request cycle weakly: the scope holds it and the cycle holds the scope, and a strong
    reference back would make every request a reference cycle, left to the garbage collector (whose runs, that
    many more and longer, were the p99 of a busy server)."""

    def __init__(self, protocol: HttpToolsProtocol, cycle: Any) -> None:
        self._protocol_ref = weakref.ref(protocol)
        self._cycle_ref = weakref.ref(cycle)

    @property
    def _protocol(self) -> HttpToolsProtocol:
        protocol = self._protocol_ref()
        assert protocol is not None, "the connection is gone"
        return protocol

    def _done(self) -> None:
        cycle = self._cycle_ref()
        if cycle is not None:
            cycle.disconnected = True  # uvicorn sends nothing more (no 500 for a silent app)

    def reset(self) -> None:
        """Abort with a TCP RST (SO_LINGER 0): the client sees "connection reset by peer"."""
        transport = self._protocol.transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._done()
        transport.abort()

    def close(self) -> None:
        """Hang up after what was sent so far."""
        self._done()
        self._protocol.transport.close()


def protocol_for(settings: Settings) -> type[LimitedHttpTools]:
    return type("LimitedHttpTools", (LimitedHttpTools,), {"limits": HeadLimits.of(settings)})


def uvicorn_config(app: Any, settings: Settings, *, log_level: str | None = None) -> uvicorn.Config:
    """The uvicorn configuration every server of the mock uses (the CLI, `LiveServer`); HTTPS with `--tls`."""
    files = tls.prepare(settings)
    return uvicorn.Config(
        app,
        ssl_certfile=str(files.cert) if files else None,
        ssl_keyfile=str(files.key) if files else None,
        http=protocol_for(settings),
        ws="none",  # neither API has a WebSocket; "auto" would import a WebSocket library at every start
        log_config=None,  # logging is ours (mockserver.logs), or the host process's
        log_level=log_level or settings.log_level,
        access_log=False,  # ours replaces it: uvicorn's prints query strings, which carry secrets here
        lifespan="off",
        timeout_keep_alive=settings.keep_alive_timeout,
    )


class Server(uvicorn.Server):
    """uvicorn's server, calling `on_ready` once it listens (the banner, the ready file), and — for `--realtime` —
    `tick` every `tick_seconds` while it runs (the world's due timers, without waiting for a request)."""

    def __init__(
        self,
        config: uvicorn.Config,
        on_ready: Callable[[], None],
        tick: Callable[[], None] | None = None,
        tick_seconds: float = 1.0,
    ) -> None:
        super().__init__(config)
        self.on_ready = on_ready
        self.tick, self.tick_seconds = tick, tick_seconds
        self._ticker: asyncio.Task[None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            if self.tick is not None:
                self._ticker = asyncio.get_running_loop().create_task(self._ticking())
            self.on_ready()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        await super().shutdown(sockets=sockets)

    async def _ticking(self) -> None:
        assert self.tick is not None
        while not self.should_exit:
            await asyncio.sleep(self.tick_seconds)
            try:
                self.tick()
            except Exception:  # a failing timer must not stop the world for good
                logging.getLogger("tokopedia_mock.world").exception("realtime tick failed")


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket (so the chosen port is known before the app is built); OSError if taken."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
