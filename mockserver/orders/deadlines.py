"""The platform's deadlines on orders, as timers (mockserver/timers.py) armed when an order enters a timed status.

`arm(store, order)` is called by the shared status bookkeeping (state.py `set_status`, and `place_order` for a new
order), so every way into a status starts its clock:

- UNPAID: cancelled by the system `windows.unpaid` after creation (`UNPAID_EXPIRY`);
- ON_HOLD: released to AWAITING_SHIPMENT `windows.hold` after payment (`HOLD_END`; 1 hour, official);
- AWAITING_SHIPMENT / PARTIALLY_SHIPPING / AWAITING_COLLECTION / IN_TRANSIT: the next SLA moment (`SLA`): late
  flags (rts, tts, delivery SLA) and the documented auto-cancellations (shipping due, collection due);
- DELIVERED: completed `windows.auto_complete` after delivery (`AUTO_COMPLETE`).

Seeded history stays lazy: instead of a timer per seeded order, one `SEEDED` timer per (shop, status) walks the
shop's time index (book.py) for the seeded orders in UNPAID and DELIVERED — the only timed statuses seeded orders
keep lazy (the open ones are materialized at seeding to hold their stock, and armed by `arm_seeded_shop`) — and comes
due at the next one's deadline. What each timer does when it comes due is platform.py.
"""

from __future__ import annotations

from mockserver import timers
from mockserver.orders import models as m
from mockserver.orders.index import seq_of, time_of
from mockserver.store import Store

UNPAID_EXPIRY = "order.unpaid_expiry"
HOLD_END = "order.hold_end"
SLA = "order.sla"
AUTO_COMPLETE = "order.auto_complete"
SEEDED = "order.seeded"

#: Statuses whose SLA moments are watched.
SLA_STATUSES = frozenset({m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING, m.AWAITING_COLLECTION, m.IN_TRANSIT})
#: Seeded statuses swept lazily from the index (see the module docstring).
SWEPT = (m.UNPAID, m.DELIVERED)


def arm(store: Store, order: m.Order, now: int | None = None) -> None:
    """Schedule the deadline of the status `order` entered at `now` (nothing for statuses without one). SLA moments
    before `now` were judged already (catch-up runs before anything changes); None (seeding) judges them all."""
    w = store.order_book.windows
    status = order.status
    if status == m.UNPAID:
        timers.schedule(store, order.create_time + w.unpaid, UNPAID_EXPIRY, order.id)
    elif status == m.ON_HOLD and order.paid_time is not None:
        timers.schedule(store, order.paid_time + w.hold, HOLD_END, order.id)
    elif status in SLA_STATUSES:
        arm_sla(store, order, after=None if now is None else now - 1)
    elif status == m.DELIVERED and order.delivery_time is not None:
        timers.schedule(store, order.delivery_time + w.auto_complete, AUTO_COMPLETE, order.id)


def arm_sla(store: Store, order: m.Order, after: int | None) -> None:
    """The order's next SLA moment not yet judged (past `after` when given); `sla_next` marks the live timer."""
    points = sla_points(store, order)
    upcoming = [t for t, name in points if name not in order.sla_missed and (after is None or t > after)]
    due = upcoming[0] if upcoming else None
    if due is not None and due != order.sla_next:  # else that timer is pending already
        timers.schedule(store, due, SLA, order.id)
    order.sla_next = due


def sla_points(store: Store, order: m.Order) -> list[tuple[int, str]]:
    if order.paid_time is None:
        return []
    w = store.order_book.windows
    return w.sla_points(w.ready(order.paid_time, order.is_on_hold_order))


def arm_seeded_shop(store: Store, shop_id: str) -> None:
    """One shop's: its materialized seeded orders' deadlines, one sweep per lazily kept status."""
    for order in store.orders.values():
        if order.shop_id == shop_id:
            arm(store, order)
    for status in SWEPT:
        arm_sweep(store, shop_id, status, after=None)


def sweep_window(store: Store, status: str) -> int:
    w = store.order_book.windows
    return w.unpaid if status == m.UNPAID else w.auto_complete


def arm_sweep(store: Store, shop_id: str, status: str, after: int | None) -> None:
    """Schedule the sweep at the deadline of the shop's earliest seeded order in `status` (due past `after`)."""
    due = next_seeded_due(store, shop_id, status, after)
    if due is not None:
        timers.schedule(store, due, SEEDED, f"{shop_id}/{status}")


def next_seeded_due(store: Store, shop_id: str, status: str, after: int | None) -> int | None:
    book = store.order_book
    window = sweep_window(store, status)
    for key in book.orders_index.keys(shop_id, "update", status):
        due = time_of(key) + window
        if (after is None or due > after) and book.block_of(seq_of(key)) is not None:
            return due
    return None
