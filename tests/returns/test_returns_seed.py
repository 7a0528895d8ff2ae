"""Seeded after-sales history: every state in every shop that has the orders for it, deterministic from the seed,
and consistent with the orders (flags, statuses, stock) it was played on."""

from __future__ import annotations

from collections import Counter

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.orders import models as om
from mockserver.returns import models as r
from mockserver.runtime import Mock
from tests.conftest import T0


def requests(mock: Mock, shop: str) -> list[r.Aftersale]:
    book = mock.store.aftersales
    found = [book.get(i) for i in book.by_shop.get(mock.refs.shops[shop], ())]
    return [a for a in found if a is not None]


def test_every_state_in_every_shop(mock: Mock) -> None:
    for shop in ("migrated", "second"):
        seeded = requests(mock, shop)
        cancels = {a.status for a in seeded if isinstance(a, r.Cancellation)}
        returns = {a.status for a in seeded if isinstance(a, r.Return)}
        assert cancels == set(r.CANCEL_STATUSES), shop
        assert returns == set(r.RETURN_STATUSES), shop
        assert {a.type for a in seeded} == {r.CANCEL, r.BUYER_CANCEL, r.REFUND, r.RETURN_AND_REFUND, r.REPLACEMENT}


def test_seeded_requests_agree_with_their_orders(mock: Mock) -> None:
    for a in requests(mock, "migrated"):
        order = mock.store.orders[a.order_id]
        if isinstance(a, r.Cancellation):
            assert order.is_buyer_request_cancel == (a.status == r.CANCEL_PENDING), a.id
            cancelled = a.status in (r.CANCEL_SUCCESS, r.CANCEL_COMPLETE)
            assert (order.status == om.CANCELLED) == cancelled, a.id
        else:
            assert order.status in (om.DELIVERED, om.COMPLETED), a.id
            assert a.create_time >= (order.delivery_time or 0)
        assert a.records[0].time == a.create_time and all(x.time <= T0 for x in a.records)
        assert (a.refund_time is not None) == (a.status in (r.CANCEL_COMPLETE, r.RETURN_COMPLETE)) or (
            a.status == r.REPLACEMENT_REFUNDED
        )


def test_same_seed_same_history(clock: FrozenClock, mock: Mock) -> None:
    again: Mock = create_app(Settings(seed=1, clock=clock)).state.mock
    other: Mock = create_app(Settings(seed=2, clock=clock)).state.mock

    def shape(m: Mock) -> list[tuple[str, str, str, int]]:
        book = m.store.aftersales
        seeded = sorted([*book.cancellations.values(), *book.returns.values()], key=lambda a: a.seq)
        return [(a.id, a.order_id, a.status, a.money.total) for a in seeded]

    assert shape(again) == shape(mock) and len(shape(mock)) > 30 and shape(other) != shape(mock)


def test_a_small_shop_gets_what_its_orders_allow(clock: FrozenClock) -> None:
    small: Mock = create_app(Settings(clock=clock, orders_per_shop=8)).state.mock
    counts = Counter(type(a).__name__ for a in requests(small, "migrated"))
    assert sum(counts.values()) < len(requests(create_app(Settings(clock=clock)).state.mock, "migrated"))
