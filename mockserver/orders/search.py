"""Order and package search over the time indexes: a page costs O(log n + page), never a scan of the shop.

Only filters the indexes do not cover (shipping type, buyer, warehouse, cancellation request, and the second time
range when both are given) are checked record by record, along the index range of the sort field; their total is
counted once per store version and cached.

Page tokens are opaque and bound to the query that issued them (mockserver/pagetokens.py: standard base64, so they
contain `+` and `/` like the real ones, of the last key returned, with an HMAC over the query under the store's key).
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import orjson

from mockserver.orders.book import SHIPPING_BITS, OrderBook, SeedBlock
from mockserver.orders.index import TimeIndex, seq_of
from mockserver.orders.models import SHIPPING_SELLER, Order
from mockserver.pagetokens import InvalidPageToken, PageTokens, canonical
from mockserver.store import Store

__all__ = ["CREATE", "UPDATE", "InvalidPageToken", "Page", "Query", "search_orders", "search_packages"]

CREATE = "create"
UPDATE = "update"
#: Distinct filtered counts kept per store version (past it the cache starts over).
COUNT_CACHE_SIZE = 256


@dataclass(frozen=True)
class Query:
    """A search over one or more shops. Times are [ge, lt) Unix seconds; None leaves that end open."""

    shop_ids: tuple[str, ...]
    sort_field: str = CREATE  # CREATE | UPDATE
    descending: bool = True
    status: str | None = None
    create_ge: int | None = None
    create_lt: int | None = None
    update_ge: int | None = None
    update_lt: int | None = None
    # Orders only:
    shipping_type: str | None = None
    buyer_user_id: str | None = None
    is_buyer_request_cancel: bool | None = None
    warehouse_ids: frozenset[str] | None = None

    @property
    def sort_range(self) -> tuple[int | None, int | None]:
        return (self.create_ge, self.create_lt) if self.sort_field == CREATE else (self.update_ge, self.update_lt)

    @property
    def other_range(self) -> tuple[int | None, int | None]:
        return (self.update_ge, self.update_lt) if self.sort_field == CREATE else (self.create_ge, self.create_lt)

    def fingerprint(self, kind: str) -> bytes:
        return hashlib.sha256(orjson.dumps([kind, canonical(self)])).digest()[:8]


@dataclass(frozen=True)
class Page:
    seqs: list[int]
    total_count: int
    next_page_token: str


def search_orders(store: Store, query: Query, page_size: int, page_token: str | None) -> Page:
    book = store.order_book
    accept = _order_filter(book, query)
    return _search(book, store.page_tokens(), book.orders_index, "orders", query, page_size, page_token, accept)


def search_packages(store: Store, query: Query, page_size: int, page_token: str | None) -> Page:
    book = store.order_book
    lo, hi = query.other_range
    accept: Callable[[int], bool] | None = None
    if lo is not None or hi is not None:
        by_update = query.sort_field == CREATE  # the range not covered by the index

        def accept(seq: int) -> bool:
            head = book.package_head(seq)
            t = head.update_time if by_update else head.create_time
            return (lo is None or t >= lo) and (hi is None or t < hi)

    return _search(book, store.page_tokens(), book.packages_index, "packages", query, page_size, page_token, accept)


def _order_filter(book: OrderBook, q: Query) -> Callable[[int], bool] | None:
    """A predicate over seqs for the filters the index does not cover, or None when there are none.

    Materialized orders are checked field by field; lazy ones straight on their block's arrays (no materializing),
    which keeps a filtered count of a million orders under a second.
    """
    lo, hi = q.other_range
    if lo is None and hi is None and q.shipping_type is None and q.buyer_user_id is None:
        if q.warehouse_ids is None and q.is_buyer_request_cancel is None:
            return None
    by_update = q.sort_field == CREATE  # the time range the index does not cover

    def order_ok(o: Order) -> bool:
        t = o.update_time if by_update else o.create_time
        return (
            (lo is None or t >= lo)
            and (hi is None or t < hi)
            and (q.shipping_type is None or o.shipping_type == q.shipping_type)
            and (q.buyer_user_id is None or o.buyer.user_id == q.buyer_user_id)
            and (q.warehouse_ids is None or o.warehouse_id in q.warehouse_ids)
            and (q.is_buyer_request_cancel is None or o.is_buyer_request_cancel == q.is_buyer_request_cancel)
        )

    stub_checks = {id(b): _stub_filter(b, q, lo, hi, by_update) for b in book.blocks}
    materialized = book.order_by_seq
    last: list[SeedBlock] = []

    def accept(seq: int) -> bool:
        o = materialized.get(seq)
        if o is not None:
            return order_ok(o)
        block = last[0] if last and 0 <= seq - last[0].start < last[0].count else None
        if block is None:
            located = book.block_of(seq)
            if located is None:
                return False
            block = located[0]
            last[:] = [block]
        return stub_checks[id(block)](seq - block.start)

    return accept


def _stub_filter(b: SeedBlock, q: Query, lo: int | None, hi: int | None, by_update: bool) -> Callable[[int], bool]:
    """The same checks as `order_ok`, on a lazy order's arrays: seeded orders never have a cancel request."""
    if q.is_buyer_request_cancel or (q.warehouse_ids is not None and b.warehouse_id not in q.warehouse_ids):
        return lambda i: False
    buyer = b.buyer_index(q.buyer_user_id) if q.buyer_user_id is not None else None
    if q.buyer_user_id is not None and buyer is None:
        return lambda i: False
    times = b.update if by_update else b.create
    seller = None if q.shipping_type is None else q.shipping_type == SHIPPING_SELLER
    salt_hi, buyers = b.salt_hi, b.buyer

    def ok(i: int) -> bool:
        t = times[i]
        return (
            (lo is None or t >= lo)
            and (hi is None or t < hi)
            and (seller is None or (salt_hi[i] >> (SHIPPING_BITS - 64) & 7 == 0) == seller)
            and (buyer is None or buyers[i] == buyer)
        )

    return ok


