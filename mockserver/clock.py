"""Injectable time. The domain never reads the wall clock directly.

`now()` is domain time: token expiry, create/update times. It can be moved forward by the control plane
(`POST /_mock/clock`) to expire tokens and auth codes without waiting. `wall()` is the time the request gate
compares the client's `timestamp` against: clients sign with their real clock, so moving domain time must not
push every request out of the 5-minute window.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Clock:
    """A clock with an adjustable offset. `source` supplies base seconds (default: the system clock)."""

    def __init__(self, source: Callable[[], float] = time.time, offset: float = 0.0) -> None:
        self._source = source
        self._offset = offset
        self._lock = threading.Lock()

    def wall(self) -> float:
        return self._source()

    def now(self) -> float:
        return self._source() + self._offset

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
