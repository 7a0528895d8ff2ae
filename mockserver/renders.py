"""Rendered records kept as JSON until the store changes: a page of orders is not rendered again for every request.

Rendering is a pure function of the store (and of the base URL the client used, which is in the key), so a rendering
stays true until something in the store changes. Every change emits a domain event in the same critical section
(ARCHITECTURE.md, "Events and time"), so the event log's last sequence number is a version of the whole store:
entries rendered at one version are served while the log still ends there, and all of them are dropped at the first
event after it — whatever changed, in either dialect, the control plane or a timer of the world. A reset or a
restore brings another store (and another log): the cache starts over. Reads and writes happen under the store
lock, like the rendering itself.

Entries are `orjson.Fragment`s: the envelope's `orjson.dumps` copies their bytes as they are. At most `capacity`
bytes of them (`Settings.render_cache_bytes`, per front-end), least recently used first out: reading a million
orders must not keep a million renderings, and a walk over a big shop keeps a few megabytes, not one entry per
order it read (an order is ~5 KB of JSON).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import orjson

from mockserver.store import Store

K = TypeVar("K", bound=Hashable)

#: Bytes of renderings kept per front-end (the default of `Settings.render_cache_bytes`).
CAPACITY = 4 * 1024 * 1024


class RenderCache:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity  # bytes
        self._entries: OrderedDict[Hashable, tuple[orjson.Fragment, int]] = OrderedDict()
        self._bytes = 0
        #: What the entries were rendered from: the store, its event log and the log's last sequence number.
        self._store: Store | None = None
        self._log: object = None
        self._seq = -1
        self.hits = self.misses = 0

    def json(self, store: Store, key: Hashable, render: Callable[[], Any]) -> orjson.Fragment:
        """`render()` as JSON, from the cache while the store has not changed since it was rendered."""
        log = store.events
        if store is self._store and log is self._log and log.last_seq == self._seq:
            found = self._entries.get(key)
            if found is not None:  # the usual case, without json_each's loop
                self._entries.move_to_end(key)
                self.hits += 1
                return found[0]
        return self.json_each(store, (key,), lambda _: render())[0]

    def json_each(self, store: Store, keys: Iterable[K], render: Callable[[K], Any]) -> list[orjson.Fragment]:
        """`render(key)` as JSON for each key (a page of records), from the cache where the store is unchanged."""
        log = store.events
        if store is not self._store or log is not self._log or log.last_seq != self._seq:
            self._entries.clear()
            self._bytes = 0
            self._store, self._log, self._seq = store, log, log.last_seq
        entries, out = self._entries, []
        for key in keys:
            found = entries.get(key)
            if found is not None:
                entries.move_to_end(key)
                self.hits += 1
                out.append(found[0])
                continue
            self.misses += 1
            encoded = orjson.dumps(render(key))
            fragment = orjson.Fragment(encoded)
            out.append(fragment)
            if len(encoded) > self.capacity:
                continue  # bigger than the whole cache: answered, not kept
            entries[key] = (fragment, len(encoded))
            self._bytes += len(encoded)
            while self._bytes > self.capacity:
                _, (_, size) = entries.popitem(last=False)
                self._bytes -= size
        return out

    @property
    def size(self) -> int:
        """Bytes of the renderings kept."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)


def plain(data: Any) -> Any:
    """`data` with every fragment parsed back: what a response validator (or a test) reads."""
    return orjson.loads(orjson.dumps(data))
