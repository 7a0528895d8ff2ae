"""The order lifecycle over the store: lookups and every transition. No HTTP here; both dialects call this.

Stable API (the control plane and the legacy Tokopedia Seller API call these; names and parameters stay):

- lookups (from lookup.py): `get_order`, `require_order`, `get_package`, `require_package`, `packages_of`,
  `order_of`, `order_at` / `package_at` (by index position, for search results);
- read-only views for figures over many orders (from peek.py): `view`, `view_at`, `times_at` (never materialize);
- buyer / platform: `place_order`, `pay`, `release_hold`, `request_cancel`, `withdraw_cancel_request`, `cancel`,
  `complete`;
- seller: `ship` (a package, either shipping type), `mark_shipped` (seller shipping, whole order or some line items),
  `update_tracking`;
- courier: `collect`, `in_transit`, `deliver`, `delivery_failed`;
- multi-package fulfillment (from packaging.py): `split`, `split_check`, `combinable_groups`, `combine`, `uncombine`.

Every function takes `now` (from `mock.clock.now_s()`), raises an `OrderError` subclass (models.py) and changes
nothing when a step is not allowed, and keeps line items, packages, the order status, the catalog stock and the
search indexes consistent:

    UNPAID -> ON_HOLD -> AWAITING_SHIPMENT -> [PARTIALLY_SHIPPING] -> AWAITING_COLLECTION -> IN_TRANSIT
           -> DELIVERED -> COMPLETED, and CANCELLED from any status before IN_TRANSIT.

Paying commits stock (available -> committed), collection ships it (committed -> gone), cancelling before collection
releases it (committed -> available): stock.py. The shared bookkeeping (index moves, packages, the order status derived
from its packages, unique tracking numbers) is state.py; what a new order is made of, placement.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from mockserver import events
from mockserver.orders import deadlines, kinds, lazy, packaging, placement, state, stock, tracking
from mockserver.orders import models as m
from mockserver.orders.book import ORDER_PREFIX
from mockserver.orders.lookup import get_order as get_order
from mockserver.orders.lookup import get_package as get_package
from mockserver.orders.lookup import order_at as order_at
from mockserver.orders.lookup import order_of as order_of
from mockserver.orders.lookup import package_at as package_at
from mockserver.orders.lookup import packages_of as packages_of
from mockserver.orders.lookup import require_order as require_order
from mockserver.orders.lookup import require_package as require_package
from mockserver.orders.packaging import combinable_groups as combinable_groups
from mockserver.orders.packaging import combine as combine
from mockserver.orders.packaging import split as split
from mockserver.orders.packaging import split_check as split_check
from mockserver.orders.packaging import uncombine as uncombine
from mockserver.orders.peek import OrderView as OrderView
from mockserver.orders.peek import times_at as times_at
from mockserver.orders.peek import view as view
from mockserver.orders.peek import view_at as view_at
from mockserver.store import Store


# --- the buyer and the platform ---------------------------------------------------------------------------------------
def place_order(
    store: Store,
    rng: random.Random,
    shop_id: str,
    items: Sequence[tuple[str, int]] | None,
    now: int,
    *,
    shipping_type: str | None = None,
    delivery_option_id: str | None = None,
    commerce_platform: str | None = None,
    buyer_message: str = "",
    payment_method: str | None = None,
    kind: placement.Kind | None = None,
) -> m.Order:
    """A new UNPAID order for `items` ((sku_id, quantity) pairs), or 1-2 random in-stock SKUs when None. `kind`:
    a sample, a replacement, a pre-order, gift items, the buyer of an earlier order (orders/kinds.py). Ongoing
    promotion deals price the items (seller_discount)."""
    shop = store.shops.get(shop_id)
    if shop is None:
        raise m.InvalidOrderRequest(f"shop {shop_id} does not exist")
    kind = kind or placement.Kind()
    spec = store.order_book.spec
    chosen = placement.choose_items(store, rng, shop_id, items)
    gifts = placement.choose_items(store, rng, shop_id, kind.gifts) if kind.gifts else []
    platform = placement.platform(store, shop_id, shop.region, shop.platforms, chosen, commerce_platform, rng)
    warehouse_id = placement.warehouse_for(store, shop_id, placement.merged(chosen, gifts))
    option, provider_id = placement.delivery_option(store, rng, shipping_type, delivery_option_id)
    provider = store.logistics.providers[provider_id]
    replaced = placement.replaced(store, shop_id, kind.replaced_order_id)
    buyer, recipient = lazy.make_buyer(rng, f"7{rng.randrange(10**18):018d}", spec)
    if kind.buyer_of is not None:
        buyer, recipient = placement.buyer_of(store, shop_id, kind.buyer_of)
    line_items = [lazy.line_item(rng, placement.snapshot(store, sku)) for sku, qty in chosen for _ in range(qty)]
    activities = kinds.apply_promotions(store.promotions, line_items, now)
    if kind.sample or replaced:
        for li in line_items:
            kinds.make_free(li)
    line_items += [
        kinds.gift(lazy.line_item(rng, placement.snapshot(store, s))) for s, qty in gifts for _ in range(qty)
    ]
    method = payment_method or rng.choice(spec["payment_methods"])
    currency = chosen[0][0].price.currency
    book = store.order_book
    order = m.Order(
        id=placement.new_id(store, rng, ORDER_PREFIX),
        seq=book.allocate(),
        shop_id=shop_id,
        status=m.UNPAID,
        create_time=now,
        update_time=now,
        buyer=buyer,
        recipient=recipient,
        line_items=line_items,
        payment=lazy.build_payment(line_items, rng.randrange(9000, 30001, 500), method, currency=currency),
        shipping_type=option.shipping_type,
        warehouse_id=warehouse_id,
        delivery_option_id=option.id,
        delivery_option_name=option.name,
        shipping_provider_id=provider.id,
        shipping_provider_name=provider.name,
        commerce_platform=platform,
        is_cod=method == "COD",
        buyer_message=buyer_message,
        is_sample_order=kind.sample,
        replaced_order_id=replaced,
        order_type=kinds.PRE_ORDER if kind.release_date is not None else kinds.NORMAL,
        release_date=kind.release_date,
    )
    if kind.sample or replaced:
        kinds.ship_free(order.payment)
    kinds.count_sold(store.promotions, line_items, activities, now)
    store.orders[order.id] = order
    book.order_by_seq[order.seq] = order
    book.orders_index.add(shop_id, m.UNPAID, now, now, order.seq)
    book.changed()
    store.events.emit(
        events.ORDER_CREATED,
        now,
        shop_id,
        "order",
        order.id,
        status=m.UNPAID,
        commerce_platform=platform,
        line_item_ids=[li.id for li in line_items],
        order_type=order.order_type,
        is_sample_order=order.is_sample_order,
        is_replacement_order=order.is_replacement_order,
        promotion_activity_ids=activities,
    )
    deadlines.arm(store, order, now)  # unpaid: the platform cancels it after the window
    return order


def pay(store: Store, order_id: str, now: int, *, on_hold: bool = False) -> m.Order:
    """UNPAID -> AWAITING_SHIPMENT (or ON_HOLD when `on_hold`); commits the order's stock."""
    order = require_order(store, order_id)
    if order.status != m.UNPAID:
        raise m.InvalidTransition("pay", order.status)
    stock.commit_stock(store, order, now)
    order.paid_time = now
    if on_hold or order.order_type == kinds.PRE_ORDER:  # a pre-order waits ON_HOLD for its release
        order.is_on_hold_order = True
        state.set_status(store, order, m.ON_HOLD, now)
    else:
        state.to_awaiting_shipment(store, order, now)
    return order


