"""Seeded after-sales history: per shop, cancellations and returns in every state, played through the same domain
operations at past times (so records, deadlines, stock and orders agree), deterministic from the seed.

Each scenario takes one order of the shop's seeded history in the state it needs (AWAITING_SHIPMENT for a
cancellation, DELIVERED or COMPLETED within the return window for a return); a shop with too few such orders gets
the first scenarios only. Seeded orders cancelled in their own history (lazy, orders/lazy.py) carry no
cancellation record.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator

from mockserver.orders import lookup as order_lookup
from mockserver.orders import models as om
from mockserver.orders import search
from mockserver.returns import aftersales, buyer, cancellations, deadlines, reasons, rules
from mockserver.returns import models as r
from mockserver.returns.aftersales import NewReturn
from mockserver.store import Store

HOUR = 3600
MINUTE = 60
#: Orders of each state looked at per shop (the newest): enough for every scenario, cheap for a million orders.
CANDIDATES = 200


def seed_shop_returns(store: Store, seed: int, shop_id: str, now: int) -> None:
    """One shop's cancellations and returns (the windows are set: `store.aftersales.windows`)."""
    rng = random.Random(f"returns:{seed}:{shop_id}")
    to_ship = _orders(store, shop_id, (om.AWAITING_SHIPMENT, om.AWAITING_COLLECTION))
    delivered = (
        o
        for o in _orders(store, shop_id, (om.DELIVERED, om.COMPLETED))
        if o.delivery_time is not None and rules.within_window(store, o, now - 2 * HOUR)
    )
    _play(store, CANCELLATIONS, to_ship, now, rng)
    _play(store, RETURNS, delivered, now, rng)


def _orders(store: Store, shop_id: str, statuses: tuple[str, ...]) -> Iterator[om.Order]:
    """The newest orders in these statuses, materialized one by one as the scenarios take them."""
    for status in statuses:
        query = search.Query(shop_ids=(shop_id,), sort_field=search.UPDATE, status=status)
        page = search.search_orders(store, query, CANDIDATES, None)
        for seq in page.seqs:
            yield order_lookup.order_at(store, seq)


Scenario = Callable[[Store, om.Order, Iterator[int], random.Random], r.Aftersale]


def _play(store: Store, scenarios: list[tuple[int, Scenario, bool]], orders: Iterable[om.Order], now: int,
          rng: random.Random) -> None:  # fmt: skip
    refund = store.aftersales.windows.refund
    roomy = (o for o in orders if max(o.update_time, o.delivery_time or 0) < now - refund - 3 * HOUR)
    for (steps, scenario, settled), order in zip(scenarios, roomy, strict=False):
        start = max(order.update_time, order.delivery_time or 0) + 10 * MINUTE
        end = now - (refund + 10 * MINUTE if settled else 0)
        request = scenario(store, order, _clock(start, end, steps, rng), rng)
        if request.refund_due is not None and request.refund_due <= now:
            deadlines.on_refund(store, request.id, request.refund_due)


