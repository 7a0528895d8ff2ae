"""What feeds the ledger: the domain event log, and the platform's finance timers.

The listener (attached when the store is seeded) only notes the events the ledger cares about —
`order.status_changed` and `refund.completed` — in `Ledger.inbox`; `sync` reads them under the store lock at the
start of every finance timer, request and control step, in order:

- an order paid (out of UNPAID): it joins its shop's unsettled list;
- an order CANCELLED: it leaves the list and never settles;
- an order DELIVERED: its settlement is due `settlement_seconds` later (a `finance.settle` timer);
- a refund completed: kept for the order; booked at once (a transaction of its own) if the order has settled.

Timers (world.py runs them in time order, each at its own due time):
- `finance.settle` (order id): the delay is over, the order settles into the open statement period;
- `finance.close` (every day at 00:00 UTC): each built shop's day becomes a statement; payouts on payout days;
- `finance.payout` (shop id:payment id): the transfer went through, PROCESSING -> PAID.
"""

from __future__ import annotations

import logging
from typing import Any

from mockserver import events, timers
from mockserver.finance import history, refunds
from mockserver.finance import ledger as lg
from mockserver.finance.models import (
    CLOSE_TIMER,
    DAY,
    PROCESSING,
    REFUND_COMPLETED,
    SETTLE_TIMER,
    FeeTable,
    FinanceConfig,
    Ledger,
    ShopLedger,
)
from mockserver.orders import backend
from mockserver.orders import models as m
from mockserver.store import Store

log = logging.getLogger("tokopedia_mock.finance")
WATCHED = frozenset({events.ORDER_STATUS_CHANGED, REFUND_COMPLETED})


class Live:
    """Hooks onto the store: events into the log, timers onto the heap."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def emit(self, type: str, time: int, shop_id: str, kind: str, subject: str, **data: Any) -> None:  # noqa: A002
        self.store.events.emit(type, time, shop_id, kind, subject, **data)

    def schedule(self, due: int, kind: str, subject: str) -> None:
        timers.schedule(self.store, due, kind, subject)


def attach(store: Store, config: FinanceConfig, fees: FeeTable) -> None:
    """Set the ledger up in a freshly seeded store: its config and fee table, the listener, the first daily close."""
    ledger = store.finance
    ledger.config = config
    ledger.fees = [(0, fees)]

    def note(event: events.Event) -> None:
        if event.type in WATCHED:
            store.finance.inbox.append(event)  # through the store: durable state may restore another ledger

    store.events.listeners.append(note)
    ledger.attached = True
    timers.schedule(store, lg.midnight(config.seed_now) + DAY, CLOSE_TIMER, "")


def sync(store: Store, now: int) -> None:
    """Read what the listener noted, in order (see the module docstring)."""
    ledger = store.finance
    if not ledger.inbox:
        return
    pending, ledger.inbox[:] = list(ledger.inbox), []
    hooks = Live(store)
    for event in pending:
        if event.type == REFUND_COMPLETED:
            _refund(store, ledger, event, hooks)
        elif event.type == events.ORDER_STATUS_CHANGED:
            _status(store, ledger, event, now, hooks)


def _status(store: Store, ledger: Ledger, event: events.Event, now: int, hooks: Live) -> None:
    after, shop = event.data.get("after"), ledger.shops.get(event.shop_id or "")
    if after == m.DELIVERED and event.shop_id is not None:
        if shop is None:  # build the shop's books now, so that this settlement is booked live, with its event
            history.ensure(store, ledger, event.shop_id, now, hooks)  # (it schedules the order's settlement)
            return
        due = event.time + ledger.config.settlement_seconds
        if due > now:
            hooks.schedule(due, SETTLE_TIMER, event.subject)
        else:
            settle(store, event.subject, due)
        return
    if shop is None:
        return  # the shop's ledger does not exist yet: it will be built from the orders as they are then
    order = backend.get_order(store, event.subject)  # it just changed, so it is materialized
    if order is None:
        return
    if after == m.CANCELLED:
        lg.drop_unsettled(shop, order.create_time, order.seq)
    elif event.data.get("before") == m.UNPAID and after in history.OPEN:
        lg.add_unsettled(shop, order.id, order.create_time, order.seq)


def _refund(store: Store, ledger: Ledger, event: events.Event, hooks: Live) -> None:
    try:
        refund = refunds.parse(event)
    except ValueError as e:
        log.warning("refund.completed event %s skipped: %s", event.seq, e)
        return
    if refund.key in ledger.refund_keys:
        return
    ledger.refund_keys.add(refund.key)
    ledger.refunds.setdefault(refund.order_id, []).append(refund)
    view = backend.view(store, refund.order_id)
    shop = ledger.shops.get(view.shop_id) if view is not None else None
    if view is not None and shop is not None and view.id in shop.by_order:
        lg.close_through(ledger, shop, refund.time, hooks)
        lg.book_refund(ledger, shop, view, refund, hooks)


def prepare(store: Store, shop_id: str, now: int) -> ShopLedger:
    """The shop's ledger as of `now`: the inbox read, the books built if need be, every due day closed."""
    store.lazy.shop(shop_id)  # its seeded world first, caught up (lazyshops.py): what that did is in the inbox
    sync(store, now)
    hooks = Live(store)
    shop = history.ensure(store, store.finance, shop_id, now, hooks)
    lg.close_through(store.finance, shop, now, hooks)
    return shop


# --- timer actions (world.py ACTIONS) -------------------------------------------------------------------------
def settle(store: Store, order_id: str, due: int) -> None:
    """`finance.settle`: the order's settlement delay is over."""
    view = backend.view(store, order_id)
    if view is None or view.status not in history.SETTLEABLE or view.delivery_time is None:
        return
    if view.delivery_time + store.finance.config.settlement_seconds > due:
        return  # a stale timer
    shop = prepare(store, view.shop_id, due)
    lg.book_order(store.finance, shop, view, due, Live(store))


def close(store: Store, _: str, due: int) -> None:
    """`finance.close`: 00:00 UTC. Every built shop's day closes; the next close is tomorrow."""
    sync(store, due)
    ledger, hooks = store.finance, Live(store)
    for shop in ledger.shops.values():
        lg.close_through(ledger, shop, due, hooks)
    timers.schedule(store, due + DAY, CLOSE_TIMER, "")


def payout(store: Store, subject: str, due: int) -> None:
    """`finance.payout`: the payment's transfer went through (unless it failed meanwhile)."""
    shop_id, _, payment_id = subject.partition(":")
    shop = store.finance.shops.get(shop_id)
    payment = shop.payments.get(payment_id) if shop is not None else None
    if shop is not None and payment is not None and payment.status == PROCESSING:
        sync(store, due)
        lg.pay_due(store.finance, shop, due, Live(store))
