"""Domain events as the legacy Seller API's webhooks: which change goes to which registered URL, with the payloads
of reference §7 (legacy/webhook_payloads.py), signed `Authorization-Hmac` = hex HMAC-SHA256(webhook_secret, raw
body) (confirmed). Only Tokopedia orders and products listed on Tokopedia, of shops linked to the fs_id, exist here.

| event | URL field | when (GUESS where the reference is silent) |
|---|---|---|
| order.status_changed UNPAID -> ON_HOLD/AWAITING_SHIPMENT | order_notification_url | a new paid order (220) |
| order.status_changed, order.accepted | order_status_url | the legacy status code changed (400, 450, 500, 600, 700) |
| order.status_changed -> CANCELLED | order_cancellation_url | cancelled (0, 10, 15) |
| order.cancel_requested | order_request_cancellation_url | the buyer asks to cancel |
| inventory.changed, price.changed, product.status_changed (TOKOPEDIA) | product_changes_url | stock, price, status |
| product.created (listed on TOKOPEDIA) | product_creation_url | a new product |
| webhook.triggered | the URL given, else the registered one | the manual trigger |

Called by the delivery engine's listener under the store lock, at the moment of the change (reads only, but for
the legacy id map's memo).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

import orjson

from mockserver import events
from mockserver.catalog.models import TOKOPEDIA
from mockserver.events import Event
from mockserver.legacy import orders as lo
from mockserver.legacy import webhook_payloads as payloads
from mockserver.legacy.catalog import on_tokopedia
from mockserver.orders import models as m
from mockserver.settings import Settings
from mockserver.store import Store
from mockserver.webhooks import backend
from mockserver.webhooks.models import Outgoing

#: What each event stock change is as a `product_changes_data` action (the order-collected move is committed
#: stock leaving the warehouse: nothing a seller sees as available changes, so no row).
STOCK_ACTIONS = {
    "seller_update": "stock_overwrite",
    "seller_edit": "stock_overwrite",
    "seller_increment": "stock_increment",
    "order_cancelled": "stock_increment",
    "seller_decrement": "stock_decrement",
    "order_paid": "stock_decrement",
}

Payload = dict[str, Any]
#: (URL field, its event name, the payload for an fs_id) for one event.
Send = tuple[str, str, Callable[[int], Payload]]


def signature(secret: str, body: bytes) -> str:
    """`Authorization-Hmac`: lowercase hex HMAC-SHA256(key = webhook_secret, message = raw body)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _tokopedia_order(store: Store, order_id: str) -> m.Order | None:
    order = store.orders.get(order_id)
    return order if order is not None and order.commerce_platform == TOKOPEDIA else None


def _order_sends(store: Store, e: Event) -> list[Send]:
    order = _tokopedia_order(store, e.subject)
    if order is None:
        return []
    if e.type == events.ORDER_CANCEL_REQUESTED:
        return [
            (
                "order_request_cancellation_url",
                "order_request_cancellation",
                lambda fs: payloads.request_cancellation(order),
            )
        ]
    if e.type == events.ORDER_ACCEPTED:
        return [("order_status_url", "order_status", lambda fs: payloads.order_status(store, order, fs))]
    before, after = e.data.get("before"), e.data.get("after")
    if before == m.UNPAID and after in (m.ON_HOLD, m.AWAITING_SHIPMENT):
        return [
            ("order_notification_url", "order_notification", lambda fs: payloads.order_notification(store, order, fs))
        ]
    if after == m.CANCELLED:
        return [("order_cancellation_url", "order_cancellation", lambda fs: payloads.order_status(store, order, fs))]
    if after == m.UNPAID or lo.status_code(dataclasses.replace(order, status=str(before))) == lo.status_code(order):
        return []
    return [("order_status_url", "order_status", lambda fs: payloads.order_status(store, order, fs))]