def release_hold(store: Store, order_id: str, now: int) -> m.Order:
    """ON_HOLD -> AWAITING_SHIPMENT: the hold period ended; a package is created."""
    order = require_order(store, order_id)
    if order.status != m.ON_HOLD:
        raise m.InvalidTransition("release the hold of", order.status)
    state.to_awaiting_shipment(store, order, now)
    return order


def request_cancel(store: Store, order_id: str, now: int, *, reason: str = "") -> m.Order:
    """The buyer asks to cancel a paid order; the seller (or the platform) decides. Status does not change.
    The request itself (its id, deadline, decision) is the returns area's (mockserver/returns/cancellations.py)."""
    order = require_order(store, order_id)
    if order.status not in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING, m.AWAITING_COLLECTION):
        raise m.InvalidTransition("request cancellation of", order.status)
    order.is_buyer_request_cancel = True
    order.request_cancel_time = now
    order.request_cancel_reason = reason
    store.order_book.changed()
    store.events.emit(events.ORDER_CANCEL_REQUESTED, now, order.shop_id, "order", order.id, status=order.status)
    return order


def withdraw_cancel_request(store: Store, order_id: str, now: int) -> m.Order:
    """The buyer's cancellation request is over without a cancellation (rejected, withdrawn, closed)."""
    order = require_order(store, order_id)
    if not order.is_buyer_request_cancel:
        return order
    order.is_buyer_request_cancel = False
    order.request_cancel_reason = ""
    store.order_book.changed()
    store.events.emit(events.ORDER_UPDATED, now, order.shop_id, "order", order.id, fields=["is_buyer_request_cancel"])
    return order


