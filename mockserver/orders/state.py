"""Bookkeeping every transition shares: status moves filed in the indexes, packages, the order status derived
from its packages, tracking numbers unique per shop — and the domain event of each change (mockserver/events.py)."""

from __future__ import annotations

import random
from collections.abc import Callable

from mockserver import events
from mockserver.orders import deadlines
from mockserver.orders import models as m
from mockserver.orders.book import PACKAGE_PREFIX
from mockserver.orders.lookup import packages_of
from mockserver.orders.placement import new_id
from mockserver.store import Store


def set_status(store: Store, order: m.Order, status: str, now: int) -> None:
    old = (order.status, order.update_time)
    order.status, order.update_time = status, max(now, order.update_time)
    store.order_book.orders_index.move(order.shop_id, order.seq, order.create_time, old, (status, order.update_time))
    store.order_book.changed()
    if status != old[0]:
        store.events.emit(
            events.ORDER_STATUS_CHANGED,
            now,
            order.shop_id,
            "order",
            order.id,
            before=old[0],
            after=status,
            is_on_hold_order=order.is_on_hold_order,
            commerce_platform=order.commerce_platform,
        )
        deadlines.arm(store, order, now)  # the new status's deadline, if it has one


def set_package_status(
    store: Store, package: m.Package, status: str, now: int, *, what: str = "", **data: object
) -> None:
    old = (package.status, package.update_time)
    package.status, package.update_time = status, max(now, package.update_time)
    new = (status, package.update_time)
    store.order_book.packages_index.move(package.shop_id, package.seq, package.create_time, old, new)
    store.order_book.changed()
    if status != old[0]:
        store.events.emit(
            events.PACKAGE_STATUS_CHANGED,
            now,
            package.shop_id,
            "package",
            package.id,
            order_id=package.order_id,
            before=old[0],
            after=status,
            **data,
        )
    elif what:
        store.events.emit(
            events.PACKAGE_UPDATED,
            now,
            package.shop_id,
            "package",
            package.id,
            order_id=package.order_id,
            what=what,
            **data,
        )


def touch_package(store: Store, package: m.Package, now: int, what: str = "updated", **data: object) -> None:
    set_package_status(store, package, package.status, now, what=what, **data)


# --- how packages were split or combined (the PACKAGE_UPDATE webhook's facts) ---------------------------------------
SPLIT = "SPLIT"
COMBINE = "COMBINE"
CANCEL_SPLIT = "CANCEL_SPLIT"
CANCEL_COMBINE = "CANCEL_COMBINE"
ROLE_SELLER = "ROLE_SELLER"
ROLE_USER = "ROLE_USER"
ROLE_SYSTEM = "ROLE_SYSTEM"


def regrouped(sc_type: str, role_type: str, packages: list[m.Package]) -> dict[str, object]:
    """Event data of a split or combine: `sc_type`, `role_type` (the webhook's values), the resulting packages
    (`package_ids`, `package_list` [{package_id, order_id_list}]) and every order they hold (`order_ids`)."""
    return {
        "sc_type": sc_type,
        "role_type": role_type,
        "package_ids": [p.id for p in packages],
        "order_ids": list(dict.fromkeys(o for p in packages for o in p.order_ids)),
        "package_list": [{"package_id": p.id, "order_id_list": list(p.order_ids)} for p in packages],
    }


def live_packages(store: Store, order: m.Order) -> list[m.Package]:
    return [p for p in packages_of(store, order) if p.status != m.PKG_CANCELLED]


def orders_in(store: Store, package: m.Package) -> list[m.Order]:
    """Every order with line items in the package (several for a combined package), its own first."""
    return [store.orders[o] for o in package.order_ids]


def sync_package(store: Store, package: m.Package, now: int) -> None:
    """`sync` every order of the package."""
    for order in orders_in(store, package):
        sync(store, order, now)


def to_awaiting_shipment(store: Store, order: m.Order, now: int) -> None:
    set_status(store, order, m.AWAITING_SHIPMENT, now)
    new_package(store, order, [li.id for li in order.line_items], now)


def new_package(
    store: Store, order: m.Order, line_item_ids: list[str], now: int, *, package_id: str = "", **data: object
) -> m.Package:
    """A new unshipped package of `order` holding these line items (`package_id`: a pre-generated id); `data` goes
    into its `package.created` event."""
    book = store.order_book
    rng = random.Random(f"package:{order.id}:{len(order.packages)}")
    package = m.Package(
        id=package_id or new_id(store, rng, PACKAGE_PREFIX),
        seq=book.allocate(),
        shop_id=order.shop_id,
        order_id=order.id,
        line_item_ids=list(line_item_ids),
        status=m.PKG_TO_FULFILL,
        shipping_type=order.shipping_type,
        delivery_option_id=order.delivery_option_id,
        delivery_option_name=order.delivery_option_name,
        shipping_provider_id=order.shipping_provider_id,
        shipping_provider_name=order.shipping_provider_name,
        create_time=now,
        update_time=now,
        weight_grams=250 * len(line_item_ids) + 100,
    )
    for li in order.line_items:
        if li.id in line_item_ids:
            li.package_id = package.id
    order.packages.append(package.id)
    store.packages[package.id] = package
    book.package_by_seq[package.seq] = package
    book.packages_index.add(package.shop_id, m.PKG_TO_FULFILL, now, now, package.seq)
    book.changed()
    store.events.emit(
        events.PACKAGE_CREATED,
        now,
        package.shop_id,
        "package",
        package.id,
        order_id=order.id,
        line_item_ids=list(package.line_item_ids),
        **data,
    )
    return package


