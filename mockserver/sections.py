"""The store's lock, which tells an observer where each outermost critical section begins and ends.

Every change to the store happens under `Store.lock`, in one critical section per request (handlers take it for the
whole of a write). `SectionLock` is a re-entrant lock like `threading.RLock`; when an `observer` is attached
(durable state is), it is told when the outermost section of a thread begins (`entered`) and is about to end
(`leaving`, still under the lock), so it can pin the clock for the section and journal what it changed, in the
order the sections ran. Without an observer it costs one attribute test per section.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Protocol


class SectionObserver(Protocol):
    def entered(self) -> None: ...

    def caught_up(self) -> None:
        """The section ran the platform's due timers (`Mock.catch_up`)."""

    def leaving(self, failed: bool) -> None: ...


class SectionLock:
    __slots__ = ("_lock", "_depth", "observer")

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0  # only ever changed by the thread holding the lock
        self.observer: SectionObserver | None = None

    def acquire(self, blocking: bool = True) -> bool:
        """Take the lock (re-entrant); with `blocking` False, only if no other thread holds it (True if taken)."""
        if not self._lock.acquire(blocking):
            return False
        self._depth += 1
        if self._depth == 1 and self.observer is not None:
            try:
                self.observer.entered()
            except BaseException:
                self._depth -= 1
                self._lock.release()
                raise
        return True

    def release(self, failed: bool = False) -> None:
        try:
            if self._depth == 1 and self.observer is not None:
                self.observer.leaving(failed)
        finally:
            self._depth -= 1
            self._lock.release()

    def __enter__(self) -> SectionLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release(failed=kind is not None)
