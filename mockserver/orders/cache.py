"""A bound on the seeded orders kept materialized: reading 100,000 orders must not keep 100,000 `Order`s.

A seeded order is materialized (lazy.py) when something reads it; reads that only look at it leave it as it was
materialized. Those are kept in `OrderBook.clean`, least recently used first, at most `cache_size` of them
(`Settings.order_cache_size`); past that the oldest is made lazy again (materializing it later gives the same
objects). Each entry holds a fingerprint of the order and its package taken when it was materialized: before an
order goes, its fingerprint is taken again, and an order (or package) that anything changed since — paid, shipped,
its stock committed, a tracking number set — no longer matches, is dropped from `clean` and stays for good. So no
writer has to mark what it changes, and an eviction can never lose a change.
"""

from __future__ import annotations

import hashlib
import pickle

from mockserver.orders import models as m
from mockserver.orders.lazy import unregister
from mockserver.store import Store


def fingerprint(order: m.Order, package: m.Package | None) -> bytes:
    return hashlib.blake2b(pickle.dumps((order, package), protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


def admit(store: Store, seq: int) -> None:
    """A seeded order was just materialized: it is the most recently used; evict past the bound."""
    book = store.order_book
    book.clean[seq] = fingerprint(book.order_by_seq[seq], book.package_by_seq.get(seq))
    while len(book.clean) > book.cache_size:
        _evict_oldest(store)


def touch(store: Store, seq: int) -> None:
    """A materialized order was read: it becomes the most recently used (changed ones are not tracked)."""
    clean = store.order_book.clean
    taken = clean.pop(seq, None)
    if taken is not None:
        clean[seq] = taken


def _evict_oldest(store: Store) -> None:
    book = store.order_book
    seq = next(iter(book.clean))
    taken = book.clean.pop(seq)
    order = book.order_by_seq.get(seq)
    if order is None:
        return
    package = book.package_by_seq.get(seq)
    if fingerprint(order, package) == taken:
        unregister(store, order, package)
