"""Snapshots: the whole `Store` — every field, by rule — written atomically with pickle.

`pickle` is the one serializer that takes the store as it is: records, indexes that point at the same records,
sets, arrays, the event log, random streams. Every field of `Store` is written except those in `TRANSIENT` (the
lock), so a field another area adds is persisted without any code here (tests/test_durable.py fails if one is
not). Seed-only data is not rewritten: the lazy order blocks (`SeedBlock`, immutable once seeded, the bulk of a
large shop) are written as references and taken from the freshly seeded store on load. Besides the store, the
mock's id stream and the clock offset are kept.

The file is written to a temporary name, fsynced, renamed over the previous snapshot and the directory fsynced:
a `kill -9` at any moment leaves either the old snapshot or the new one. It is written in chunks (field by field,
large dicts a few thousand entries at a time, one pickler so shared records stay shared), which lets the event
loop take its turn between chunks while a snapshot is taken in the background.

A snapshot is trusted input (it is unpickled): keep the state directory private, like the secrets it holds.
"""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from mockserver.orders.book import SeedBlock
from mockserver.runtime import Mock
from mockserver.store import Store

FILE = "snapshot.pickle"
FORMAT = 1
#: Store fields that are never persisted (they belong to the running process).
TRANSIENT = frozenset({"lock"})
#: Entries of a dict pickled in one go.
CHUNK = 2000


def persisted_fields() -> list[str]:
    return [f.name for f in fields(Store) if f.name not in TRANSIENT]


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], blocks: list[SeedBlock]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._blocks = {id(b): i for i, b in enumerate(blocks)}

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, SeedBlock):
            return ("seed-block", self._blocks[id(obj)])
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], blocks: list[SeedBlock]) -> None:
        super().__init__(file)
        self._blocks = blocks

    def persistent_load(self, pid: Any) -> Any:
        kind, index = pid
        if kind != "seed-block":
            raise pickle.UnpicklingError(f"unknown reference {kind!r}")
        return self._blocks[index]


def dump(mock: Mock, journal_seq: int, fingerprint: str) -> bytes:
    """The snapshot of `mock` as bytes; call it under the store lock."""
    store = mock.store
    out = io.BytesIO()
    pickler = _Pickler(out, store.order_book.blocks)
    names = persisted_fields()
    pickler.dump({"format": FORMAT, "fingerprint": fingerprint, "journal_seq": journal_seq, "fields": names})
    for name in names:
        value = getattr(store, name)
        if type(value) is dict and len(value) > CHUNK:
            items = list(value.items())
            pickler.dump(("dict", len(items)))
            for start in range(0, len(items), CHUNK):
                pickler.dump(items[start : start + CHUNK])
        else:
            pickler.dump(("value", 0))
            pickler.dump(value)
    pickler.dump({"ids": mock.ids, "request_ids": mock.request_ids, "offset": mock.clock.offset})
    return out.getvalue()


def write_temporary(directory: Path, data: bytes) -> None:
    """Write `data` to the temporary snapshot file, on disk (fsynced) but not yet in place."""
    with open(directory / (FILE + ".tmp"), "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def commit(directory: Path) -> None:
    """Put the temporary snapshot in place of the previous one, atomically (rename, then fsync the directory)."""
    os.replace(directory / (FILE + ".tmp"), directory / FILE)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def discard(directory: Path) -> None:
    (directory / (FILE + ".tmp")).unlink(missing_ok=True)


def header(directory: Path) -> dict[str, Any] | None:
    """The snapshot's header (format, fingerprint, journal_seq, fields), or None without a snapshot."""
    path = directory / FILE
    if not path.exists():
        return None
    with open(path, "rb") as f:
        head: dict[str, Any] = pickle.load(f)
    return head


def load(directory: Path, mock: Mock) -> int:
    """Put the snapshot into `mock` (its store is updated in place: the same object, its lock and event listeners
    kept); the journal sequence number the snapshot covers, 0 without a snapshot."""
    path = directory / FILE
    if not path.exists():
        return 0
    store = mock.store
    with open(path, "rb") as f:
        unpickler = _Unpickler(f, store.order_book.blocks)
        head = unpickler.load()
        values: dict[str, Any] = {}
        for name in head["fields"]:
            kind, size = unpickler.load()
            if kind == "dict":
                merged: dict[Any, Any] = {}
                while len(merged) < size:
                    merged.update(unpickler.load())
                values[name] = merged
            else:
                values[name] = unpickler.load()
        extras = unpickler.load()
    listeners = store.events.listeners
    for name, value in values.items():
        setattr(store, name, value)
    store.events.listeners = listeners
    mock.ids, mock.request_ids = extras["ids"], extras["request_ids"]
    mock.clock.set_offset(extras["offset"])
    return int(head["journal_seq"])