def _product_sends(store: Store, e: Event) -> list[Send]:
    product = store.products.get(str(e.data.get("product_id", e.subject)))
    if product is None or not on_tokopedia(product):
        return []
    if e.type == events.PRODUCT_CREATED:
        return [
            (
                "product_creation_url",
                "product_creation",
                lambda fs: payloads.product_creation(store, product, fs, e.seq),
            )
        ]
    sku = store.skus.get(e.subject) if e.kind == "sku" else None
    if e.type == events.INVENTORY_CHANGED:
        action = STOCK_ACTIONS.get(str(e.data.get("cause")))
        before, after = e.data["before"]["available"], e.data["after"]["available"]
        if action is None or before == after:
            return []
        row = payloads.product_change(store, product, sku, action, after, before, e.time, str(e.data["warehouse_id"]))
    elif e.type == events.PRICE_CHANGED:
        row = payloads.product_change(
            store,
            product,
            sku,
            "price_changes",
            int(e.data["after"]["amount"]),
            int(e.data["before"]["amount"]),
            e.time,
        )
    elif e.data.get("platform") == TOKOPEDIA:  # product.status_changed
        old, new = payloads.status_code(e.data.get("before")), payloads.status_code(e.data.get("after"))
        row = payloads.product_change(store, product, None, "status_changes", new, old, e.time)
    else:
        return []
    return [("product_changes_url", "product_changes", lambda fs: payloads.product_changes(fs, [row]))]


_SENDS: dict[str, Callable[[Store, Event], list[Send]]] = {
    events.ORDER_STATUS_CHANGED: _order_sends,
    events.ORDER_ACCEPTED: _order_sends,
    events.ORDER_CANCEL_REQUESTED: _order_sends,
    events.INVENTORY_CHANGED: _product_sends,
    events.PRICE_CHANGED: _product_sends,
    events.PRODUCT_STATUS_CHANGED: _product_sends,
    events.PRODUCT_CREATED: _product_sends,
}


def outgoing(store: Store, settings: Settings, event: Event) -> list[Outgoing]:
    """The legacy notifications `event` causes, one per registered URL of each linked fs_id."""
    if not store.legacy_webhooks or event.shop_id is None:
        return []
    if event.type == events.WEBHOOK_TRIGGERED:
        return _triggered(store, event)
    sends = _SENDS.get(event.type)
    if sends is None or not _any_target(store, event.shop_id):
        return []
    out: list[Outgoing] = []
    for field, topic, payload in sends(store, event):
        for fs_id, url, secret in backend.legacy_targets(store, event.shop_id, field):
            out.append(render(topic, url, secret, fs_id, event.shop_id, payload(fs_id), event.seq))
    return out


def _any_target(store: Store, shop_id: str) -> bool:
    return any(shop_id in a.linked_shop_ids and a.fs_id in store.legacy_webhooks for a in store.legacy_apps.values())


def _triggered(store: Store, e: Event) -> list[Outgoing]:
    fs_id, topic = int(e.data["fs_id"]), str(e.data["topic"])
    registration = store.legacy_webhooks.get(fs_id)
    order = _tokopedia_order(store, e.subject)
    if registration is None or order is None:
        return []
    url = str(e.data.get("url") or registration.urls.get(f"{topic}_url", ""))
    if not url:
        return []
    body = payloads.order_payload(store, order, fs_id, topic)
    return [render(topic, url, registration.webhook_secret, fs_id, str(e.shop_id), body, e.seq)]


def render(topic: str, url: str, secret: str, fs_id: int, shop_id: str, payload: Payload, seq: int | None) -> Outgoing:
    body = orjson.dumps(payload)
    headers = (("Content-Type", "application/json"), ("Authorization-Hmac", signature(secret, body)))
    return Outgoing(
        dialect="legacy",
        topic=topic,
        url=url,
        body=body,
        headers=headers,
        lane=f"legacy|{fs_id}|{shop_id}",
        shop_id=shop_id,
        subscriber=str(fs_id),
        event_seq=seq,
    )
