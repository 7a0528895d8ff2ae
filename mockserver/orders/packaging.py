"""Multi-package fulfillment: splitting an order's items into several packages, combining orders of one buyer into
one package and taking them apart again. No HTTP here; backend.py re-exports the operations.

Line items, packages and order status stay consistent through state.py's writers (index moves, events): an item is
in exactly one live package; a combined package lists its orders (`Package.order_ids`) and each of them lists the
package; the order status is derived from its live packages (PARTIALLY_SHIPPING while some are shipped). Every
regrouping emits one `package.updated` event whose data carries `state.regrouped(...)`: `sc_type`, `role_type`,
`package_ids`, `order_ids`, `package_list` (what the PACKAGE_UPDATE webhook needs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from mockserver.orders import models as m
from mockserver.orders import state
from mockserver.orders.book import PACKAGE_PREFIX
from mockserver.orders.index import seq_of
from mockserver.orders.lookup import order_at, packages_of, require_order, require_package
from mockserver.store import Store

#: Most units one package may hold before the order must be split (GUESS: the platform's per-category and total
#: limits are not published; TOTAL_COUNT_LIMITATION in Get Order Split Attributes).
MAX_UNITS_PER_PACKAGE = 20
#: Awaiting-shipment orders of a shop that Search Combinable Packages looks at, newest first (bounds its work).
COMBINE_SCAN = 5000
#: Most orders one combined package may hold (GUESS).
MAX_COMBINED = 10


# --- what can be split ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SplitCheck:
    order_id: str
    can_split: bool
    reason: str  # why not, when it cannot
    must_split: bool
    max_count: int  # the TOTAL_COUNT_LIMITATION when it must


def open_packages(store: Store, order: m.Order) -> list[m.Package]:
    return [p for p in packages_of(store, order) if p.status == m.PKG_TO_FULFILL]


def pending_items(store: Store, order: m.Order) -> list[str]:
    """The order's line items in its open (unshipped) packages, in order."""
    held = {li for p in open_packages(store, order) for li in p.line_item_ids}
    return [li.id for li in order.line_items if li.id in held]


def check_split(store: Store, order: m.Order) -> None:
    """Refuse (SplitNotAllowed) an order that cannot be split now."""
    if order.status == m.CANCELLED:
        raise m.SplitNotAllowed("Order has been canceled")
    if order.status == m.UNPAID:
        raise m.SplitNotAllowed("Order has not been paid")
    if order.status == m.ON_HOLD:
        raise m.SplitNotAllowed("Order is on hold")
    if order.status not in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING):
        raise m.SplitNotAllowed("Order has been shipped")
    if any(p.combined_order_ids for p in open_packages(store, order)):
        raise m.SplitNotAllowed("Order has been combined with other orders")
    if len(pending_items(store, order)) < 2:
        raise m.SplitNotAllowed("Order has only one item left to ship")


def split_check(store: Store, order: m.Order) -> SplitCheck:
    units = len(pending_items(store, order)) if order.status in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING) else 0
    must = units > MAX_UNITS_PER_PACKAGE
    try:
        check_split(store, order)
    except m.SplitNotAllowed as e:
        return SplitCheck(order.id, False, e.why, must, MAX_UNITS_PER_PACKAGE)
    return SplitCheck(order.id, True, "", must, MAX_UNITS_PER_PACKAGE)


