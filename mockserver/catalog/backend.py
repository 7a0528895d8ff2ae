"""Catalog behaviour over the store that other areas call: lookups and stock moves. No HTTP here.

Stable API for orders and fulfillment:

- `get_sku(store, sku_id)`, `require_sku(...)`, `product_of_sku(...)`, `get_product(...)`,
  `find_sku_by_seller_sku(store, shop_id, seller_sku)`, `warehouses_of(store, shop_id)`,
  `default_warehouse(store, shop_id)`;
- `commit_inventory(store, sku_id, warehouse_id, qty, now)`: an order holds `qty` units (available -> committed);
- `release_inventory(...)`: a cancelled order gives them back (committed -> available);
- `ship_inventory(...)`: a shipped order takes them out of the warehouse (committed -> gone).

Each takes the store's lock itself (it is re-entrant, so callers already holding it are fine) and raises an
`InventoryError` subclass, changing nothing, when it cannot do the whole move.
"""

from __future__ import annotations

import random
from collections.abc import Container
from dataclasses import dataclass

from mockserver import lazyshops, timers
from mockserver.catalog import state
from mockserver.catalog.errors import CatalogError, Reason
from mockserver.catalog.models import ACTIVATE, PENDING, Product, Sku, Stock, Warehouse
from mockserver.models import Shop
from mockserver.store import Store


class InventoryError(Exception):
    """A stock move that cannot be made; nothing was changed."""


class SkuNotFound(InventoryError):
    def __init__(self, sku_id: str) -> None:
        super().__init__(f"SKU {sku_id} does not exist")
        self.sku_id = sku_id


class WarehouseNotStocked(InventoryError):
    """The SKU has no stock record in that warehouse (the warehouse is unknown or not one of the SKU's)."""

    def __init__(self, sku_id: str, warehouse_id: str) -> None:
        super().__init__(f"SKU {sku_id} has no inventory in warehouse {warehouse_id}")
        self.sku_id = sku_id
        self.warehouse_id = warehouse_id


class InsufficientStock(InventoryError):
    def __init__(self, sku_id: str, warehouse_id: str, requested: int, available: int, what: str = "available") -> None:
        super().__init__(f"SKU {sku_id} in warehouse {warehouse_id}: {requested} requested, only {available} {what}")
        self.sku_id = sku_id
        self.warehouse_id = warehouse_id
        self.requested = requested
        self.available = available


@dataclass(slots=True)  # read-only by convention (made per request: a frozen dataclass costs ~0.7 µs more)
class Scope:
    """Who is asking and when: what every catalog operation of the Partner API runs against."""

    store: Store
    #: The shop named by `shop_cipher`; None when the operation was called without one (Update Inventory).
    shop: Shop | None
    seller_id: str
    now: int
    rng: random.Random
    #: Settings.catalog_review_seconds: 0 makes listings go live at once.
    review_seconds: int = 0
    #: Without a shop_cipher, the shops the token may act on (the seller's shops authorized for the app).
    authorized_shops: frozenset[str] = frozenset()

    def owns(self, product: Product) -> bool:
        if self.shop is not None:
            return product.shop_id == self.shop.id
        return product.shop_id in self.authorized_shops


def settle(store: Store, product: Product, now: int) -> Product:
    """Finish a review whose time has come: PENDING platforms go live (at the review's due time). The world's timer
    runs it when the time comes (mockserver/world.py); reads call it too, so nothing ever shows a stale review."""
    due = product.review_due
    if due is not None and due <= now:
        pending = tuple(p for p, s in product.statuses.items() if s == PENDING)
        state.set_statuses(store, product, ACTIVATE, pending, due, cause="review_passed")
        product.review_due = None
        product.update_time = max(product.update_time, due)
    return product


REVIEW_TIMER = "product.review"


def schedule_review(store: Store, product: Product, due: int) -> None:
    """The listing (or its latest edit) passes review at `due`."""
    product.review_due = due
    timers.schedule(store, due, REVIEW_TIMER, product.id)


# --- lookups ---------------------------------------------------------------------------------------------------------
def get_product(store: Store, product_id: str) -> Product | None:
    return store.products.get(product_id)


def get_sku(store: Store, sku_id: str) -> Sku | None:
    return store.skus.get(sku_id)


def require_sku(store: Store, sku_id: str) -> Sku:
    sku = store.skus.get(sku_id)
    if sku is None:
        raise SkuNotFound(sku_id)
    return sku


