"""The order lifecycle in the backend: one transition per test, stock and indexes kept consistent."""

from __future__ import annotations

import random

import pytest

from mockserver.catalog.models import Stock
from mockserver.orders import backend, placement, search
from mockserver.orders import models as m
from mockserver.runtime import Mock

RNG = random.Random(5)
JNT = "7117858858072016002"


def shop_id(mock: Mock) -> str:
    return mock.refs.shops["migrated"]


def sku(mock: Mock) -> str:
    """A live SKU with stock in the shop's default warehouse."""
    skus = [s for s in placement.sellable_skus(mock.store, shop_id(mock)) if s.total_available >= 5]
    return skus[0].id


def stock(mock: Mock, order: m.Order, sku_id: str) -> Stock:
    return mock.store.skus[sku_id].inventory[order.warehouse_id]


def new(mock: Mock, qty: int = 2, **kw: object) -> m.Order:
    return backend.place_order(mock.store, RNG, shop_id(mock), [(sku(mock), qty)], mock.clock.now_s(), **kw)  # type: ignore[arg-type]


def paid(mock: Mock, **kw: object) -> m.Order:
    order = new(mock, **kw)
    return backend.pay(mock.store, order.id, mock.clock.now_s())


def statuses(mock: Mock, status: str) -> list[str]:
    q = search.Query((shop_id(mock),), status=status)
    page = search.search_orders(mock.store, q, 100, None)
    return [backend.order_at(mock.store, s).id for s in page.seqs]


def test_a_placed_order_is_unpaid_with_one_line_item_per_unit(mock: Mock) -> None:
    order = new(mock, qty=3)
    assert order.status == m.UNPAID and len(order.line_items) == 3
    assert {li.sku_id for li in order.line_items} == {sku(mock)} and order.packages == []


def test_paying_commits_stock_and_creates_a_package(mock: Mock) -> None:
    order = new(mock)
    before = stock(mock, order, sku(mock)).available
    backend.pay(mock.store, order.id, mock.clock.now_s())
    assert order.status == m.AWAITING_SHIPMENT and order.stock_committed
    assert stock(mock, order, sku(mock)).available == before - 2
    package = mock.store.packages[order.packages[0]]
    assert package.status == m.PKG_TO_FULFILL and set(package.line_item_ids) == {li.id for li in order.line_items}


def test_paying_on_hold_then_releasing(mock: Mock) -> None:
    order = new(mock)
    backend.pay(mock.store, order.id, mock.clock.now_s(), on_hold=True)
    assert (order.status, order.packages, order.is_on_hold_order) == (m.ON_HOLD, [], True)
    backend.release_hold(mock.store, order.id, mock.clock.now_s())
    assert order.status == m.AWAITING_SHIPMENT and len(order.packages) == 1


def test_cancelling_returns_the_stock(mock: Mock) -> None:
    order = paid(mock)
    before = stock(mock, order, sku(mock)).available
    backend.cancel(mock.store, order.id, mock.clock.now_s(), by=m.BUYER)
    assert order.status == m.CANCELLED and order.cancellation_initiator == m.BUYER
    assert stock(mock, order, sku(mock)).available == before + 2
    assert mock.store.packages[order.packages[0]].status == m.PKG_CANCELLED


def test_cancelling_an_unpaid_order_touches_no_stock(mock: Mock) -> None:
    order = new(mock)
    before = stock(mock, order, sku(mock)).available
    backend.cancel(mock.store, order.id, mock.clock.now_s(), by=m.SYSTEM)
    assert order.status == m.CANCELLED and stock(mock, order, sku(mock)).available == before


def test_shipping_issues_a_tracking_number(mock: Mock) -> None:
    order = paid(mock)
    package = backend.ship(mock.store, order.packages[0], mock.clock.now_s(), rng=RNG)
    assert package.status == m.PKG_PROCESSING and package.tracking_number
    assert order.status == m.AWAITING_COLLECTION and order.rts_time == mock.clock.now_s()


def test_shipping_twice_is_refused(mock: Mock) -> None:
    order = paid(mock)
    backend.ship(mock.store, order.packages[0], mock.clock.now_s(), rng=RNG)
    with pytest.raises(m.AlreadyShipped):
        backend.ship(mock.store, order.packages[0], mock.clock.now_s(), rng=RNG)


def test_collection_takes_the_stock_out_of_the_warehouse(mock: Mock) -> None:
    order = paid(mock)
    package = backend.ship(mock.store, order.packages[0], mock.clock.now_s(), rng=RNG)
    committed = stock(mock, order, sku(mock)).committed
    backend.collect(mock.store, package.id, mock.clock.now_s())
    assert order.status == m.IN_TRANSIT and package.status == m.PKG_FULFILLING
    assert stock(mock, order, sku(mock)).committed == committed - 2 and not order.stock_committed


