"""Read-only views of orders for figures over many of them (finance, analytics), without materializing.

`view_at(store, seq)` answers a materialized order from its record and a lazy seeded one from its block: the
timeline is replayed and the money drawn by the same code `materialize` uses (`lazy.draw_money`), so the view has
exactly the line items and payment the order will have when someone reads it through the Order API. Nothing is
registered: a sum over a million seeded orders costs time, not memory (one view at a time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from mockserver.orders import lazy
from mockserver.orders import models as m
from mockserver.orders.book import stub_shipping_type
from mockserver.store import Store


@dataclass(frozen=True, slots=True)
class OrderView:
    """What figures need of an order: its status and times, who bought, and the money (line items, payment)."""

    id: str
    seq: int
    shop_id: str
    status: str
    create_time: int
    paid_time: int | None
    delivery_time: int | None
    cancel_time: int | None
    shipping_type: str
    buyer_user_id: str
    commerce_platform: str | None
    line_items: tuple[m.LineItem, ...]
    payment: m.Payment


@dataclass(frozen=True, slots=True)
class Times:
    """An order's status and the times that decide its settlement, without its money (cheaper than a view)."""

    id: str
    seq: int
    status: str
    create_time: int
    delivery_time: int | None


def times_at(store: Store, seq: int) -> Times:
    order = store.order_book.order_by_seq.get(seq)
    if order is not None:
        return Times(order.id, seq, order.status, order.create_time, order.delivery_time)
    located = store.order_book.block_of(seq)
    assert located is not None, f"no order with seq {seq}"
    block, i = located
    t = lazy.timeline(block.create[i], block.salt(i), block.now)
    return Times(block.order_id(i), seq, t.status, block.create[i], t.deliver)


def of_order(order: m.Order) -> OrderView:
    return OrderView(
        id=order.id,
        seq=order.seq,
        shop_id=order.shop_id,
        status=order.status,
        create_time=order.create_time,
        paid_time=order.paid_time,
        delivery_time=order.delivery_time,
        cancel_time=order.cancel_time,
        shipping_type=order.shipping_type,
        buyer_user_id=order.buyer.user_id,
        commerce_platform=order.commerce_platform,
        line_items=tuple(order.line_items),
        payment=order.payment,
    )


def view_at(store: Store, seq: int) -> OrderView:
    """The order filed under `seq` (see orders/index.py), materialized or not; never materializes it."""
    book = store.order_book
    order = book.order_by_seq.get(seq)
    if order is not None:
        return of_order(order)
    located = book.block_of(seq)
    assert located is not None, f"no order with seq {seq}"
    block, i = located
    salt = block.salt(i)
    t = lazy.timeline(block.create[i], salt, block.now)
    shipping_type = stub_shipping_type(salt)
    _, _, items, _, payment = lazy.draw_money(
        random.Random(salt), block, store.logistics, book.spec, shipping_type, salt
    )
    return OrderView(
        id=block.order_id(i),
        seq=seq,
        shop_id=block.shop_id,
        status=t.status,
        create_time=block.create[i],
        paid_time=t.paid,
        delivery_time=t.deliver,
        cancel_time=t.cancel,
        shipping_type=shipping_type,
        buyer_user_id=block.buyer_id(block.buyer[i]),
        commerce_platform=lazy.platform_of(block, salt),
        line_items=tuple(items),
        payment=payment,
    )


def view(store: Store, order_id: str) -> OrderView | None:
    """The order with this id as a view (None when there is no such order)."""
    order = store.orders.get(order_id)
    if order is not None:
        return of_order(order)
    located = store.order_book.locate_order_id(order_id)
    if located is None:
        return None
    block, i = located
    return view_at(store, block.start + i)
