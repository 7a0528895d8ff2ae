"""The request journal: a bounded ring of the requests a mock answered, newest last, queried by filters.

Entries are plain dicts (control/journal.py builds them from each request's `RequestInfo`), so the ring knows
nothing about HTTP. A request's entry may be appended as a record and the function that makes the dict of it
(`append_lazy`): the dict is made when the ring is first read after it, not while the request is answered.
Sequence numbers start at 1 and are never reused; `dropped` counts the entries that fell off the ring, so a reader
that fell behind can tell. Thread-safe: the server thread appends while a test reads.
"""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

Entry = dict[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Filter:
    """Which entries a query wants; None matches anything. `path` is a glob (`/order/*/orders*`)."""

    operation: str | None = None
    dialect: str | None = None
    code: str | None = None  # compared as text: 0, 36009002, "ORD_DLV_013"
    status: int | None = None
    method: str | None = None
    path: str | None = None
    shop_id: str | None = None
    since: int = 0  # sequence number: entries after it
    since_time: float | None = None  # mock-clock seconds
    fault: bool | None = None  # only requests a fault rule touched (or only untouched ones)

    def matches(self, e: Entry) -> bool:
        return (
            e["seq"] > self.since
            and (self.operation is None or e["operation"] == self.operation)
            and (self.dialect is None or e["dialect"] == self.dialect)
            and (self.code is None or str(e["code"]) == self.code)
            and (self.status is None or e["status"] == self.status)
            and (self.method is None or e["method"] == self.method)
            and (self.shop_id is None or e["shop_id"] == self.shop_id)
            and (self.since_time is None or e["time"] >= self.since_time)
            and (self.fault is None or (e.get("fault") is not None) == self.fault)
            and (self.path is None or fnmatch.fnmatchcase(e["path"], self.path))
        )


class Journal:
    def __init__(self, capacity: int) -> None:
        self.capacity = max(0, capacity)
        self.enabled = self.capacity > 0
        self._entries: deque[Entry] = deque(maxlen=max(1, self.capacity))
        self._next = 1
        self.dropped = 0
        self._pending = False  # whether some entries are still records (append_lazy)
        self._lock = threading.Lock()

    def append(self, entry: Entry) -> None:
        if not self.enabled:
            return
        with self._lock:
            entry["seq"] = self._next
            self._next += 1
            if len(self._entries) == self.capacity:
                self.dropped += 1
            self._entries.append(entry)

    def append_lazy(self, make: Callable[[T], Entry], record: T) -> None:
        """Append the entry `make(record)` will be, made (and its `seq` set) when the ring is next read."""
        if not self.enabled:
            return
        with self._lock:
            seq = self._next
            self._next += 1
            if len(self._entries) == self.capacity:
                self.dropped += 1
            self._entries.append(_Pending((seq, make, record)))  # type: ignore[arg-type]
            self._pending = True

    def _settled(self) -> list[Entry]:
        """Every entry, the pending ones made now (call with the lock held)."""
        if self._pending:
            self._entries = deque((_made(e) for e in self._entries), maxlen=self._entries.maxlen)
            self._pending = False
        return list(self._entries)

    @property
    def last_seq(self) -> int:
        return self._next - 1

    def clear(self) -> int:
        """Forget every entry (sequence numbers go on); how many were dropped."""
        with self._lock:
            n = len(self._entries)
            self._entries.clear()
            return n

    def query(self, f: Filter, limit: int | None = None) -> list[Entry]:
        """Matching entries, oldest first; at most `limit` (the oldest ones)."""
        with self._lock:
            entries = self._settled()
        out: list[Entry] = []
        for e in entries:
            if f.matches(e):
                out.append(e)
                if limit is not None and len(out) >= limit:
                    break
        return out

    def count(self, f: Filter) -> int:
        with self._lock:
            entries = self._settled()
        return sum(1 for e in entries if f.matches(e))

    def __len__(self) -> int:
        return len(self._entries)


class _Pending(tuple):  # type: ignore[type-arg]
    """An entry not made yet: (seq, make, record)."""

    __slots__ = ()


def _made(e: Any) -> Entry:
    if type(e) is not _Pending:
        return e  # type: ignore[no-any-return]
    seq, make, record = e
    entry: Entry = make(record)
    entry["seq"] = seq
    return entry
