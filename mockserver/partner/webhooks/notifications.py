"""Domain events as the Partner API's webhooks: which change is which notification, its payload exactly as the
event's doc page gives it (../shared/reference/tiktok-shop-docs/webhooks/*.md), and its signature.

Every notification is `{"type", "tts_notification_id", "shop_id", "timestamp", "data"}` (TOKOPEDIA_MIRROR_STATUS_CHANGE
names the seller instead: `seller_open_id`), POSTed as compact JSON with the header `Authorization` = lowercase hex
HMAC-SHA256(key = app_secret, message = app_key + raw body). It goes to every app that authorized the shop and
subscribed to its event type (mockserver/webhooks/subscriptions.py).

Called by the delivery engine's listener under the store lock, at the moment of the change: it reads the store (the
payload is what was true then) and never writes it.

| event | notification (type) | when |
|---|---|---|
| order.created, order.status_changed | ORDER_STATUS_CHANGE (1) | each status from UNPAID; CANCELLED is `CANCEL` |
| order.address_changed | RECIPIENT_ADDRESS_UPDATE (3) | the buyer changed the address |
| package.created | PACKAGE_UPDATE (4), sc_type SPLIT | a package split off an order's open package |
| product.status_changed | PRODUCT_STATUS_CHANGE (5) | review passed; audit failed; deactivated, frozen |
| authorization.revoked | SELLER_DEAUTHORIZATION (6) | the seller removed the app from the shop |
| authorization.expiring | UPCOMING_AUTHORIZATION_EXPIRATION (7) | the platform's daily notice (auth/expiry.py) |
| cancellation.status_changed | CANCELLATION_STATUS_CHANGE (11) | a cancellation request moved (issue 12) |
| return.status_changed | RETURN_STATUS_CHANGE (12) | a return or refund request moved (issue 12) |
| product.changed | PRODUCT_INFORMATION_CHANGE (15) | a live product's content changed |
| product.created | PRODUCT_CREATION (16) | a product was created |
| inventory.changed | INVENTORY_STATUS_CHANGE (27) | a SKU's available stock dropped to LOW_STOCK or OUT_OF_STOCK |
| shop.mirror_status_changed | TOKOPEDIA_MIRROR_STATUS_CHANGE (35) | mirroring to Tokopedia completed or rolled back |
| product.status_changed | PRODUCT_AUDIT_STATUS_CHANGE (37) | the audit status (AUDITING, APPROVED ...) changed |
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from mockserver import events
from mockserver.catalog.models import (
    ACTIVATE,
    DRAFT,
    FAILED,
    FREEZE,
    PENDING,
    PLATFORM_DEACTIVATED,
    TIKTOK_SHOP,
    TOKOPEDIA,
    Product,
)
from mockserver.events import Event
from mockserver.orders import models as m
from mockserver.orders.lookup import packages_of
from mockserver.partner.catalog.render import audit_status
from mockserver.settings import Settings
from mockserver.store import Store
from mockserver.webhooks import subscriptions
from mockserver.webhooks.models import Outgoing

#: Event type -> the `type` number of its notification (official, webhooks/*.md).
TYPES = {
    "ORDER_STATUS_CHANGE": 1,
    "RECIPIENT_ADDRESS_UPDATE": 3,
    "PACKAGE_UPDATE": 4,
    "PRODUCT_STATUS_CHANGE": 5,
    "SELLER_DEAUTHORIZATION": 6,
    "UPCOMING_AUTHORIZATION_EXPIRATION": 7,
    "CANCELLATION_STATUS_CHANGE": 11,
    "RETURN_STATUS_CHANGE": 12,
    "PRODUCT_INFORMATION_CHANGE": 15,
    "PRODUCT_CREATION": 16,
    "INVENTORY_STATUS_CHANGE": 27,
    "TOKOPEDIA_MIRROR_STATUS_CHANGE": 35,
    "PRODUCT_AUDIT_STATUS_CHANGE": 37,
}
#: The cancellations/returns area's events (issue 12): data {order_id, cancel_id|return_id, status, role, type,
#: create_time, update_time}.
CANCELLATION_STATUS_CHANGED = "cancellation.status_changed"
RETURN_STATUS_CHANGED = "return.status_changed"
#: PRODUCT_INFORMATION_CHANGE's `changed_fields` values (doc); every other content field is "others".
INFORMATION_FIELDS = ("title", "description", "main_images", "product_attributes")

Data = dict[str, Any]
Mapper = Callable[[Store, Settings, Event], "Data | None"]


def signature(app_key: str, app_secret: str, body: bytes) -> str:
    """The `Authorization` header: lowercase hex HMAC-SHA256(key = app_secret, message = app_key + body)."""
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


def notification_id(seed: int, seq: int, app_key: str, topic: str) -> str:
    """`tts_notification_id`: 19 digits, a pure function of the seed, the event and the recipient."""
    digest = hashlib.sha256(f"{seed}:{seq}:{app_key}:{topic}".encode()).digest()
    return "73" + str(int.from_bytes(digest[:8], "big") % 10**17).zfill(17)


# --- orders ---------------------------------------------------------------------------------------------------------
def _order_created(store: Store, settings: Settings, e: Event) -> Data:
    return {"order_id": e.subject, "order_status": m.UNPAID, "is_on_hold_order": False, "update_time": e.time}


def _order_status(store: Store, settings: Settings, e: Event) -> Data:
    after = str(e.data["after"])
    return {
        "order_id": e.subject,
        "order_status": "CANCEL" if after == m.CANCELLED else after,  # the doc's spelling
        "is_on_hold_order": bool(e.data.get("is_on_hold_order", False)),
        "update_time": e.time,
    }


def _address(store: Store, settings: Settings, e: Event) -> Data:
    return {"order_id": e.subject, "update_time": e.time}


def _package_split(store: Store, settings: Settings, e: Event) -> Data | None:
    """A package created while the order already has another live one was split off it (by the seller shipping
    part of the order)."""
    order = store.orders.get(str(e.data.get("order_id")))
    if order is None:
        return None
    live = [p for p in packages_of(store, order) if p.status != m.PKG_CANCELLED]
    if len(live) < 2:
        return None
    return {
        "sc_type": "SPLIT",
        "role_type": "ROLE_SELLER",
        "package_list": [{"package_id": p.id, "order_id_list": [order.id]} for p in live],
        "update_time": e.time,
    }


# --- products and stock -----------------------------------------------------------------------------------------------
def _primary(product: Product) -> str:
    return TIKTOK_SHOP if TIKTOK_SHOP in product.statuses else next(iter(product.statuses), TIKTOK_SHOP)


def _product_status(store: Store, settings: Settings, e: Event) -> Data | None:
    product = store.products.get(e.subject)
    if product is None or e.data.get("platform") != _primary(product):
        return None
    before, after = e.data.get("before"), e.data.get("after")
    if after == ACTIVATE and before in (PENDING, DRAFT, FAILED, PLATFORM_DEACTIVATED):
        status = "PRODUCT_FIRST_PASS_REVIEW"
    elif after == FAILED:
        status = "PRODUCT_AUDIT_FAILURE"
    elif after in (PLATFORM_DEACTIVATED, FREEZE):
        status = "PRODUCT_STATUS_CHANGED"
    else:
        return None  # the seller's own moves (deactivate, delete, recover) are not audit results
    return {
        "product_id": int(product.id),  # a number in the doc
        "status": status,
        "suspended_reason": str(e.data.get("reason") or ""),
        "update_time": e.time,
    }


def _platform_audit(status: str | None) -> str:
    return {PENDING: "AUDITING", ACTIVATE: "APPROVED", FAILED: "FAILED"}.get(status or "", "NONE")


def _audit_status(store: Store, settings: Settings, e: Event) -> Data | None:
    product = store.products.get(e.subject)
    if product is None or _platform_audit(e.data.get("before")) == _platform_audit(e.data.get("after")):
        return None
    data: Data = {"product_id": int(product.id)}
    if TIKTOK_SHOP in product.statuses:
        data["audit"] = {"status": audit_status(product)}
    if TOKOPEDIA in product.statuses:
        data["integrated_platform_statuses"] = {
            "platform": TOKOPEDIA,
            "status": _platform_audit(product.statuses[TOKOPEDIA]),
        }
    data["update_time"] = e.time
    return data


def _information(store: Store, settings: Settings, e: Event) -> Data | None:
    """Changes of a live product that are live: not drafts, not an edit still in review (GUESS: not announced)."""
    product = store.products.get(e.subject)
    if product is None or product.status != ACTIVATE or product.review_due is not None:
        return None
    fields = [f for f in e.data.get("changed_fields", ()) if f != "draft"]
    if not fields:
        return None
    named = [f for f in INFORMATION_FIELDS if f in fields]
    others = ["others"] if any(f not in INFORMATION_FIELDS for f in fields) else []
    return {
        "product_id": product.id,
        "change_source": "OPEN_API",
        "changed_fields": named + others,
        "update_time": e.time,
    }


def _creation(store: Store, settings: Settings, e: Event) -> Data:
    return {"product_id": int(e.subject), "product_types": [], "update_time": e.time}


def _inventory_status(available: int, threshold: int) -> str:
    if available <= 0:
        return "OUT_OF_STOCK"
    return "LOW_STOCK" if available <= threshold else "SUFFICIENT_STOCK"


_RANK = {"SUFFICIENT_STOCK": 0, "LOW_STOCK": 1, "OUT_OF_STOCK": 2}


def _inventory(store: Store, settings: Settings, e: Event) -> Data | None:
    """The SKU's available stock (all warehouses) dropped into LOW_STOCK or OUT_OF_STOCK (REALTIME alert)."""
    sku = store.skus.get(e.subject)
    if sku is None:
        return None
    available = sum(s.available for s in sku.inventory.values())
    committed = sum(s.committed for s in sku.inventory.values())
    before = available - (int(e.data["after"]["available"]) - int(e.data["before"]["available"]))
    threshold = settings.webhook_low_stock_threshold
    now_status, was = _inventory_status(available, threshold), _inventory_status(before, threshold)
    if _RANK[now_status] <= _RANK[was]:
        return None
    return {
        "product_id": sku.product_id,
        "sku_id": sku.id,
        "trigger_reason": {"alert_type": "REALTIME", "low_stock_threshold": threshold},
        "current_inventory_status": now_status,
        "inventory_distribution": {
            "total_quantity": available + committed,
            "available_quantity": available,
            "creator_reserved_quantity": 0,
            "campaign_reserved_quantity": 0,
            "committed_quantity": committed,
        },
        "update_time": e.time,
    }


