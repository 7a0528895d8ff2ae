"""Injectable time. The domain never reads the wall clock directly.

`now()` is domain time: token expiry, create/update times. It can be moved forward by the control plane
(`POST /_mock/clock`) to expire tokens and auth codes without waiting. `wall()` is the time the request gate
compares the client's `timestamp` against: clients sign with their real clock, so moving domain time must not
push every request out of the 5-minute window.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from collections.abc import Callable, Iterator


class Clock:
    """A clock with an adjustable offset. `source` supplies base seconds (default: the system clock).

    `pinned(at)` stops the wall clock at one instant for the code running inside it (its context, worker threads it
    hands work to included): durable state pins it for each critical section of the store, so that replaying the
    section later sees exactly the time it saw."""

    def __init__(self, source: Callable[[], float] = time.time, offset: float = 0.0) -> None:
        self._source = source
        self._offset = offset
        self._lock = threading.Lock()
        self._pin: contextvars.ContextVar[float | None] = contextvars.ContextVar(
            "tokopedia_mock_clock_pin", default=None
        )

    def wall(self) -> float:
        at = self._pin.get()
        return self._source() if at is None else at

    def now(self) -> float:
        return self.wall() + self._offset

    @contextlib.contextmanager
    def pinned(self, at: float | None = None) -> Iterator[float]:
        """The wall clock stands still at `at` (default: now) inside the block."""
        instant = self.wall() if at is None else at
        token = self._pin.set(instant)
        try:
            yield instant
        finally:
            self._pin.reset(token)

    def pin(self, at: float | None = None) -> contextvars.Token[float | None]:
        """Like `pinned`, for callers that cannot use a block: undo with `unpin(token)`."""
        return self._pin.set(self.wall() if at is None else at)

    def unpin(self, token: contextvars.Token[float | None]) -> None:
        self._pin.reset(token)

    def now_s(self) -> int:
        return int(self.now())

    @property
    def offset(self) -> float:
        return self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds

    def set_offset(self, seconds: float) -> None:
        with self._lock:
            self._offset = seconds


class FrozenClock(Clock):
    """A clock that only moves when told to: for tests. `wall()` moves with it."""

    def __init__(self, at: float) -> None:
        self._at = at
        super().__init__(source=lambda: self._at)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._at += seconds