def cancel(store: Store, order_id: str, now: int, *, by: str = m.BUYER, reason: str = "") -> m.Order:
    """Cancel an order not yet collected by the carrier; its stock goes back to the warehouse."""
    order = require_order(store, order_id)
    if order.status not in m.CANCELLABLE:
        raise m.InvalidTransition("cancel", order.status)
    packages = packages_of(store, order)
    if any(p.status in (m.PKG_FULFILLING, m.PKG_COMPLETED) for p in packages):
        raise m.InvalidTransition("cancel", "collected by the carrier")
    if by not in m.CANCEL_INITIATORS:
        raise ValueError(f"unknown cancellation initiator {by!r}")
    reason = reason or store.order_book.spec["cancel_reasons"][by][0]
    stock.release_stock(store, order, now)
    for p in packages:
        if p.combined_order_ids and p.status != m.PKG_CANCELLED:  # the other orders keep the package
            packaging.leave_combined(store, p, order, now, _ROLES.get(by, state.ROLE_SYSTEM))
        elif p.status != m.PKG_CANCELLED:
            if p.shipped:
                tracking.cancelled(p, now)
            p.cancel_time = now
            state.set_package_status(store, p, m.PKG_CANCELLED, now)
    for li in order.line_items:
        li.cancel_user, li.cancel_reason = by, reason
    order.cancel_time, order.cancellation_initiator, order.cancel_reason = now, by, reason
    order.is_buyer_request_cancel = False
    state.set_status(store, order, m.CANCELLED, now)
    return order


_ROLES = {m.BUYER: state.ROLE_USER, m.SELLER: state.ROLE_SELLER, m.SYSTEM: state.ROLE_SYSTEM}


def complete(store: Store, order_id: str, now: int) -> m.Order:
    """DELIVERED -> COMPLETED: the return window closed."""
    order = require_order(store, order_id)
    if order.status != m.DELIVERED:
        raise m.InvalidTransition("complete", order.status)
    order.completed_time = now
    state.set_status(store, order, m.COMPLETED, now)
    return order


# --- the seller -------------------------------------------------------------------------------------------------------
def ship(
    store: Store,
    package_id: str,
    now: int,
    *,
    rng: random.Random,
    shop_id: str | None = None,
    handover_method: str | None = None,
    pickup_slot: tuple[int, int] | None = None,
    tracking_number: str | None = None,
    shipping_provider_id: str | None = None,
) -> m.Package:
    """TO_FULFILL -> PROCESSING. Platform logistics issues a tracking number; seller shipping brings its own."""
    package = require_package(store, package_id, shop_id)
    order = order_of(store, package)
    state.check_shippable(order, package)
    if package.shipping_type == m.SHIPPING_SELLER:
        if not tracking_number or not shipping_provider_id:
            raise m.InvalidTracking("missing", "seller shipping needs a tracking number and a shipping provider")
        state.assign_tracking(store, package, tracking_number, shipping_provider_id)
    else:
        provider = store.logistics.providers[package.shipping_provider_id]
        number = state.unique_tracking(store, package.shop_id, provider.tracking_number, rng)
        state.assign_tracking(store, package, number, None)
        package.handover_method = handover_method or m.PICKUP
        package.pickup_slot = pickup_slot if package.handover_method == m.PICKUP else None
    package.rts_time = now
    tracking.shipped(package, now)
    state.set_package_status(store, package, m.PKG_PROCESSING, now)
    state.sync_package(store, package, now)
    return package


