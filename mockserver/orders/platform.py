"""What the platform does to orders when a deadline comes (the timers deadlines.py arms; world.py runs them).

Each action checks that its timer still stands (the order is still in the status and the deadline unchanged) and
acts through the order lifecycle (backend.py), so every change is filed and emits its event as if the platform had
called it at the deadline: `order.status_changed` (cancelled by SYSTEM, hold released, completed) and
`order.sla_missed` for a late order.
"""

from __future__ import annotations

from mockserver import events
from mockserver.orders import backend, deadlines
from mockserver.orders import models as m
from mockserver.orders.index import seq_of, time_of
from mockserver.orders.lookup import order_at
from mockserver.store import Store

#: The system's cancellation reasons (fixtures/orders.json `cancel_reasons.SYSTEM`).
PAYMENT_OVERDUE = "Payment overdue"
NOT_SHIPPED_IN_TIME = "Seller did not ship on time"


def _standing(store: Store, order_id: str, status: str, since: str, window: int, due: int) -> m.Order | None:
    """The order, if it is still in `status` and its clock (the `since` field plus `window`) ran out by `due`."""
    order = store.orders.get(order_id)
    if order is None or order.status != status:
        return None
    start = getattr(order, since)
    return order if start is not None and start + window <= due else None


def unpaid_expired(store: Store, order_id: str, due: int) -> None:
    order = _standing(store, order_id, m.UNPAID, "create_time", store.order_book.windows.unpaid, due)
    if order is not None:
        backend.cancel(store, order.id, due, by=m.SYSTEM, reason=PAYMENT_OVERDUE)


def hold_ended(store: Store, order_id: str, due: int) -> None:
    order = _standing(store, order_id, m.ON_HOLD, "paid_time", store.order_book.windows.hold, due)
    if order is not None:
        backend.release_hold(store, order.id, due)


def auto_complete(store: Store, order_id: str, due: int) -> None:
    order = _standing(store, order_id, m.DELIVERED, "delivery_time", store.order_book.windows.auto_complete, due)
    if order is not None:
        backend.complete(store, order.id, due)


def sla_due(store: Store, order_id: str, due: int) -> None:
    """Judge every SLA moment up to `due`: late flags, then the documented auto-cancellations."""
    order = store.orders.get(order_id)
    if order is None or order.sla_next != due:
        return  # stale: the order moved on and re-armed, or was already judged
    order.sla_next = None
    for point, name in deadlines.sla_points(store, order):
        if point > due or name in order.sla_missed or order.status == m.CANCELLED:
            continue
        if _missed(order, point, name):
            order.sla_missed.append(name)
            store.order_book.changed()
            store.events.emit(
                events.ORDER_SLA_MISSED, due, order.shop_id, "order", order.id, sla=name, due=point, status=order.status
            )
            if name in ("shipping_due_time", "collection_due_time") and _cancellable(store, order):
                backend.cancel(store, order.id, due, by=m.SYSTEM, reason=NOT_SHIPPED_IN_TIME)
    if order.status in deadlines.SLA_STATUSES:
        deadlines.arm_sla(store, order, after=due)


def _missed(order: m.Order, point: int, name: str) -> bool:
    if name in ("rts_sla_time", "shipping_due_time"):
        return order.rts_time is None or order.rts_time > point
    if name in ("tts_sla_time", "collection_due_time"):
        return order.collection_time is None or order.collection_time > point
    return order.delivery_time is None or order.delivery_time > point  # delivery_sla_time


def _cancellable(store: Store, order: m.Order) -> bool:
    packages = backend.packages_of(store, order)
    return order.status in m.CANCELLABLE and not any(p.status in (m.PKG_FULFILLING, m.PKG_COMPLETED) for p in packages)


def seeded_due(store: Store, subject: str, due: int) -> None:
    """The sweep over a shop's seeded orders in UNPAID or DELIVERED: act on those due by now, re-arm for the next."""
    shop_id, _, status = subject.partition("/")
    book = store.order_book
    window = deadlines.sweep_window(store, status)
    keys = book.orders_index.keys(shop_id, "update", status)
    i = 0
    while i < len(keys):
        key = keys[i]
        if time_of(key) + window > due:
            break
        seq = seq_of(key)
        if book.block_of(seq) is None:  # a live order: its own timer acts
            i += 1
            continue
        order = order_at(store, seq)
        before = len(keys)
        if status == m.UNPAID:
            unpaid_expired(store, order.id, due)
        else:
            auto_complete(store, order.id, due)
        keys = book.orders_index.keys(shop_id, "update", status)
        if len(keys) >= before:  # nothing moved it (changed by hand meanwhile): step past it
            i += 1
    deadlines.arm_sweep(store, shop_id, status, after=due)
