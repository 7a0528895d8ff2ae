"""Injectable time. The domain never reads the wall clock directly.

`now()` is domain time: token expiry, create/update times, every timer of the world (mockserver/world.py). The
control plane (`POST /_mock/clock`) moves it forward, sets it, or freezes it (domain time stops following the wall
clock until thawed) to make the platform act without waiting. `wall()` is the time the request gate compares the
client's `timestamp` against: clients sign with their real clock, so moving domain time must not push every request
out of the 5-minute window.
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
        self._frozen_at: float | None = None
        self._lock = threading.Lock()

    def wall(self) -> float:
        return self._source()

    def now(self) -> float:
        frozen = self._frozen_at
        return frozen if frozen is not None else self._source() + self._offset

    def now_s(self) -> int:
        return int(self.now())

    @property
    def offset(self) -> float:
        """Domain time minus wall time (while frozen: as of now)."""
        frozen = self._frozen_at
        return frozen - self._source() if frozen is not None else self._offset

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
                self._frozen_at = self._source() + seconds
            else:
                self._offset = seconds

    def set(self, at: float) -> None:
        """Domain time becomes `at` (Unix seconds); a frozen clock stays frozen there."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(at)
            else:
                self._offset = float(at) - self._source()

    def freeze(self) -> None:
        """Stop domain time where it is; only `advance`/`set` move it until `thaw`."""
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = self._source() + self._offset

    def thaw(self) -> None:
        """Domain time follows the wall clock again, from where it stood."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - self._source()
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
