"""A large shop: searches answer from the indexes exactly as a full scan would, and orders stay lazy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockserver import Settings
from mockserver.orders import backend, search
from mockserver.orders.book import Head
from mockserver.orders.seed import seed_shop
from mockserver.runtime import Mock

SIZE = 20_000
DAY = 86400


@pytest.fixture(scope="module")
def big() -> Iterator[Mock]:
    mock = Mock(Settings(seed=3, orders_per_shop=0, catalog_size=40))
    seed_shop(mock.store, mock.store.shops[mock.refs.shops["migrated"]], 3, SIZE, mock.clock.now_s())
    yield mock


def brute(mock: Mock, q: search.Query) -> list[int]:
    """Every matching seq, in the query's order, the slow way."""
    book = mock.store.order_book
    block = book.blocks[0]
    heads = [(block.start + i, book.head(block.start + i)) for i in range(block.count)]
    heads += [(o.seq, book.head(o.seq)) for o in mock.store.orders.values() if book.block_of(o.seq) is None]

    def match(h: Head) -> bool:
        return (
            (q.status is None or h.status == q.status)
            and (q.create_ge is None or h.create_time >= q.create_ge)
            and (q.create_lt is None or h.create_time < q.create_lt)
            and (q.update_ge is None or h.update_time >= q.update_ge)
            and (q.update_lt is None or h.update_time < q.update_lt)
            and (q.shipping_type is None or h.shipping_type == q.shipping_type)
            and (q.buyer_user_id is None or h.buyer_user_id == q.buyer_user_id)
        )

    field = 1 if q.sort_field == search.CREATE else 2
    found = sorted(((h[field], seq) for seq, h in heads if match(h)), reverse=q.descending)
    return [seq for _, seq in found]


def all_pages(mock: Mock, q: search.Query, size: int = 100) -> tuple[list[int], int]:
    seqs: list[int] = []
    token = None
    while True:
        page = search.search_orders(mock.store, q, size, token)
        seqs += page.seqs
        if not page.next_page_token:
            return seqs, page.total_count
        token = page.next_page_token


def queries(mock: Mock) -> list[search.Query]:
    shop = (mock.refs.shops["migrated"],)
    now = mock.clock.now_s()
    buyer = mock.store.order_book.blocks[0].buyer_id(7)
    return [
        search.Query(shop, status="AWAITING_SHIPMENT"),
        search.Query(shop, status="COMPLETED", create_ge=now - 50 * DAY, create_lt=now - 40 * DAY),
        search.Query(shop, sort_field=search.UPDATE, descending=False, update_ge=now - 2 * DAY),
        search.Query(shop, status="IN_TRANSIT", sort_field=search.UPDATE, update_ge=now - 5 * DAY, create_lt=now - DAY),
        search.Query(shop, shipping_type="SELLER", create_ge=now - 30 * DAY),
        search.Query(shop, buyer_user_id=buyer),
    ]


@pytest.mark.parametrize("n", range(6))
def test_indexed_search_equals_a_full_scan(big: Mock, n: int) -> None:
    q = queries(big)[n]
    expected = brute(big, q)
    got, total = all_pages(big, q, size=97)
    assert expected and got == expected and total == len(expected)


def test_searching_materializes_only_the_page(big: Mock) -> None:
    before = len(big.store.orders)
    page = search.search_orders(big.store, search.Query((big.refs.shops["migrated"],)), 50, None)
    for seq in page.seqs:
        backend.order_at(big.store, seq)
    assert len(big.store.orders) <= before + 50 < SIZE // 10


def test_transitions_keep_the_large_index_exact(big: Mock) -> None:
    shop = (big.refs.shops["migrated"],)
    q = search.Query(shop, status="AWAITING_SHIPMENT")
    first = backend.order_at(big.store, search.search_orders(big.store, q, 1, None).seqs[0])
    backend.cancel(big.store, first.id, big.clock.now_s(), by="SELLER")
    assert all_pages(big, q)[0] == brute(big, q) and first.seq not in all_pages(big, q)[0]
    cancelled = search.Query(shop, status="CANCELLED", sort_field=search.UPDATE)
    assert search.search_orders(big.store, cancelled, 1, None).seqs == [first.seq]