def _clock(start: int, end: int, steps: int, rng: random.Random) -> Iterator[int]:
    """`steps` increasing times from about a day before `end` (never before `start`) to a few minutes before it."""
    first = max(start, end - 20 * HOUR - rng.randrange(4 * HOUR))
    last = max(first, end - 5 * MINUTE - rng.randrange(10 * MINUTE))
    gap = max(1, (last - first) // max(1, steps - 1))
    return iter([min(first + i * gap, last) for i in range(steps)])


# --- cancellations ---------------------------------------------------------------------------------------------------
def _pending(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    return cancellations.request(store, o.id, next(t), reason=_cancel_reason(rng))


def _rejected(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    c = cancellations.request(store, o.id, next(t), reason=_cancel_reason(rng))
    why = r.Rejection(_reject(reasons.REJECT_CANCEL, rng), "Pesanan sudah dikemas")
    return cancellations.reject(store, c.id, next(t), why)


def _approved(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    c = cancellations.request(store, o.id, next(t), reason=_cancel_reason(rng))
    return cancellations.approve(store, c.id, next(t))


def _seller_cancelled(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    reason = rng.choice(reasons.usable(reasons.CANCEL, r.SELLER, reasons.TO_SHIP)).name
    return cancellations.seller_cancel(store, o.shop_id, o.id, next(t), reason=reason)


def _withdrawn(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    c = cancellations.request(store, o.id, next(t), reason=_cancel_reason(rng))
    return cancellations.withdraw(store, c.id, next(t))


def _cancel_reason(rng: random.Random) -> str:
    return rng.choice(reasons.usable(reasons.CANCEL, r.BUYER, reasons.TO_SHIP)).name


def _reject(kind: str, rng: random.Random) -> str:
    return rng.choice(reasons.usable(kind, r.SELLER)).name


#: (steps, scenario), in the order shops get them.
#: (steps, scenario, settled: the refund was paid already), in the order a shop gets them.
CANCELLATIONS: list[tuple[int, Scenario, bool]] = [
    (1, _pending, False),
    (2, _rejected, False),
    (2, _approved, False),  # SUCCESS until the refund is paid (Settings.refund_seconds)
    (1, _seller_cancelled, True),
    (2, _approved, True),
    (2, _withdrawn, False),
]


# --- returns ---------------------------------------------------------------------------------------------------------
def _create(store: Store, o: om.Order, t: Iterator[int], rng: random.Random, kind: str, by: str = r.BUYER) -> r.Return:
    reason = rng.choice(reasons.usable(kind, by, reasons.DELIVERED)).name
    note = "" if by == r.SELLER else rng.choice(("", "Mohon diproses", "Barang tidak sesuai pesanan"))
    return aftersales.create(store, o.id, next(t), NewReturn(kind, reason, note=note), by=by)


def _shipped(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Return:
    ret = _create(store, o, t, rng, r.RETURN_AND_REFUND)
    aftersales.approve(store, ret.id, next(t), aftersales.APPROVE_RETURN)
    return buyer.ship(store, ret.id, next(t))


def _arrived(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Return:
    ret = _shipped(store, o, t, rng)
    return buyer.deliver(store, ret.id, next(t))


def _scenario(kind: str, *steps: Callable[[Store, r.Return, int, random.Random], object]) -> Scenario:
    def play(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
        ret = _create(store, o, t, rng, kind)
        for step in steps:
            step(store, ret, next(t), rng)
        return ret

    return play


def _approve(decision: str) -> Callable[[Store, r.Return, int, random.Random], object]:
    return lambda store, ret, now, rng: aftersales.approve(store, ret.id, now, decision)


def _reject_as(decision: str) -> Callable[[Store, r.Return, int, random.Random], object]:
    kind = aftersales.REJECT_REASON_KIND[decision]
    return lambda store, ret, now, rng: aftersales.reject(store, ret.id, now, decision, r.Rejection(_reject(kind, rng)))


def _received(decide: Callable[[Store, r.Return, int, random.Random], object]) -> Scenario:
    def play(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
        ret = _arrived(store, o, t, rng)
        decide(store, ret, next(t), rng)
        return ret

    return play


def _offered(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    ret = _create(store, o, t, rng, r.REFUND)
    amount = max(1, ret.money.total // 2)
    return aftersales.approve(store, ret.id, next(t), aftersales.OFFER_PARTIAL_REFUND, partial=(amount, None))


def _seller_refund(store: Store, o: om.Order, t: Iterator[int], rng: random.Random) -> r.Aftersale:
    ret = _create(store, o, t, rng, r.REFUND, by=r.SELLER)
    return aftersales.approve(store, ret.id, next(t), aftersales.APPROVE_REFUND)


RETURNS: list[tuple[int, Scenario, bool]] = [
    (1, _scenario(r.REFUND), False),
    (1, _scenario(r.RETURN_AND_REFUND), False),
    (1, _scenario(r.REPLACEMENT), False),
    (2, _scenario(r.RETURN_AND_REFUND, _approve(aftersales.APPROVE_RETURN)), False),
    (3, _shipped, False),
    (4, _arrived, False),
    (3, _scenario(r.REFUND, _reject_as(aftersales.REJECT_REFUND),
                  lambda store, ret, now, rng: buyer.appeal(store, ret.id, now)), False),
    (5, _received(_reject_as(aftersales.REJECT_RECEIVED_PACKAGE)), False),
    (2, _scenario(r.REFUND, _approve(aftersales.APPROVE_REFUND)), False),  # SUCCESS, refund pending
    (5, _received(_approve(aftersales.APPROVE_RECEIVED_PACKAGE)), True),  # COMPLETE, restocked
    (2, _scenario(r.RETURN_AND_REFUND, lambda store, ret, now, rng: buyer.cancel(store, ret.id, now)), False),
    (2, _offered, False),
    (2, _scenario(r.REPLACEMENT, _reject_as(aftersales.REJECT_REPLACEMENT)), False),
    (2, _scenario(r.REPLACEMENT, _approve(aftersales.APPROVE_REPLACEMENT)), False),
    (2, _scenario(r.REPLACEMENT, _approve(aftersales.ISSUE_REPLACEMENT_REFUND)), True),
    (2, _scenario(r.REPLACEMENT, lambda store, ret, now, rng: buyer.cancel(store, ret.id, now)), False),
    (2, _seller_refund, True),  # COMPLETE
    (3, _scenario(r.RETURN_AND_REFUND, _reject_as(aftersales.REJECT_RETURN),
                  lambda store, ret, now, rng: buyer.arbitrate(store, ret.id, now, decision=r.SUPPORT_SELLER)), False),
]  # fmt: skip