def package_for(
    store: Store,
    order: m.Order,
    line_item_ids: list[str],
    now: int,
    *,
    role: str = ROLE_SELLER,
    announce: bool = True,
) -> m.Package:
    """The unshipped package holding exactly these line items, splitting one off the open packages if needed.

    Taking some items out of an open package is a split; gathering all the items of several open packages is a
    cancelled split. `announce`: the one `package.updated` event that says so carries `regrouped` data (callers
    that regroup several times in one operation announce once themselves)."""
    open_packages = [p for p in packages_of(store, order) if p.status == m.PKG_TO_FULFILL]
    for p in open_packages:
        if set(p.line_item_ids) == set(line_item_ids):
            return p
    kept_sources: list[m.Package] = []
    emptied = 0
    for p in open_packages:
        kept = [li for li in p.line_item_ids if li not in line_item_ids]
        if kept == p.line_item_ids:
            continue
        p.line_item_ids = kept
        if not p.line_item_ids:  # every item moved out: the package is gone
            p.cancel_time = now
            set_package_status(store, p, m.PKG_CANCELLED, now)
            emptied += 1
        else:
            kept_sources.append(p)
    package = new_package(store, order, line_item_ids, now)
    if kept_sources:
        facts = regrouped(SPLIT, role, live_packages(store, order)) if announce else {}
        touch_package(store, kept_sources[0], now, "split", **facts)
        for p in kept_sources[1:]:
            touch_package(store, p, now, "split")
    elif emptied > 1 and announce:
        touch_package(store, package, now, "merge", **regrouped(CANCEL_SPLIT, role, live_packages(store, order)))
    return package


def check_shippable(order: m.Order, package: m.Package) -> None:
    if package.shipped:
        raise m.AlreadyShipped()
    if package.status == m.PKG_CANCELLED or order.status == m.CANCELLED:
        raise m.InvalidTransition("ship", m.CANCELLED, "package")
    if order.status not in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING):
        raise m.InvalidTransition("ship", order.status)


def sync(store: Store, order: m.Order, now: int) -> None:
    """Derive the order status from its live packages (the earliest stage wins)."""
    if order.status in (m.UNPAID, m.ON_HOLD, m.CANCELLED, m.COMPLETED):
        return
    live = [p.status for p in packages_of(store, order) if p.status != m.PKG_CANCELLED]
    if m.PKG_TO_FULFILL in live:
        status = m.PARTIALLY_SHIPPING if any(s in m.SHIPPED for s in live) else m.AWAITING_SHIPMENT
    elif m.PKG_PROCESSING in live:
        status = m.AWAITING_COLLECTION
    elif m.PKG_FULFILLING in live:
        status = m.IN_TRANSIT
    else:
        status = m.DELIVERED
    if any(s in m.SHIPPED for s in live) and order.rts_time is None:
        order.rts_time = now
    if status == m.IN_TRANSIT and order.collection_time is None:
        order.collection_time = now
    if status == m.DELIVERED:
        order.delivery_time = now
    if m.SHIPPED.issuperset(live) and live:
        primary = next(p for p in packages_of(store, order) if p.status != m.PKG_CANCELLED)
        order.shipping_provider_id, order.shipping_provider_name = (
            primary.shipping_provider_id,
            primary.shipping_provider_name,
        )
    if status != order.status:
        set_status(store, order, status, now)


def items_of(order: m.Order, package: m.Package) -> list[m.LineItem]:
    ids = set(package.line_item_ids)
    return [li for li in order.line_items if li.id in ids]


def line_item_ids(order: m.Order) -> list[str]:
    return [li.id for li in order.line_items]


def assign_tracking(store: Store, package: m.Package, number: str, provider_id: str | None) -> None:
    check_tracking_free(store, package.shop_id, number, package.id)
    if provider_id is not None:
        provider = store.logistics.providers.get(provider_id)
        if provider is None:
            raise m.InvalidTracking("provider", f"shipping provider {provider_id} does not exist")
        package.shipping_provider_id, package.shipping_provider_name = provider.id, provider.name
    numbers = store.order_book.tracking_numbers
    if package.tracking_number:
        numbers.pop((package.shop_id, package.tracking_number), None)
    package.tracking_number = number
    numbers[(package.shop_id, number)] = package.id


def assign_parcels(store: Store, package: m.Package, parcels: list[dict[str, str]]) -> None:
    """The package's further parcels ([{tracking_number, shipping_provider_id, note}]), replacing earlier ones; each
    number stays unique per shop like the main one."""
    for parcel in parcels:
        check_tracking_free(store, package.shop_id, parcel["tracking_number"], package.id)
    numbers = store.order_book.tracking_numbers
    for old in package.extra_tracking:
        numbers.pop((package.shop_id, old["tracking_number"]), None)
    package.extra_tracking = [dict(p) for p in parcels]
    for parcel in parcels:
        numbers[(package.shop_id, parcel["tracking_number"])] = package.id


def check_tracking_free(store: Store, shop_id: str, number: str, package_id: str | None) -> None:
    holder = store.order_book.tracking_numbers.get((shop_id, number))
    if holder is not None and holder != package_id:
        raise m.InvalidTracking("duplicate", f"tracking number {number} is already used by package {holder}")


def unique_tracking(store: Store, shop_id: str, make: Callable[[random.Random], str], rng: random.Random) -> str:
    while True:
        number = make(rng)
        if (shop_id, number) not in store.order_book.tracking_numbers:
            return number
