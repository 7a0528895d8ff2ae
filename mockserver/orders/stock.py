"""Stock moves of an order in the catalog: paying commits it, collection ships it, cancelling releases it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from mockserver.catalog import backend as catalog
from mockserver.catalog.models import Stock
from mockserver.orders import models as m
from mockserver.orders.lookup import packages_of
from mockserver.store import Store

log = logging.getLogger("tokopedia_mock.orders")


def units(order: m.Order, line_item_ids: Iterable[str]) -> dict[str, int]:
    wanted = set(line_item_ids)
    out: dict[str, int] = {}
    for li in order.line_items:
        if li.id in wanted:
            out[li.sku_id] = out.get(li.sku_id, 0) + 1
    return out


def commit_stock(store: Store, order: m.Order, now: int) -> None:
    """Hold the order's units in its warehouse (available -> committed), all or nothing: every SKU is checked
    before any stock moves, so a refused payment leaves no trace."""
    wanted = order.quantities
    for sku_id, qty in wanted.items():
        sku = catalog.get_sku(store, sku_id)
        stock = sku.inventory.get(order.warehouse_id) if sku is not None else None
        available = stock.available if stock is not None else 0
        if stock is None or available < qty:
            raise m.OutOfStock(sku_id, qty, available)
    for sku_id, qty in wanted.items():
        catalog.commit_inventory(store, sku_id, order.warehouse_id, qty, now)
    order.stock_committed = True


def release_stock(store: Store, order: m.Order, now: int) -> None:
    """Give back the stock of every uncollected unit."""
    if not order.stock_committed:
        return
    held = [p for p in packages_of(store, order) if p.status in (m.PKG_TO_FULFILL, m.PKG_PROCESSING)]
    held_units = units(order, [li for p in held for li in p.line_item_ids]) if order.packages else order.quantities
    _move(catalog.release_inventory, store, order, held_units, now)
    order.stock_committed = False


def ship_stock(store: Store, order: m.Order, package: m.Package, now: int) -> None:
    if not order.stock_committed:
        return
    _move(catalog.ship_inventory, store, order, units(order, package.line_item_ids), now)
    if all(p.status not in (m.PKG_TO_FULFILL, m.PKG_PROCESSING) or p is package for p in packages_of(store, order)):
        order.stock_committed = False


StockMove = Callable[[Store, str, str, int, int], Stock]


def _move(move: StockMove, store: Store, order: m.Order, per_sku: dict[str, int], now: int) -> None:
    for sku_id, qty in per_sku.items():
        try:
            move(store, sku_id, order.warehouse_id, qty, now)
        except catalog.InventoryError as e:  # the seller edited the stock under the order: bookkeeping only
            log.warning("order %s: stock of %s not moved: %s", order.id, sku_id, e)
