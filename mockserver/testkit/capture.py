"""An exception inside a handler must not be lost in a server thread: `ErrorCapture` wraps the ASGI app and
records it; the client still gets the 500 envelope the mock renders (as it would from a real gateway), and the
plugin fails the test that caused it, with the mock's traceback.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class CapturedError:
    """An exception the mock raised while handling a request."""

    method: str
    path: str
    exception: Exception
    traceback: str

    def describe(self) -> str:
        return f"while handling {self.method} {self.path}:\n{self.traceback}"


class MockServerError(Exception):
    """Fails a test whose requests made the mock raise. Its cause is the mock's own exception."""

    @classmethod
    def from_captured(cls, errors: list[CapturedError]) -> MockServerError:
        where = ", ".join(f"{e.method} {e.path}" for e in errors)
        return cls(f"tokopedia-mock raised {len(errors)} unhandled exception(s) while handling {where}")


class ErrorCapture:
    """ASGI middleware that records what the app raises. `app` may be replaced between requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._errors: list[CapturedError] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = self.app
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = False
        last: list[Message] = []

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                last.append(message)  # held back until the app returns: see below
                return
            await send(message)

        try:
            await app(scope, receive, watch)
        except Exception as exc:
            text = "".join(traceback.format_exception(exc))
            with self._lock:
                self._errors.append(CapturedError(scope["method"], scope["path"], exc, text))
            # Starlette has already rendered the mock's 500 envelope; re-raising would only make the server log it
            # twice. Without a response, the server must answer 500 itself.
            if not started:
                raise
        # The response completes only now, after the error (if any) is recorded: a client that has its answer can
        # rely on the error being there to report, even when the app runs in a server thread.
        for message in last:
            await send(message)

    def take(self) -> list[CapturedError]:
        """The errors recorded since the last call, oldest first."""
        with self._lock:
            errors, self._errors = self._errors, []
        return errors
