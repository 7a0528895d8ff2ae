"""Fulfillment as the Partner API offers it: checks its inputs, then moves orders through mockserver/orders.

No HTTP here. Each function raises `OrderError`s (mockserver/orders/models.py) that the handlers map to the
operation's official codes (errors.py), and changes nothing when it raises.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

from mockserver import events as domain_events
from mockserver.fulfillment import documents
from mockserver.fulfillment import models as fm
from mockserver.orders import backend as orders
from mockserver.orders import models as m
from mockserver.orders import privacy
from mockserver.orders.tracking import events
from mockserver.store import Store

#: Indonesian pickup windows, local time (WIB, UTC+7), offered for the next days (GUESS: real slots vary by courier).
UTC_OFFSET = 7 * 3600
WINDOWS = ((9, 12), (13, 17))
SLOT_DAYS = 3
#: Tracking numbers the mock accepts from sellers (GUESS: the real checks are per courier and undocumented).
TRACKING_RE = re.compile(r"^[A-Za-z0-9-]+$")
TRACKING_LENGTH = (6, 40)


# --- handover ---------------------------------------------------------------------------------------------------------
def pickup_slots(now: int, days: int = SLOT_DAYS) -> list[tuple[int, int]]:
    """The next pickup windows that have not started yet."""
    local_midnight = (now + UTC_OFFSET) // 86400 * 86400 - UTC_OFFSET
    slots = []
    for day in range(days + 1):
        for start_h, end_h in WINDOWS:
            start = local_midnight + day * 86400 + start_h * 3600
            if start > now:
                slots.append((start, local_midnight + day * 86400 + end_h * 3600))
    return slots[: days * len(WINDOWS)]


def on_grid(slot: tuple[int, int], now: int) -> bool:
    """A window the carrier offers (or offered, if it is still running), at most a week ahead."""
    start, end = slot
    local = (start + UTC_OFFSET) % 86400
    hours = [(s * 3600, e * 3600) for s, e in WINDOWS]
    return (local, local + end - start) in hours and end > now and start < now + 7 * 86400


def handover_slots(store: Store, shop_id: str, package_id: str, now: int) -> dict[str, Any]:
    package = orders.require_package(store, package_id, shop_id)
    if package.shipping_type != m.SHIPPING_TIKTOK:
        raise m.WrongShippingType(m.SHIPPING_TIKTOK, package.shipping_type)
    return {
        "can_pickup": True,
        "can_drop_off": True,
        "drop_off_point_url": f"https://seller-id.tiktok.com/logistics/dropoff?provider={package.shipping_provider_id}",
        "pickup_slots": [{"start_time": s, "end_time": e, "avaliable": True} for s, e in pickup_slots(now)],
    }


# --- shipping ---------------------------------------------------------------------------------------------------------
def check_tracking_number(number: str) -> None:
    if not TRACKING_RE.match(number):
        raise m.InvalidTracking("characters", f"tracking number {number!r} has characters other than A-Z, 0-9, -")
    lo, hi = TRACKING_LENGTH
    if not lo <= len(number) <= hi:
        raise m.InvalidTracking("length", f"tracking number must be {lo}-{hi} characters")


def ship_package(
    store: Store, rng: random.Random, shop_id: str, package_id: str, body: dict[str, Any], now: int
) -> None:
    """Ship Package: platform logistics (handover method and slot) or seller shipping (`self_shipment`)."""
    package = orders.require_package(store, package_id, shop_id)
    self_shipment = body.get("self_shipment")
    if package.shipping_type == m.SHIPPING_SELLER:
        if not self_shipment:
            raise m.InvalidTracking("missing", "a seller-shipping package needs self_shipment")
        check_tracking_number(self_shipment["tracking_number"])
        orders.ship(
            store,
            package_id,
            now,
            rng=rng,
            shop_id=shop_id,
            tracking_number=self_shipment["tracking_number"],
            shipping_provider_id=self_shipment["shipping_provider_id"],
        )
        return
    if self_shipment:
        raise m.WrongShippingType(m.SHIPPING_SELLER, package.shipping_type)
    method = body.get("handover_method") or m.PICKUP
    slot = None
    if method == m.PICKUP:
        given = body.get("pickup_slot") or {}
        if "start_time" in given and "end_time" in given:
            slot = (given["start_time"], given["end_time"])
            if package.status == m.PKG_TO_FULFILL and not on_grid(slot, now):
                raise m.SlotOutsideGrid(f"pickup slot {slot} is not offered")
        else:  # GUESS: no slot given, the earliest one is booked
            slot = pickup_slots(now)[0]
    orders.ship(store, package_id, now, rng=rng, shop_id=shop_id, handover_method=method, pickup_slot=slot)


def mark_shipped(
    store: Store, rng: random.Random, shop_id: str, order_id: str, body: dict[str, Any], now: int
) -> m.Package:
    check_tracking_number(body["tracking_number"])
    ids = body.get("order_line_item_ids")
    return orders.mark_shipped(
        store,
        rng,
        order_id,
        now,
        tracking_number=body["tracking_number"],
        shipping_provider_id=body["shipping_provider_id"],
        line_item_ids=ids or None,
        shop_id=shop_id,
    )


def update_package_info(store: Store, shop_id: str, package_id: str, body: dict[str, Any], now: int) -> None:
    orders.require_package(store, package_id, shop_id)
    check_tracking_number(body["tracking_number"])
    orders.update_tracking(
        store,
        package_id,
        now,
        tracking_number=body["tracking_number"],
        shipping_provider_id=body["shipping_provider_id"],
    )


def update_order_info(store: Store, shop_id: str, order_id: str, body: dict[str, Any], now: int) -> None:
    """GUESS: the order's most recently shipped package is the one corrected."""
    order = orders.require_order(store, order_id, shop_id)
    if order.shipping_type != m.SHIPPING_SELLER:
        raise m.WrongShippingType(m.SHIPPING_SELLER, order.shipping_type)
    if order.status == m.CANCELLED:
        raise m.InvalidTransition("update the tracking of", m.CANCELLED)
    shipped = [p for p in orders.packages_of(store, order) if p.shipped]
    if not shipped:
        raise m.InvalidTransition("update the tracking of", "not shipped", "package")
    latest = max(shipped, key=lambda p: (p.rts_time or 0, p.seq))
    update_package_info(store, shop_id, latest.id, body, now)


