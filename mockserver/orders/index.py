"""Sorted time indexes over orders and packages, so that searches never scan every record.

Each (shop, time field, status or None for all) has one sorted `array('q')` of keys `time << SEQ_BITS | seq`:
the key sorts by time, breaks ties by the record's sequence number, and packs both in 8 bytes, so a million orders
cost 8 MB per index instead of a list of tuples. Ranges are found with `bisect`; a status change moves one key.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator

from mockserver.lazyshops import LazyShops

SEQ_BITS = 26
SEQ_MASK = (1 << SEQ_BITS) - 1
MAX_SEQ = SEQ_MASK
FIELDS = ("create", "update")


def key(time: int, seq: int) -> int:
    return (max(time, 0) << SEQ_BITS) | seq


def seq_of(k: int) -> int:
    return k & SEQ_MASK


def time_of(k: int) -> int:
    return k >> SEQ_BITS


class TimeIndex:
    """Keys by (shop, field, status); status None holds every record of the shop."""

    def __init__(self) -> None:
        self._lists: dict[tuple[str, str, str | None], array[int]] = {}
        #: Shops whose seeded history is not filed yet: reading a shop's keys builds it (mockserver/lazyshops.py).
        self.lazy = LazyShops()

    def keys(self, shop_id: str, fld: str, status: str | None) -> array[int]:
        self.lazy.shop(shop_id)
        return self._lists.get((shop_id, fld, status)) or array("q")

    def _list(self, shop_id: str, fld: str, status: str | None) -> array[int]:
        self.lazy.shop(shop_id)
        got = self._lists.get((shop_id, fld, status))
        if got is None:
            got = self._lists[(shop_id, fld, status)] = array("q")
        return got

    def load(self, shop_id: str, fld: str, status: str | None, keys: list[int]) -> None:
        """Bulk-load keys (any order); used by seeding."""
        current = self._lists.get((shop_id, fld, status))
        merged = sorted([*current, *keys]) if current else sorted(keys)
        self._lists[(shop_id, fld, status)] = array("q", merged)

    def add(self, shop_id: str, status: str, create_time: int, update_time: int, seq: int) -> None:
        for fld, t in (("create", create_time), ("update", update_time)):
            k = key(t, seq)
            insort(self._list(shop_id, fld, None), k)
            insort(self._list(shop_id, fld, status), k)

    def move(
        self,
        shop_id: str,
        seq: int,
        create_time: int,
        old: tuple[str, int],
        new: tuple[str, int],
    ) -> None:
        """Re-file a record whose (status, update_time) changed from `old` to `new`."""
        (old_status, old_update), (new_status, new_update) = old, new
        if old == new:
            return
        ck = key(create_time, seq)
        if old_status != new_status:
            _remove(self._list(shop_id, "create", old_status), ck)
            insort(self._list(shop_id, "create", new_status), ck)
        old_uk, new_uk = key(old_update, seq), key(new_update, seq)
        _remove(self._list(shop_id, "update", None), old_uk)
        insort(self._list(shop_id, "update", None), new_uk)
        _remove(self._list(shop_id, "update", old_status), old_uk)
        insort(self._list(shop_id, "update", new_status), new_uk)

    def count(self, shop_id: str, fld: str, status: str | None, lo: int | None, hi: int | None) -> int:
        keys = self.keys(shop_id, fld, status)
        start, stop = bounds(keys, lo, hi)
        return max(0, stop - start)

    def scan(
        self,
        shop_id: str,
        fld: str,
        status: str | None,
        lo: int | None,
        hi: int | None,
        *,
        descending: bool,
        after: int | None = None,
    ) -> Iterator[int]:
        """Keys with lo <= time < hi, in order, strictly past the key `after` (a page cursor)."""
        keys = self.keys(shop_id, fld, status)
        start, stop = bounds(keys, lo, hi)
        if descending:
            if after is not None:
                stop = min(stop, bisect_left(keys, after))
            for i in range(stop - 1, start - 1, -1):
                yield keys[i]
        else:
            if after is not None:
                start = max(start, bisect_right(keys, after))
            for i in range(start, stop):
                yield keys[i]

    def size(self) -> int:
        self.lazy.all()
        return sum(len(v) for (_, fld, status), v in self._lists.items() if fld == "create" and status is None)


def bounds(keys: array[int], lo: int | None, hi: int | None) -> tuple[int, int]:
    """Positions of the keys with lo <= time < hi (either end open when None)."""
    start = 0 if lo is None else bisect_left(keys, key(lo, 0))
    stop = len(keys) if hi is None else bisect_left(keys, key(hi, 0))
    return start, stop


def _remove(keys: array[int], k: int) -> None:
    i = bisect_left(keys, k)
    if i < len(keys) and keys[i] == k:
        del keys[i]
