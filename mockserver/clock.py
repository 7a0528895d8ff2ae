"""Injectable time. The domain never reads the wall clock directly.

`now()` is domain time: token expiry, create/update times, every timer of the world (mockserver/world.py). The
control plane (`POST /_mock/clock`) moves it forward, sets it, or freezes it (domain time stops following the wall
clock until thawed) to make the platform act without waiting. `wall()` is the time the request gate compares the
client's `timestamp` against: clients sign with their real clock, so moving domain time must not push every request
out of the 5-minute window.
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
        self._frozen_at: float | None = None
        self._lock = threading.Lock()
        self._pin: contextvars.ContextVar[float | None] = contextvars.ContextVar(
            "tokopedia_mock_clock_pin", default=None
        )

    def wall(self) -> float:
        at = self._pin.get()
        return self._source() if at is None else at

    def now(self) -> float:
        frozen = self._frozen_at
        if frozen is not None:
            return frozen
        at = self._pin.get()  # wall(), inline: the domain reads the time several times per request
        return (self._source() if at is None else at) + self._offset

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
        frozen = self._frozen_at
        if frozen is not None:
            return int(frozen)
        at = self._pin.get()
        return int((self._source() if at is None else at) + self._offset)

    @property
    def offset(self) -> float:
        """Domain time minus wall time (while frozen: as of now)."""
        frozen = self._frozen_at
        return frozen - self.wall() if frozen is not None else self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def set_offset(self, seconds: float) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = self.wall() + seconds
            else:
                self._offset = seconds

    def set(self, at: float) -> None:
        """Domain time becomes `at` (Unix seconds); a frozen clock stays frozen there."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(at)
            else:
                self._offset = float(at) - self.wall()

    def freeze(self) -> None:
        """Stop domain time where it is; only `advance`/`set` move it until `thaw`."""
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = self.wall() + self._offset

    def thaw(self) -> None:
        """Domain time follows the wall clock again, from where it stood."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - self.wall()
                self._frozen_at = None


class FrozenClock(Clock):
    """A clock that only moves when told to: for tests. `wall()` moves with it."""

    def __init__(self, at: float) -> None:
        self._at = at
        super().__init__(source=lambda: self._at)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._at += seconds
            if self._frozen_at is not None:
                self._frozen_at += seconds