def test_cancelling_after_collection_is_refused(mock: Mock) -> None:
    order = paid(mock)
    package = backend.ship(mock.store, order.packages[0], mock.clock.now_s(), rng=RNG)
    backend.collect(mock.store, package.id, mock.clock.now_s())
    with pytest.raises(m.InvalidTransition):
        backend.cancel(mock.store, order.id, mock.clock.now_s())
    assert order.status == m.IN_TRANSIT


def test_delivery_then_completion(mock: Mock) -> None:
    order = paid(mock)
    package = backend.ship(mock.store, order.packages[0], mock.clock.now_s(), rng=RNG)
    backend.deliver(mock.store, package.id, mock.clock.now_s())
    assert (order.status, package.status) == (m.DELIVERED, m.PKG_COMPLETED)
    backend.complete(mock.store, order.id, mock.clock.now_s())
    assert order.status == m.COMPLETED and order.completed_time is not None


def test_completing_an_undelivered_order_is_refused(mock: Mock) -> None:
    order = paid(mock)
    with pytest.raises(m.InvalidTransition):
        backend.complete(mock.store, order.id, mock.clock.now_s())


def test_paying_twice_is_refused(mock: Mock) -> None:
    order = paid(mock)
    with pytest.raises(m.InvalidTransition):
        backend.pay(mock.store, order.id, mock.clock.now_s())


def test_paying_without_stock_changes_nothing(mock: Mock) -> None:
    order = new(mock)
    s = stock(mock, order, sku(mock))
    s.available = 1
    with pytest.raises(m.OutOfStock):
        backend.pay(mock.store, order.id, mock.clock.now_s())
    assert (order.status, s.available, s.committed) == (m.UNPAID, 1, 0)


def test_shipping_some_line_items_splits_the_package(mock: Mock) -> None:
    order = paid(mock, shipping_type=m.SHIPPING_SELLER)
    first = order.line_items[0].id
    package = backend.mark_shipped(
        mock.store,
        RNG,
        order.id,
        mock.clock.now_s(),
        tracking_number="JP0001",
        shipping_provider_id=JNT,
        line_item_ids=[first],
    )
    assert package.line_item_ids == [first] and order.status == m.PARTIALLY_SHIPPING
    assert len(order.packages) == 2 and order.line_items[1].package_id != package.id
    backend.mark_shipped(
        mock.store, RNG, order.id, mock.clock.now_s(), tracking_number="JP0002", shipping_provider_id=JNT
    )
    assert order.status == m.AWAITING_COLLECTION


def test_the_status_index_follows_every_transition(mock: Mock) -> None:
    order = new(mock)
    assert order.id in statuses(mock, m.UNPAID)
    backend.pay(mock.store, order.id, mock.clock.now_s())
    assert order.id not in statuses(mock, m.UNPAID) and order.id in statuses(mock, m.AWAITING_SHIPMENT)


def test_a_buyer_cancellation_request_keeps_the_status(mock: Mock) -> None:
    order = paid(mock)
    backend.request_cancel(mock.store, order.id, mock.clock.now_s())
    assert order.is_buyer_request_cancel and order.status == m.AWAITING_SHIPMENT


def test_seeded_open_orders_hold_their_stock(mock: Mock) -> None:
    mock.store.lazy.all()  # every shop's seeded world built (lazyshops.py)
    held = [o for o in mock.store.orders.values() if o.status in m.STOCK_HELD]
    assert held and all(o.stock_committed for o in held)
    order = next(o for o in held if o.status == m.AWAITING_SHIPMENT)
    sku_id, qty = next(iter(order.quantities.items()))
    before = stock(mock, order, sku_id).available
    backend.cancel(mock.store, order.id, mock.clock.now_s(), by=m.SELLER)
    assert stock(mock, order, sku_id).available == before + qty


def test_lazy_orders_materialize_as_the_index_describes_them(mock: Mock) -> None:
    book = mock.store.order_book
    for block in book.blocks:
        for i in range(block.count):
            head = book.head(block.start + i)
            order = backend.order_at(mock.store, block.start + i)
            assert (order.status, order.create_time, order.update_time) == head[:3]
            assert (order.shipping_type, order.buyer.user_id) == (head.shipping_type, head.buyer_user_id)
            for p in backend.packages_of(mock.store, order):
                assert book.package_head(p.seq) == (p.status, p.create_time, p.update_time)