# --- authorization, shop ----------------------------------------------------------------------------------------------
def _deauthorized(store: Store, settings: Settings, e: Event) -> Data:
    return {"message": f"Shop_id {e.shop_id} is deauthorized from your APP by merchant."}


def _expiring(store: Store, settings: Settings, e: Event) -> Data:
    days = int(e.data["days_left"])
    return {
        "message": f"Authorization of shop_id {e.shop_id} is expiring in {days} days. Please direct the merchant to "
        "re-authorize.",
        "expiration_time": str(e.data["expiration_time"]),  # a string in the doc
    }


def _mirror(store: Store, settings: Settings, e: Event) -> Data:
    return {"tts_shop_id": e.shop_id, "mirror_status": e.data["after"], "update_time": e.time}


# --- cancellations and returns (issue 12's events) ----------------------------------------------------------------
#: The Cancellation API's spelling of a closed request -> the webhook doc's.
_CANCEL_STATUS = {"CANCELLATION_REQUEST_CANCEL": "CANCELLATION_REQUEST_CANCELLED"}


def _cancellation(store: Store, settings: Settings, e: Event) -> Data:
    d = e.data
    return {
        "order_id": str(d["order_id"]),
        "cancellations_role": d.get("role"),
        "cancel_status": _CANCEL_STATUS.get(str(d.get("status")), d.get("status")),
        "cancel_id": str(d.get("cancel_id", e.subject)),
        "create_time": d.get("create_time", e.time),
    }


