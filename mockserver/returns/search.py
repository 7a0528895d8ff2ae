"""Search Cancellations / Search Returns: filters, sort and opaque page tokens bound to their query.

A shop's requests are few next to its orders (each one is a buyer's or seller's act), so a search filters the
shop's list and sorts it; the page token is the orders' format (orders/search.py) over (time, creation seq).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from mockserver.orders.index import key
from mockserver.pagetokens import InvalidPageToken
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError, Reason
from mockserver.store import Store

CREATE, UPDATE = "create_time", "update_time"


@dataclass(frozen=True)
class Query:
    shop_id: str
    returns: bool  # False: cancellations
    ids: frozenset[str] | None = None
    order_ids: frozenset[str] | None = None
    buyer_user_ids: frozenset[str] | None = None
    types: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    arbitration: frozenset[str] | None = None
    proposed: frozenset[str] | None = None
    create_ge: int | None = None
    create_lt: int | None = None
    update_ge: int | None = None
    update_lt: int | None = None
    sort_field: str = CREATE
    descending: bool = False

    def fingerprint(self) -> bytes:
        return hashlib.sha256(f"aftersales|{self!r}".encode()).digest()[:8]


@dataclass(frozen=True)
class Page:
    items: list[r.Aftersale]
    total_count: int
    next_page_token: str


def _in(values: frozenset[str] | None, value: str) -> bool:
    return values is None or value in values


def _between(t: int, ge: int | None, lt: int | None) -> bool:
    return (ge is None or t >= ge) and (lt is None or t < lt)


def _matcher(q: Query) -> Callable[[r.Aftersale], bool]:
    def ok(a: r.Aftersale) -> bool:
        if isinstance(a, r.Return) != q.returns:
            return False
        base = (
            _in(q.ids, a.id)
            and _in(q.order_ids, a.order_id)
            and _in(q.buyer_user_ids, a.buyer_user_id)
            and _in(q.types, a.type)
            and _in(q.statuses, a.status)
            and _between(a.create_time, q.create_ge, q.create_lt)
            and _between(a.update_time, q.update_ge, q.update_lt)
        )
        if not base or not isinstance(a, r.Return):
            return base
        return _in(q.arbitration, a.arbitration_status) and _in(q.proposed, a.seller_proposed_return_type)

    return ok


def _sort_key(q: Query, a: r.Aftersale) -> int:
    return key(a.create_time if q.sort_field == CREATE else a.update_time, a.seq)


def search(store: Store, q: Query, page_size: int, page_token: str | None) -> Page:
    book = store.aftersales
    ok = _matcher(q)
    found = [a for a in (book.get(i) for i in book.by_shop.get(q.shop_id, ())) if a is not None and ok(a)]
    found.sort(key=lambda a: _sort_key(q, a), reverse=q.descending)
    fingerprint = q.fingerprint()
    if page_token:
        try:
            (position,) = store.page_tokens().read("returns.search", fingerprint.hex(), page_token)
            after = int(position)
        except (InvalidPageToken, ValueError):
            raise AftersaleError(Reason.INVALID_REQUEST, "page_token was not issued for this query") from None
        if q.descending:
            found_page = [a for a in found if _sort_key(q, a) < after]
        else:
            found_page = [a for a in found if _sort_key(q, a) > after]
    else:
        found_page = found
    page = found_page[:page_size]
    more = len(found_page) > page_size
    last = (_sort_key(q, page[-1]),) if page else ()
    token = store.page_tokens().issue("returns.search", fingerprint.hex(), last) if more and page else ""
    return Page(page, len(found), token)