# --- split ------------------------------------------------------------------------------------------------------------
def split(
    store: Store,
    order_id: str,
    groups: Sequence[tuple[str, Sequence[str]]],
    now: int,
    *,
    shop_id: str | None = None,
    role: str = state.ROLE_SELLER,
) -> list[tuple[str, m.Package]]:
    """Split Orders: each (group id, line item ids) becomes a package of its own; items no group names stay where
    they are (GUESS). Refused, changing nothing, unless every group names unshipped items of the order, each item once.
    """
    order = require_order(store, order_id, shop_id)
    check_split(store, order)
    pending = pending_items(store, order)
    seen: set[str] = set()
    wanted: list[tuple[str, list[str]]] = []
    for group_id, ids in groups:
        items = list(dict.fromkeys(ids))
        if not items:
            raise m.InvalidLineItems(f"group {group_id} names no line items")
        unknown = [li for li in items if order.line_item(li) is None]
        if unknown:
            raise m.InvalidLineItems(f"line items {unknown} are not in order {order.id}")
        if seen & set(items):
            raise m.InvalidLineItems(f"line items {sorted(seen & set(items))} are in two groups")
        if any(li not in pending for li in items):
            raise m.SplitNotAllowed("Some of these line items have been shipped")
        seen |= set(items)
        wanted.append((group_id, items))
    if len({g for g, _ in wanted}) != len(wanted):
        raise m.InvalidLineItems("splittable group ids must be unique")
    if len(wanted) == 1 and seen == set(pending) and len(open_packages(store, order)) == 1:
        raise m.SplitNotAllowed("A split needs at least two packages")
    before = open_packages(store, order)
    out = [(g, state.package_for(store, order, items, now, role=role, announce=False)) for g, items in wanted]
    live = [p for p in open_packages(store, order)]
    subject = next((p for p in before if p.status == m.PKG_TO_FULFILL), out[0][1])
    state.touch_package(store, subject, now, "split", **state.regrouped(state.SPLIT, role, live))
    return out


# --- combine ----------------------------------------------------------------------------------------------------------
def _combine_key(order: m.Order) -> tuple[object, ...]:
    return (
        order.shop_id,
        order.buyer.user_id,
        order.warehouse_id,
        order.shipping_type,
        order.delivery_option_id,
        order.commerce_platform,
    )


def sole_open_package(store: Store, order: m.Order) -> m.Package | None:
    """The order's one package, when it is unshipped, uncombined and holds every item; else None."""
    live = state.live_packages(store, order)
    if len(live) != 1:
        return None
    package = live[0]
    if package.status != m.PKG_TO_FULFILL or package.combined_order_ids:
        return None
    if set(package.line_item_ids) != {li.id for li in order.line_items}:
        return None
    return package


def combinable(store: Store, order: m.Order) -> bool:
    """An order that may share a package: awaiting shipment (not on hold, no cancel request), in one open package."""
    return (
        order.status == m.AWAITING_SHIPMENT
        and not order.is_buyer_request_cancel
        and sole_open_package(store, order) is not None
    )


def pre_package_id(store: Store, order_ids: Sequence[str]) -> str:
    """The id the combined package of exactly these orders will have (Search Combinable Packages announces it)."""
    key = ",".join(sorted(order_ids))
    for attempt in range(100):
        digest = hashlib.sha256(f"combine:{key}:{attempt}".encode()).digest()
        candidate = f"{PACKAGE_PREFIX}9{int.from_bytes(digest[:8], 'big') % 10**15:015d}"
        if candidate not in store.packages and store.order_book.locate_package_id(candidate, build=False) is None:
            return candidate
    raise m.NotCombinable("no package id is free for these orders")


def combinable_groups(store: Store, shop_id: str) -> list[tuple[str, list[str]]]:
    """(pre-generated package id, order ids) of every group of the shop's orders that may share a package: the same
    buyer, warehouse, shipping type, delivery option and platform; newest group first. Only the newest
    `COMBINE_SCAN` awaiting-shipment orders are looked at, and only orders with a likely partner are materialized."""
    book = store.order_book
    heads: dict[tuple[str, str, str], list[int]] = {}
    for n, k in enumerate(book.orders_index.scan(shop_id, "create", m.AWAITING_SHIPMENT, None, None, descending=True)):
        if n >= COMBINE_SCAN:
            break
        seq = seq_of(k)
        head = book.head(seq)
        heads.setdefault((head.buyer_user_id, head.warehouse_id, head.shipping_type), []).append(seq)
    groups: dict[tuple[object, ...], list[str]] = {}
    for seqs in heads.values():
        if len(seqs) < 2:
            continue
        for seq in seqs:
            order = order_at(store, seq)
            if combinable(store, order):
                groups.setdefault(_combine_key(order), []).append(order.id)
    out = []
    for ids in groups.values():
        if len(ids) >= 2:
            chosen = sorted(ids[:MAX_COMBINED])
            out.append((pre_package_id(store, chosen), chosen))
    return out


