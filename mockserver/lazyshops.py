"""Lazy per-shop seeding: which shops' seeded worlds are not built yet, and maps that build them when read.

A reset builds only what every request needs (apps, sellers, shops, authorizations, tokens); each shop's seeded
world — its catalog, order history, after-sales, promotions and their timers — is built the first time anything
reads it (mockserver/seed.py `build_shop`), from the seed and the instant of the reset, exactly as an eager build
would have made it. Reads find it in one of two ways, so that no caller has to know:

- `ShopDict`, a map keyed by shop id (`products_by_shop`, the order indexes ...): reading shop X's entry builds X;
- `SeededDict`, a map of seeded records by id (`products`, `skus`, `aftersales.returns` ...): a miss may be a record
  of a shop not built yet, so it builds every shop and looks again; iterating it builds every shop first.

Writes never build anything. `LazyShops.all()` builds what is left (a snapshot, a clock move, `--seed-mode eager`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING: Any = object()


class LazyShops:
    """The shops whose seeded world is still to be built, in seeding order, and the builder."""

    __slots__ = ("_after", "_build", "_building", "_left", "lock")

    def __init__(self) -> None:
        #: Held while building (the store's lock: a build is a critical section like any write).
        self.lock: AbstractContextManager[Any] = nullcontext()
        self._left: dict[str, None] = {}
        self._build: Callable[[str], None] | None = None
        #: Called once after one or more shops were built (the runtime catches up on their timers there).
        self._after: Callable[[], object] | None = None
        self._building = 0

    def __deepcopy__(self, memo: dict[int, Any]) -> LazyShops:
        return LazyShops()  # a copy of a store is built through (Store.snapshot): nothing left to build

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyShops, ())

    def defer(self, shop_ids: Iterable[str], build: Callable[[str], None]) -> None:
        self._left = dict.fromkeys(shop_ids)
        self._build = build

    def close(self) -> None:
        """Forget the builder (a store replaced by a reset): no shop is left to build, and the store it closes over
        is freed by reference counting, not only by a full collection (serve freezes its start-up objects)."""
        self._left, self._build, self._after = {}, None, None

    def on_built(self, after: Callable[[], object] | None) -> None:
        self._after = after

    def pending(self, shop_id: str) -> bool:
        """Whether this shop is still to be built."""
        return shop_id in self._left

    @property
    def left(self) -> tuple[str, ...]:
        return tuple(self._left)

    def __bool__(self) -> bool:
        return bool(self._left)

    def shop(self, shop_id: object) -> None:
        """Build this shop's seeded world if it is not built yet."""
        if shop_id in self._left:
            self._run((shop_id,))

    def shops(self, shop_ids: Iterable[str]) -> None:
        if self._left:
            wanted = [s for s in shop_ids if s in self._left]
            if wanted:
                self._run(wanted)

    def all(self) -> None:
        """Build every shop not built yet (a miss in a map of records, an iteration, a snapshot)."""
        if self._left and not self._building:
            self._run(list(self._left))

    def _run(self, shop_ids: Iterable[str]) -> None:
        build = self._build
        assert build is not None
        with self.lock:
            self._building += 1
            try:
                for shop_id in shop_ids:
                    if self._left.pop(shop_id, _MISSING) is None:  # taken off first: reads while building don't recurse
                        build(shop_id)
            finally:
                self._building -= 1
            if not self._building and self._after is not None:
                self._after()


def taken(records: object, key: object) -> bool:
    """Whether a new id clashes with one built so far (builds nothing: a clash with a shop not built yet is a one in
    10**15 chance, not worth building every shop for)."""
    if isinstance(records, dict):
        return dict.__contains__(records, key)
    return key in records  # type: ignore[operator]


def peek(records: dict[K, V], key: K) -> V | None:
    """The record if it is built (builds nothing): for ids read from a built shop's own index, where a miss is no
    sign of a shop not built yet (a return's id looked up among the cancellations)."""
    return dict.get(records, key)


def built(records: dict[K, V]) -> Iterable[V]:
    """The records built so far (builds nothing): for a scan filtered to one shop, once that shop is built."""
    return dict.values(records)


def built_keys(records: Iterable[K]) -> Iterable[K]:
    """The keys built so far of a `SeededDict` (builds nothing); any other iterable as it is."""
    return list(dict.keys(records)) if isinstance(records, SeededDict) else records


def build_all(records: object) -> bool:
    """Build every shop not built yet if `records` is a `SeededDict` with some left; whether anything was."""
    if isinstance(records, SeededDict) and records.lazy:
        records.lazy.all()
        return True
    return False


class SeededDict(dict[K, V]):
    """A dict of seeded records by id: a miss or an iteration builds the shops not built yet first."""

    __slots__ = ("lazy",)

    def __init__(self, lazy: LazyShops, *args: Any) -> None:
        super().__init__(*args)
        self.lazy = lazy

    def __getitem__(self, key: K) -> V:
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            if not self.lazy:
                raise
        self.lazy.all()
        return dict.__getitem__(self, key)

    def get(self, key: K, default: Any = None) -> Any:
        value = dict.get(self, key, _MISSING)
        if value is _MISSING:
            if not self.lazy:
                return default
            self.lazy.all()
            return dict.get(self, key, default)
        return value

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        if not self.lazy:
            return False
        self.lazy.all()
        return dict.__contains__(self, key)

    def setdefault(self, key: K, default: Any = None) -> Any:
        if self.lazy and not dict.__contains__(self, key):
            self.lazy.all()
        return dict.setdefault(self, key, default)

    def pop(self, key: K, *default: Any) -> Any:
        if self.lazy and not dict.__contains__(self, key):
            self.lazy.all()
        return dict.pop(self, key, *default)

    def __delitem__(self, key: K) -> None:
        if self.lazy and not dict.__contains__(self, key):
            self.lazy.all()
        dict.__delitem__(self, key)

    def __iter__(self) -> Iterator[K]:
        self.lazy.all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self.lazy.all()
        return dict.__len__(self)

    def keys(self) -> Any:
        self.lazy.all()
        return dict.keys(self)

    def values(self) -> Any:
        self.lazy.all()
        return dict.values(self)

    def items(self) -> Any:
        self.lazy.all()
        return dict.items(self)

    def copy(self) -> dict[K, V]:
        self.lazy.all()
        return dict(dict.items(self))

    def __reduce__(self) -> tuple[Any, ...]:
        """Copies and pickles are plain dicts of everything (the store wraps them again)."""
        self.lazy.all()
        return (dict, (dict(dict.items(self)),))


class ShopDict(SeededDict[K, V]):
    """A dict keyed by shop id: reading shop X's entry builds X first (iterating builds every shop)."""

    __slots__ = ()

    def __getitem__(self, key: K) -> V:
        self.lazy.shop(key)
        return dict.__getitem__(self, key)

    def get(self, key: K, default: Any = None) -> Any:
        self.lazy.shop(key)
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self.lazy.shop(key)
        return dict.__contains__(self, key)

    def setdefault(self, key: K, default: Any = None) -> Any:
        self.lazy.shop(key)
        return dict.setdefault(self, key, default)

    def pop(self, key: K, *default: Any) -> Any:
        self.lazy.shop(key)
        return dict.pop(self, key, *default)

    def __delitem__(self, key: K) -> None:
        self.lazy.shop(key)
        dict.__delitem__(self, key)