def _search(
    book: OrderBook,
    tokens: PageTokens,
    index: TimeIndex,
    kind: str,
    q: Query,
    page_size: int,
    page_token: str | None,
    accept: Callable[[int], bool] | None,
) -> Page:
    token_kind = f"{kind}.search"
    after = _after(tokens.read(token_kind, q, page_token)) if page_token else None
    lo, hi = q.sort_range
    stream = _merged(index, q, lo, hi, after)
    seqs: list[int] = []
    last = None
    more = False
    for k in stream:
        if accept is not None and not accept(seq_of(k)):
            continue
        if len(seqs) == page_size:
            more = True
            break
        seqs.append(seq_of(k))
        last = k
    token = tokens.issue(token_kind, q, (last,)) if more and last is not None else ""
    return Page(seqs, _total(book, index, kind, q, accept), token)


def _merged(index: TimeIndex, q: Query, lo: int | None, hi: int | None, after: int | None) -> Iterator[int]:
    scans = [index.scan(s, q.sort_field, q.status, lo, hi, descending=q.descending, after=after) for s in q.shop_ids]
    if len(scans) == 1:
        return scans[0]
    return heapq.merge(*scans, reverse=q.descending)


def _total(
    book: OrderBook,
    index: TimeIndex,
    kind: str,
    q: Query,
    accept: Callable[[int], bool] | None,
) -> int:
    lo, hi = q.sort_range
    if accept is None:
        return sum(index.count(s, q.sort_field, q.status, lo, hi) for s in q.shop_ids)
    cache_key = (kind, q.fingerprint(kind), book.version)
    cached = book.count_cache.get(cache_key)
    if cached is None:
        cached = sum(1 for k in _merged(index, q, lo, hi, None) if accept(seq_of(k)))
        if len(book.count_cache) >= COUNT_CACHE_SIZE:
            book.count_cache.clear()
        book.count_cache[cache_key] = cached
    return cached


def _after(position: tuple[int | str, ...]) -> int:
    (last_key,) = position
    assert isinstance(last_key, int)
    return last_key