def combine(
    store: Store,
    shop_id: str,
    package_id: str,
    order_ids: Sequence[str] | None,
    now: int,
    *,
    role: str = state.ROLE_SELLER,
) -> m.Package:
    """Combine Package: the orders of a pre-generated package (`package_id` from Search Combinable Packages) into one
    package with that id; their own packages are cancelled. Refused, changing nothing, when the id is unknown
    (PackageNotFound), the orders are not exactly its orders (NotCombinable) or cannot share a package."""
    if order_ids is None:
        found = next((ids for pid, ids in combinable_groups(store, shop_id) if pid == package_id), None)
        if found is None:
            raise m.PackageNotFound(package_id)
        order_ids = found
    ids = list(dict.fromkeys(order_ids))
    if len(ids) < 2:
        raise m.NotCombinable("a combined package needs at least two orders")
    if len(ids) > MAX_COMBINED:
        raise m.NotCombinable(f"a combined package holds at most {MAX_COMBINED} orders")
    orders = [require_order(store, o, shop_id) for o in ids]
    if any(not combinable(store, o) for o in orders) or len({_combine_key(o) for o in orders}) != 1:
        raise m.NotCombinable("these orders cannot share a package")
    if pre_package_id(store, ids) != package_id:
        raise m.NotCombinable(f"orders {ids} are not the orders of package {package_id}", mismatch=True)
    orders.sort(key=lambda o: (o.create_time, o.seq))
    olds = [sole_open_package(store, o) for o in orders]
    items = [li for o in orders for li in (x.id for x in o.line_items)]
    for old in olds:
        assert old is not None
        old.line_item_ids = []
        old.cancel_time = now
        state.set_package_status(store, old, m.PKG_CANCELLED, now)
    primary, others = orders[0], orders[1:]
    package = state.new_package(
        store, primary, items, now, package_id=package_id, sc_type=state.COMBINE, role_type=role
    )
    package.combined_order_ids = [o.id for o in others]
    package.weight_grams = sum(old.weight_grams for old in olds if old is not None)
    for o in others:
        for li in o.line_items:
            li.package_id = package.id
        o.packages.append(package.id)
    state.touch_package(store, package, now, "combine", **state.regrouped(state.COMBINE, role, [package]))
    return package


def uncombine(
    store: Store,
    shop_id: str,
    package_id: str,
    order_ids: Sequence[str] | None,
    now: int,
    *,
    role: str = state.ROLE_SELLER,
) -> list[m.Package]:
    """Uncombine Packages: take `order_ids` (default: all but the package's own order) out of a combined, unshipped
    package; each gets a package of its own. The packages afterwards, the original first."""
    package = require_package(store, package_id, shop_id)
    if not package.combined_order_ids:
        raise m.NotCombinable(f"package {package_id} is not a combined package")
    if package.status != m.PKG_TO_FULFILL:
        raise m.InvalidTransition("uncombine", package.status, "package")
    removing = list(dict.fromkeys(order_ids or ()))
    strangers = [o for o in removing if o not in package.order_ids]
    if strangers:
        raise m.NotOwned("order", ",".join(strangers))
    if not removing or set(removing) == set(package.order_ids):
        removing = package.order_ids[1:]
    created = [_take_out(store, package, store.orders[o], now) for o in removing]
    out = [package, *created]
    state.touch_package(store, package, now, "uncombine", **state.regrouped(state.CANCEL_COMBINE, role, out))
    return out


def _take_out(store: Store, package: m.Package, order: m.Order, now: int) -> m.Package:
    """Move `order`'s items out of a combined package into a new package of its own."""
    mine = _detach(package, order)
    order.packages.remove(package.id)
    return state.new_package(store, order, mine, now)


def _detach(package: m.Package, order: m.Order) -> list[str]:
    """Remove `order` from a combined package; the line item ids it had there."""
    own = {li.id for li in order.line_items}
    mine = [li for li in package.line_item_ids if li in own]
    package.line_item_ids = [li for li in package.line_item_ids if li not in own]
    remaining = [o for o in package.order_ids if o != order.id]
    package.order_id, package.combined_order_ids = remaining[0], remaining[1:]
    return mine


def leave_combined(store: Store, package: m.Package, order: m.Order, now: int, role: str) -> None:
    """A cancelled order leaves the combined package it was in; the other orders keep the package."""
    _detach(package, order)
    order.packages.remove(package.id)
    for li in order.line_items:
        if li.package_id == package.id:
            li.package_id = None
    state.touch_package(store, package, now, "uncombine", **state.regrouped(state.CANCEL_COMBINE, role, [package]))