def deliver(store: Store, shop_id: str, items: Iterable[dict[str, Any]], now: int) -> list[tuple[m.OrderError, str]]:
    """Update Package Delivery Status (seller shipping): per package, (refusal, package id) for each failure."""
    failures: list[tuple[m.OrderError, str]] = []
    for item in items:
        package_id = item["id"]
        try:
            _deliver_one(store, shop_id, item, now)
        except m.OrderError as e:
            failures.append((e, package_id))
    return failures


def _deliver_one(store: Store, shop_id: str, item: dict[str, Any], now: int) -> None:
    package = orders.require_package(store, item["id"], shop_id)
    if package.shipping_type != m.SHIPPING_SELLER:
        raise m.WrongShippingType(m.SHIPPING_SELLER, package.shipping_type)
    kind = item["delivery_type"]
    if kind == "DELIVERY_SUCCESS":
        orders.deliver(store, package.id, now)
    elif kind == "DELIVERY_FAILED":
        if not item.get("fail_delivery_reason"):
            raise m.OrderError("fail_delivery_reason is required for DELIVERY_FAILED")
        if package.status == m.PKG_PROCESSING:
            orders.collect(store, package.id, now)
        orders.delivery_failed(store, package.id, now, item["fail_delivery_reason"])
    elif package.status != m.PKG_COMPLETED:  # UPDATE_POD: only for a delivered package
        raise m.InvalidTransition("update the proof of delivery of", package.status, "package")


# --- documents and tracking -------------------------------------------------------------------------------------------
def create_document(
    store: Store,
    rng: random.Random,
    shop_id: str,
    package_id: str,
    document_type: str,
    document_size: str,
    now: int,
) -> fm.ShippingDocument:
    package = orders.require_package(store, package_id, shop_id)
    if package.shipping_type != m.SHIPPING_TIKTOK:
        raise m.WrongShippingType(m.SHIPPING_TIKTOK, package.shipping_type)
    if package.status != m.PKG_PROCESSING:
        raise m.InvalidTransition("print the documents of", package.status, "package")
    doc = fm.ShippingDocument(
        id=f"wsos{rng.getrandbits(96):024x}",
        package_id=package.id,
        shop_id=shop_id,
        document_type=document_type,
        document_size=document_size,
        document_format="PNG" if document_type == fm.SHIPPING_LABEL_PICTURE else "PDF",
        created_at=now,
        expires_at=now + fm.DOC_TTL,
    )
    store.shipping_documents[doc.id] = doc
    store.events.emit(
        domain_events.SHIPPING_DOCUMENT_CREATED,
        now,
        shop_id,
        "package",
        package.id,
        document_type=document_type,
        document_size=document_size,
        expires_at=doc.expires_at,
    )
    return doc


def render_document(store: Store, doc: fm.ShippingDocument) -> tuple[str, bytes]:
    """(content type, bytes) of a document, drawn from the package as it is now."""
    package = store.packages[doc.package_id]
    data = label_data(store, package, doc.document_type)
    if doc.document_format == "PNG":
        return "image/png", documents.png(data)
    return "application/pdf", documents.pdf(data, doc.document_size)


def label_data(store: Store, package: m.Package, document_type: str) -> documents.LabelData:
    order = orders.order_of(store, package)
    r = order.recipient
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    items = [li for o in package.order_ids for li in store.orders[o].line_items]  # several orders when combined
    for li in items:
        if li.id in package.line_item_ids:
            counts[li.seller_sku] = counts.get(li.seller_sku, 0) + 1
            names[li.seller_sku] = f"{li.product_name} ({li.sku_name})"
    warehouse = store.warehouses.get(order.warehouse_id)
    sender = [f"{warehouse.name}", warehouse.address.full_address, warehouse.address.phone_number] if warehouse else []
    return documents.LabelData(
        title=document_type.replace("_", " "),
        courier=package.shipping_provider_name,
        tracking_number=package.tracking_number,
        order_id=order.id,
        package_id=package.id,
        recipient=[
            privacy.mask_name(r.name),
            privacy.phone(r.phone_number, True),
            r.address_detail,
            r.full_address.removeprefix(r.address_detail + ", "),
        ],
        sender=sender,
        items=[f"{n} x {sku} {names[sku]}" for sku, n in counts.items()],
        service=package.delivery_option_name,
    )


def order_tracking(store: Store, shop_id: str, order_id: str) -> list[dict[str, Any]]:
    order = orders.require_order(store, order_id, shop_id)
    out = events(*orders.packages_of(store, order))
    return [{"description": e.description, "update_time_millis": e.time_ms} for e in out]