def _return(store: Store, settings: Settings, e: Event) -> Data:
    d = e.data
    return {
        "order_id": str(d["order_id"]),
        "return_role": d.get("role"),
        "return_type": d.get("type"),
        "return_status": d.get("status"),
        "return_id": str(d.get("return_id", e.subject)),
        "create_time": d.get("create_time", e.time),
        "update_time": d.get("update_time", e.time),
    }


#: Domain event type -> the notifications it may cause: (event type of the notification, its data or None).
MAPPERS: dict[str, tuple[tuple[str, Mapper], ...]] = {
    events.ORDER_CREATED: (("ORDER_STATUS_CHANGE", _order_created),),
    events.ORDER_STATUS_CHANGED: (("ORDER_STATUS_CHANGE", _order_status),),
    events.ORDER_ADDRESS_CHANGED: (("RECIPIENT_ADDRESS_UPDATE", _address),),
    events.PACKAGE_CREATED: (("PACKAGE_UPDATE", _package_split),),
    events.PRODUCT_STATUS_CHANGED: (
        ("PRODUCT_STATUS_CHANGE", _product_status),
        ("PRODUCT_AUDIT_STATUS_CHANGE", _audit_status),
    ),
    events.PRODUCT_CHANGED: (("PRODUCT_INFORMATION_CHANGE", _information),),
    events.PRODUCT_CREATED: (("PRODUCT_CREATION", _creation),),
    events.INVENTORY_CHANGED: (("INVENTORY_STATUS_CHANGE", _inventory),),
    events.AUTHORIZATION_REVOKED: (("SELLER_DEAUTHORIZATION", _deauthorized),),
    events.AUTHORIZATION_EXPIRING: (("UPCOMING_AUTHORIZATION_EXPIRATION", _expiring),),
    events.SHOP_MIRROR_STATUS_CHANGED: (("TOKOPEDIA_MIRROR_STATUS_CHANGE", _mirror),),
    CANCELLATION_STATUS_CHANGED: (("CANCELLATION_STATUS_CHANGE", _cancellation),),
    RETURN_STATUS_CHANGED: (("RETURN_STATUS_CHANGE", _return),),
}
#: Notifications about one app's own authorization go to that app alone (and also once it is gone).
_OWN_APP = frozenset({events.AUTHORIZATION_REVOKED, events.AUTHORIZATION_EXPIRING})