def mark_shipped(
    store: Store,
    rng: random.Random,
    order_id: str,
    now: int,
    *,
    tracking_number: str,
    shipping_provider_id: str,
    line_item_ids: Iterable[str] | None = None,
    shop_id: str | None = None,
) -> m.Package:
    """Seller shipping: ship some (default: all unshipped) line items of the order under one tracking number."""
    order = require_order(store, order_id, shop_id)
    if order.shipping_type != m.SHIPPING_SELLER:
        raise m.WrongShippingType(m.SHIPPING_SELLER, order.shipping_type)
    if order.status not in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING):
        if order.status in (m.AWAITING_COLLECTION, m.IN_TRANSIT, m.DELIVERED, m.COMPLETED):
            raise m.AlreadyShipped("order")
        raise m.InvalidTransition("ship", order.status)
    open_packages = [p for p in packages_of(store, order) if p.status == m.PKG_TO_FULFILL]
    pending = {li.id for p in open_packages for li in state.items_of(order, p)}
    if line_item_ids is not None:
        wanted = list(dict.fromkeys(line_item_ids))
    elif len(open_packages) > 1:
        raise m.MultiplePackages("the order has several packages to ship: name the line items")
    else:
        wanted = [li for li in state.line_item_ids(order) if li in pending]
    if not wanted:
        raise m.InvalidLineItems("no line items to ship")
    unknown = [li for li in wanted if order.line_item(li) is None]
    if unknown:
        raise m.InvalidLineItems(f"line items {unknown} are not in order {order.id}")
    if any(li not in pending for li in wanted):
        raise m.AlreadyShipped("line item")
    state.check_tracking_free(store, order.shop_id, tracking_number, None)
    if shipping_provider_id not in store.logistics.providers:
        raise m.InvalidTracking("provider", f"shipping provider {shipping_provider_id} does not exist")
    combined = next((p for p in open_packages if p.combined_order_ids), None)
    if combined is not None:  # the whole combined package ships, or nothing
        if set(wanted) != {li.id for li in state.items_of(order, combined)}:
            raise m.PackageCombined("the order shares a combined package: uncombine it to ship part of it")
        package = combined
    else:
        package = state.package_for(store, order, wanted, now)
    return ship(
        store,
        package.id,
        now,
        rng=rng,
        tracking_number=tracking_number,
        shipping_provider_id=shipping_provider_id,
    )


def update_tracking(
    store: Store, package_id: str, now: int, *, tracking_number: str, shipping_provider_id: str
) -> m.Package:
    """Seller shipping: correct the tracking number or courier of a shipped, undelivered package."""
    package = require_package(store, package_id)
    if package.shipping_type != m.SHIPPING_SELLER:
        raise m.WrongShippingType(m.SHIPPING_SELLER, package.shipping_type)
    if package.status == m.PKG_CANCELLED:
        raise m.InvalidTransition("update the tracking of", package.status, "package")
    if package.status == m.PKG_COMPLETED:
        raise m.InvalidTransition("update the tracking of", "delivered", "package")
    if package.status == m.PKG_TO_FULFILL:
        raise m.InvalidTransition("update the tracking of", "not shipped", "package")
    state.assign_tracking(store, package, tracking_number, shipping_provider_id)
    state.touch_package(store, package, now, "tracking")
    return package


