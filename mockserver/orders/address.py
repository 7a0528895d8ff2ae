"""The buyer changes the delivery address of an order (in the buyer app, before it ships). No HTTP here.

Allowed while the order is UNPAID, ON_HOLD or AWAITING_SHIPMENT (GUESS: nothing shipped yet); emits
`order.address_changed` with the fields that changed (names, never the values: addresses are buyer data).
"""

from __future__ import annotations

from mockserver import events
from mockserver.orders import models as m
from mockserver.orders.lookup import require_order
from mockserver.store import Store

#: Statuses the buyer may still change the address in.
CHANGEABLE = frozenset({m.UNPAID, m.ON_HOLD, m.AWAITING_SHIPMENT})
#: What can change, and its longest value (GUESS).
FIELDS = {"name": 100, "phone_number": 20, "address_detail": 255, "postal_code": 10}


def change_address(store: Store, order_id: str, now: int, **changes: str) -> m.Order:
    order = require_order(store, order_id)
    if order.status not in CHANGEABLE:
        raise m.InvalidTransition("change the address of", order.status)
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise m.InvalidOrderRequest(f"unknown address fields {unknown}; known: {sorted(FIELDS)}")
    for name, value in changes.items():
        if not isinstance(value, str) or not value.strip() or len(value) > FIELDS[name]:
            raise m.InvalidOrderRequest(f"'{name}' must be a non-empty string of at most {FIELDS[name]} characters")
    recipient = order.recipient
    changed = sorted(k for k, v in changes.items() if getattr(recipient, k) != v)
    if not changed:
        return order
    for name in changed:
        setattr(recipient, name, changes[name])
    if "name" in changed:
        first, _, last = changes["name"].partition(" ")
        recipient.first_name, recipient.last_name = first, last
    store.order_book.changed()
    store.events.emit(events.ORDER_ADDRESS_CHANGED, now, order.shop_id, "order", order.id, fields=changed)
    return order
