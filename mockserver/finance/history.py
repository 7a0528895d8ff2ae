"""A shop's books, built the first time anything needs them: the seeded history, replayed from the order book.

Lazy per shop, so that seeding stays as cheap as before: nothing happens at startup. When a shop's ledger is first
needed at time `t` (a finance request, a finance timer, the control plane), every order of the shop delivered so
that its settlement delay ended between the history start (`history_days` before the seeding day) and `t` is
booked at that moment, with the fee table in force then and the refunds completed by then; refunds that came later
are booked as their own transactions; a few deterministic adjustments are spread over the seeded days; then every
day up to `t` is closed into statements and payouts. The same seed gives the same books whenever they are built
(ids are named by what they are). The build is silent (seeded history is not a history of changes); from then on
the feed books live, with events.

Cost: one pass over the orders delivered in the window, each read as a view (orders/peek.py: no materializing);
memory: the booked totals, not the orders (a transaction is re-derived from its order when shown).
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from mockserver.catalog.skus import CURRENCY
from mockserver.finance import ledger as lg
from mockserver.finance.models import DAY, SETTLE_TIMER, Ledger, Refund, ShopLedger
from mockserver.finance.naming import ident
from mockserver.orders import backend, search
from mockserver.orders import models as m
from mockserver.orders.index import MAX_SEQ
from mockserver.orders.peek import OrderView
from mockserver.store import Store

#: Paid orders that have not settled and may still settle.
OPEN = (m.ON_HOLD, m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING, m.AWAITING_COLLECTION, m.IN_TRANSIT)
SETTLEABLE = (m.DELIVERED, m.COMPLETED)
Step = Callable[[], object]
#: Seeded adjustments: one seeded day in ADJUSTMENT_EVERY gets one, of these kinds (amount range in rupiah).
ADJUSTMENT_EVERY = 9
SEEDED_ADJUSTMENTS = (
    ("LOGISTICS_REIMBURSEMENT", 5_000, 60_000),
    ("SHIPPING_FEE_COMPENSATION", 1_000, 15_000),
    ("PLATFORM_COMPENSATION", 5_000, 40_000),
    ("SHIPPING_FEE_ADJUSTMENT", -15_000, -1_000),
)


def history_start(ledger: Ledger) -> int:
    return lg.midnight(ledger.config.seed_now) - ledger.config.history_days * DAY


def seqs(store: Store, shop_id: str, status: str, update_ge: int | None = None) -> list[int]:
    """Every order of the shop in `status` (updated at or after `update_ge`), oldest update first."""
    query = search.Query(
        shop_ids=(shop_id,), sort_field=search.UPDATE, descending=False, status=status, update_ge=update_ge
    )
    return search.search_orders(store, query, MAX_SEQ, None).seqs


def bank_account(ledger: Ledger, shop_id: str) -> str:
    """The shop's payout account, masked but for the last four digits (official example `***********1234`)."""
    number = ident(ledger.config.seed, "bank-account", shop_id, first="0", digits=10)
    return "*" * 11 + number[-4:]


def ensure(store: Store, ledger: Ledger, shop_id: str, t: int, hooks: lg.Hooks) -> ShopLedger:
    """The shop's ledger, built through `t` on first use; `hooks.schedule` gets the timers of what is still due."""
    shop = ledger.shops.get(shop_id)
    if shop is not None:
        return shop
    start = history_start(ledger)
    region = store.shops[shop_id].region if shop_id in store.shops else "ID"
    shop = ShopLedger(shop_id, CURRENCY.get(region, "IDR"), bank_account(ledger, shop_id), closed_through=start)
    ledger.shops[shop_id] = shop
    silent = _Silent(hooks, t)
    delay = ledger.config.settlement_seconds
    due: list[tuple[int, int]] = []  # (settles at, seq): the money is read when the order is booked
    for status in SETTLEABLE:
        for seq in seqs(store, shop_id, status, update_ge=start - delay):
            o = backend.times_at(store, seq)
            if o.delivery_time is None:
                continue
            at = o.delivery_time + delay
            if at > t:
                lg.add_unsettled(shop, o.id, o.create_time, o.seq)
                hooks.schedule(at, SETTLE_TIMER, o.id)
            elif at >= start:
                due.append((at, seq))
    steps: list[tuple[int, int, str, Step]] = []
    for at, seq in due:
        o = backend.times_at(store, seq)
        steps.append((at, 0, o.id, partial(_settle, store, ledger, shop, seq, at, silent)))
        for r in ledger.refunds.get(o.id, ()):
            if at < r.time <= t:
                steps.append((r.time, 1, r.key, partial(_refund, store, ledger, shop, seq, r, silent)))
    for at, kind, amount, order in _seeded_adjustments(store, ledger, shop, due, min(t, ledger.config.seed_now)):
        book = partial(lg.book_adjustment, ledger, shop, kind, amount, at, silent, order=order, note="seeded")
        steps.append((at, 2, kind, book))
    for _, _, _, step in sorted(steps, key=lambda s: s[:3]):
        step()
    for status in OPEN:
        for seq in seqs(store, shop_id, status):
            o = backend.times_at(store, seq)
            lg.add_unsettled(shop, o.id, o.create_time, o.seq)
    lg.close_through(ledger, shop, t, silent)
    return shop


def _settle(store: Store, ledger: Ledger, shop: ShopLedger, seq: int, at: int, hooks: lg.Hooks) -> None:
    lg.book_order(ledger, shop, backend.view_at(store, seq), at, hooks)


def _refund(store: Store, ledger: Ledger, shop: ShopLedger, seq: int, refund: Refund, hooks: lg.Hooks) -> None:
    lg.book_refund(ledger, shop, backend.view_at(store, seq), refund, hooks)


def _seeded_adjustments(
    store: Store, ledger: Ledger, shop: ShopLedger, due: list[tuple[int, int]], until: int
) -> list[tuple[int, str, Decimal, OrderView | None]]:
    """A few platform adjustments over the seeded days after the shop's first settlement, drawn from the seed and
    the shop: (time, type, amount, order). A logistics reimbursement names an order that settled before it."""
    rng = random.Random(f"finance-adjustments:{ledger.config.seed}:{shop.shop_id}")
    settled = sorted((at, backend.times_at(store, seq).id, seq) for at, seq in due)
    times = [at for at, _, _ in settled]
    out: list[tuple[int, str, Decimal, OrderView | None]] = []
    if not settled:
        return out
    day = lg.midnight(settled[0][0])  # a shop with no settlements yet has no adjustments either
    while day < until:
        draw = rng.random()
        kind, lo, hi = rng.choice(SEEDED_ADJUSTMENTS)
        at = day + rng.randrange(DAY)
        amount = Decimal(rng.randrange(lo, hi + 1, 500))
        if draw < 1 / ADJUSTMENT_EVERY and settled[0][0] < at < until:
            earlier = bisect_left(times, at)  # the orders settled before it
            if kind == "LOGISTICS_REIMBURSEMENT" and earlier:
                order = backend.view_at(store, settled[rng.randrange(earlier)][2])
            else:
                order = None
            out.append((at, kind, amount, order))
        day += DAY
    return out


class _Silent:
    """History is not a history of changes: no events; only timers for what is still to come go to the store."""

    def __init__(self, hooks: lg.Hooks, t: int) -> None:
        self.hooks, self.t = hooks, t

    def emit(self, type: str, time: int, shop_id: str, kind: str, subject: str, **data: object) -> None:  # noqa: A002
        return None

    def schedule(self, due: int, kind: str, subject: str) -> None:
        if due > self.t:
            self.hooks.schedule(due, kind, subject)