# --- the courier ------------------------------------------------------------------------------------------------------
def collect(store: Store, package_id: str, now: int) -> m.Package:
    """PROCESSING -> FULFILLING: picked up (or dropped off); the stock leaves the warehouse."""
    package = require_package(store, package_id)
    if package.status != m.PKG_PROCESSING:
        raise m.InvalidTransition("collect", package.status, "package")
    for order in state.orders_in(store, package):
        stock.ship_stock(store, order, package, now)
    package.collection_time = now
    tracking.collected(package, now)
    state.set_package_status(store, package, m.PKG_FULFILLING, now)
    state.sync_package(store, package, now)
    return package


def in_transit(store: Store, package_id: str, now: int) -> m.Package:
    """A sorting-center scan; collects the package first if the carrier had not yet."""
    package = require_package(store, package_id)
    if package.status == m.PKG_PROCESSING:
        collect(store, package_id, now)
    if package.status != m.PKG_FULFILLING:
        raise m.InvalidTransition("move in transit", package.status, "package")
    tracking.in_transit(package, order_of(store, package), now)
    state.touch_package(store, package, now, "in_transit")
    return package


def deliver(store: Store, package_id: str, now: int) -> m.Package:
    """FULFILLING -> COMPLETED (collecting first if needed); the order is DELIVERED once every package is."""
    package = require_package(store, package_id)
    if package.status == m.PKG_PROCESSING:
        collect(store, package_id, now)
    if package.status != m.PKG_FULFILLING:
        raise m.InvalidTransition("deliver", package.status, "package")
    package.delivery_time = now
    tracking.out_for_delivery(package, now)
    tracking.delivered(package, now)
    state.set_package_status(store, package, m.PKG_COMPLETED, now)
    state.sync_package(store, package, now)
    return package


def delivery_failed(store: Store, package_id: str, now: int, reason: str) -> m.Package:
    """A failed delivery attempt: recorded in the tracking; the package stays in transit."""
    package = require_package(store, package_id)
    if package.status != m.PKG_FULFILLING:
        raise m.InvalidTransition("report a failed delivery of", package.status, "package")
    tracking.delivery_failed(package, reason, now)
    state.touch_package(store, package, now, "delivery_failed")
    return package


# --- the seller's steps only the legacy Seller API shows -----------------------------------------------------------
def accept(store: Store, order_id: str, now: int) -> m.Order:
    """The seller accepts a paid order (Tokopedia's "ack"): recorded, the Partner status does not change."""
    order = require_order(store, order_id)
    if order.status not in (m.ON_HOLD, m.AWAITING_SHIPMENT) or order.accepted_time is not None:
        raise m.InvalidTransition("accept", order.status if order.accepted_time is None else "accepted")
    order.accepted_time = now
    store.order_book.changed()
    store.events.emit(events.ORDER_ACCEPTED, now, order.shop_id, "order", order.id)
    return order


#: Statuses a seller may still reject an order in (before shipping anything).
REJECTABLE = frozenset({m.ON_HOLD, m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING})


def rejectable(order: m.Order) -> bool:
    return order.status in REJECTABLE


def reject(store: Store, order_id: str, now: int, *, reason_code: int, reason: str) -> m.Order:
    """The seller rejects the order (Tokopedia's "nack"): it is cancelled by the seller, and the rejection kept."""
    order = require_order(store, order_id)
    if not rejectable(order):
        raise m.InvalidTransition("reject", order.status)
    order = cancel(store, order_id, now, by=m.SELLER, reason=reason)
    order.rejection = {"reason_code": reason_code, "reason": reason, "time": now}
    return order


def note(store: Store, order_id: str, now: int, **changes: object) -> m.Order:
    """Record facts of the seller's own steps on the order (pickup requested, AWB given, label printed)."""
    order = require_order(store, order_id)
    allowed = {"pickup_requested_time", "awb", "label_printed"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not an order note: {sorted(unknown)}")
    changed = {k: v for k, v in changes.items() if getattr(order, k) != v}
    if not changed:
        return order
    for key, value in changed.items():
        setattr(order, key, value)
    store.events.emit(events.ORDER_UPDATED, now, order.shop_id, "order", order.id, fields=sorted(changed))
    return order