@dataclass(frozen=True)
class Notice:
    topic: str
    data: Data


def outgoing(store: Store, settings: Settings, event: Event) -> list[Outgoing]:
    """The Partner notifications `event` causes, rendered and signed, one per subscribed app."""
    mappers = MAPPERS.get(event.type)
    if mappers is None or event.shop_id is None or not subscriptions.any_subscription(store):
        return []
    only = str(event.data.get("app_key")) if event.type in _OWN_APP else None
    out: list[Outgoing] = []
    for topic, mapper in mappers:
        recipients = subscriptions.targets(store, event.shop_id, topic, app_key=only)
        if not recipients:
            continue  # nobody listens: the payload is not even built
        data = mapper(store, settings, event)
        if data is None:
            continue
        for app_key, address in recipients:
            out.append(render(store, event, Notice(topic, data), app_key, address))
    return out


def render(store: Store, event: Event, notice: Notice, app_key: str, address: str) -> Outgoing:
    app = store.apps[app_key]
    shop_id = str(event.shop_id)
    envelope: Data = {
        "type": TYPES[notice.topic],
        "tts_notification_id": notification_id(store.seed, event.seq, app_key, notice.topic),
    }
    if notice.topic == "TOKOPEDIA_MIRROR_STATUS_CHANGE":
        envelope["seller_open_id"] = store.sellers[store.shops[shop_id].seller_id].open_id
    else:
        envelope["shop_id"] = shop_id
    envelope["timestamp"] = event.time
    envelope["data"] = notice.data
    body = orjson.dumps(envelope)
    headers = (
        ("Content-Type", "application/json"),
        ("Authorization", signature(app_key, app.app_secret, body)),
    )
    return Outgoing(
        dialect="partner",
        topic=notice.topic,
        url=address,
        body=body,
        headers=headers,
        lane=f"partner|{app_key}|{shop_id}",
        shop_id=shop_id,
        subscriber=app_key,
        event_seq=event.seq,
    )