def product_of_sku(store: Store, sku_id: str) -> Product | None:
    sku = store.skus.get(sku_id)
    return store.products.get(sku.product_id) if sku is not None else None


def find_sku_by_seller_sku(store: Store, shop_id: str, seller_sku: str) -> Sku | None:
    """The first live (not deleted) SKU of the shop with that seller SKU."""
    with store.lock:
        for product_id in store.products_by_shop.get(shop_id, {}):
            product = store.products[product_id]
            if product.status == "DELETED":
                continue
            for sku in product.skus:
                if sku.seller_sku == seller_sku:
                    return sku
    return None


def warehouses_of(store: Store, shop_id: str) -> list[Warehouse]:
    return [store.warehouses[w] for w in store.warehouses_by_shop.get(shop_id, ())]


def default_warehouse(store: Store, shop_id: str) -> Warehouse | None:
    """The shop's default sales warehouse."""
    sales = [w for w in warehouses_of(store, shop_id) if w.type == "SALES_WAREHOUSE"]
    return next((w for w in sales if w.is_default), sales[0] if sales else None)


# --- stock moves -----------------------------------------------------------------------------------------------------
def _stock(store: Store, sku_id: str, warehouse_id: str, qty: int) -> tuple[Product, Sku, Stock]:
    if qty <= 0:
        raise ValueError(f"quantity must be positive, got {qty}")
    sku = require_sku(store, sku_id)
    stock = sku.inventory.get(warehouse_id)
    if stock is None:
        raise WarehouseNotStocked(sku_id, warehouse_id)
    return store.products[sku.product_id], sku, stock


def commit_inventory(store: Store, sku_id: str, warehouse_id: str, qty: int, now: int) -> Stock:
    """Hold `qty` units for an order: available -> committed. Raises `InsufficientStock` when short."""
    with store.lock:
        product, sku, stock = _stock(store, sku_id, warehouse_id, qty)
        if stock.available < qty:
            raise InsufficientStock(sku_id, warehouse_id, qty, stock.available)
        return state.set_stock(
            store,
            product,
            sku,
            warehouse_id,
            now,
            "order_paid",
            available=stock.available - qty,
            committed=stock.committed + qty,
        )


def release_inventory(store: Store, sku_id: str, warehouse_id: str, qty: int, now: int) -> Stock:
    """Give back `qty` committed units (order cancelled): committed -> available."""
    with store.lock:
        product, sku, stock = _stock(store, sku_id, warehouse_id, qty)
        if stock.committed < qty:
            raise InsufficientStock(sku_id, warehouse_id, qty, stock.committed, "committed")
        return state.set_stock(
            store,
            product,
            sku,
            warehouse_id,
            now,
            "order_cancelled",
            available=stock.available + qty,
            committed=stock.committed - qty,
        )


def ship_inventory(store: Store, sku_id: str, warehouse_id: str, qty: int, now: int) -> Stock:
    """`qty` committed units leave the warehouse (order shipped): committed -> gone."""
    with store.lock:
        product, sku, stock = _stock(store, sku_id, warehouse_id, qty)
        if stock.committed < qty:
            raise InsufficientStock(sku_id, warehouse_id, qty, stock.committed, "committed")
        return state.set_stock(
            store, product, sku, warehouse_id, now, "order_collected", committed=stock.committed - qty
        )


# --- ids -------------------------------------------------------------------------------------------------------------
def new_id(rng: random.Random, taken: Container[str] = (), prefix: str = "17") -> str:
    """A 19-digit id like the platform's ("1729592969712207008" products and SKUs, "70..." warehouses)."""
    while True:
        candidate = f"{prefix}{rng.randrange(10**17):017d}"
        if not lazyshops.taken(taken, candidate):
            return candidate


# --- the caller's products --------------------------------------------------------------------------------------------
def find(scope: Scope, product_id: str) -> Product:
    """The caller's product, settled; PRODUCT_NOT_FOUND when unknown, NOT_YOUR_PRODUCT when another shop's."""
    product = scope.store.products.get(product_id)
    if product is None:
        raise CatalogError(Reason.PRODUCT_NOT_FOUND, product_id=product_id)
    if not scope.owns(product):
        raise CatalogError(Reason.NOT_YOUR_PRODUCT, product_id=product_id)
    return settle(scope.store, product, scope.now)
