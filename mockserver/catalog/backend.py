"""Catalog behaviour over the store that other areas call: lookups and stock moves. No HTTP here.

Stable API for orders and fulfillment:

- `get_sku(store, sku_id)`, `require_sku(...)`, `product_of_sku(...)`, `get_product(...)`,
  `find_sku_by_seller_sku(store, shop_id, seller_sku)`, `warehouses_of(store, shop_id)`,
  `default_warehouse(store, shop_id)`;
- `commit_inventory(store, sku_id, warehouse_id, qty)`: an order holds `qty` units (available -> committed);
- `release_inventory(...)`: a cancelled order gives them back (committed -> available);
- `ship_inventory(...)`: a shipped order takes them out of the warehouse (committed -> gone).

Each takes the store's lock itself (it is re-entrant, so callers already holding it are fine) and raises an
`InventoryError` subclass, changing nothing, when it cannot do the whole move.
"""

from __future__ import annotations

import random
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from mockserver.catalog import skus as sku_rules
from mockserver.catalog.models import ACTIVATE, ENABLED, PENDING, Price, Product, Sku, Stock, Warehouse
from mockserver.models import Shop
from mockserver.partner.catalog.errors import business, extra, item
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


@dataclass(frozen=True)
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


def settle(product: Product, now: int) -> Product:
    """Finish a review whose time has come: PENDING platforms go live. Called on every read (lazy clock)."""
    due = product.review_due
    if due is not None and due <= now:
        for platform, status in product.statuses.items():
            if status == PENDING:
                product.statuses[platform] = ACTIVATE
        product.review_due = None
        product.update_time = max(product.update_time, due)
    return product


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
def _stock(store: Store, sku_id: str, warehouse_id: str, qty: int) -> Stock:
    if qty <= 0:
        raise ValueError(f"quantity must be positive, got {qty}")
    stock = require_sku(store, sku_id).inventory.get(warehouse_id)
    if stock is None:
        raise WarehouseNotStocked(sku_id, warehouse_id)
    return stock


def commit_inventory(store: Store, sku_id: str, warehouse_id: str, qty: int) -> Stock:
    """Hold `qty` units for an order: available -> committed. Raises `InsufficientStock` when short."""
    with store.lock:
        stock = _stock(store, sku_id, warehouse_id, qty)
        if stock.available < qty:
            raise InsufficientStock(sku_id, warehouse_id, qty, stock.available)
        stock.available -= qty
        stock.committed += qty
        return stock


def release_inventory(store: Store, sku_id: str, warehouse_id: str, qty: int) -> Stock:
    """Give back `qty` committed units (order cancelled): committed -> available."""
    with store.lock:
        stock = _stock(store, sku_id, warehouse_id, qty)
        if stock.committed < qty:
            raise InsufficientStock(sku_id, warehouse_id, qty, stock.committed, "committed")
        stock.committed -= qty
        stock.available += qty
        return stock


def ship_inventory(store: Store, sku_id: str, warehouse_id: str, qty: int) -> Stock:
    """`qty` committed units leave the warehouse (order shipped): committed -> gone."""
    with store.lock:
        stock = _stock(store, sku_id, warehouse_id, qty)
        if stock.committed < qty:
            raise InsufficientStock(sku_id, warehouse_id, qty, stock.committed, "committed")
        stock.committed -= qty
        return stock


# --- ids -------------------------------------------------------------------------------------------------------------
def new_id(rng: random.Random, taken: Container[str] = (), prefix: str = "17") -> str:
    """A 19-digit id like the platform's ("1729592969712207008" products and SKUs, "70..." warehouses)."""
    while True:
        candidate = f"{prefix}{rng.randrange(10**17):017d}"
        if candidate not in taken:
            return candidate


# --- the Partner API's inventory and price writes ------------------------------------------------------------------
def find(scope: Scope, product_id: str, missing: int = 12052032) -> Product:
    """The caller's product, settled; `missing` when unknown, 12052048 when another shop's or seller's."""
    product = scope.store.products.get(product_id)
    if product is None:
        raise business(missing)
    if not scope.owns(product):
        raise business(12052048)
    return settle(product, scope.now)


def _writable(scope: Scope, product_id: str, skus: list[dict[str, Any]]) -> Product:
    """Update Inventory / Update Price apply to ACTIVATE products only (official); SKU ids once each."""
    product = find(scope, product_id)
    if product.status != ACTIVATE:
        raise business(12052901, "Only products in the ACTIVATE status can be updated.")
    if not skus:
        raise business(12052902)
    if len(skus) > sku_rules.MAX_SKUS:
        raise business(12052050)
    ids = [s["id"] for s in skus]
    if len(set(ids)) != len(ids):
        raise business(12052553)
    return product


def update_inventory(scope: Scope, product_id: str, skus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Set available quantities. Each SKU succeeds or fails on its own; failures go to `data.errors`."""
    product = _writable(scope, product_id, skus)
    errors: list[dict[str, Any]] = []
    for entry in skus:
        sku = product.sku(entry["id"])
        if sku is None:
            errors.append(item(12052556, "sku_id", entry["id"]))
            continue
        quantities, problems = _quantities(scope, sku, entry["inventory"])
        if problems:
            errors.append(item(12052990, "sku_id", sku.id, problems))
            continue
        if set(quantities) != set(sku.inventory):
            errors.append(item(12019028, "sku_id", sku.id))
            continue
        for wid, qty in quantities.items():
            sku.inventory[wid].available = qty
        product.update_time = scope.now
    return errors


def _quantities(scope: Scope, sku: Sku, raw: list[dict[str, Any]]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    quantities: dict[str, int] = {}
    problems: list[dict[str, Any]] = []
    for entry in raw:
        wid = entry.get("warehouse_id") or ""
        if not wid:
            if len(sku.inventory) != 1:
                problems.append(extra(12019028, warehouse_id=""))
                continue
            wid = next(iter(sku.inventory))
        code = _warehouse_problem(scope, sku, wid)
        if code is None and not sku_rules.QUANTITY[0] <= entry["quantity"] <= sku_rules.QUANTITY[1]:
            code = 12052055
        if code is not None:
            problems.append(extra(code, warehouse_id=wid))
            continue
        quantities[wid] = entry["quantity"]
    return quantities, problems


def _warehouse_problem(scope: Scope, sku: Sku, warehouse_id: str) -> int | None:
    warehouse = scope.store.warehouses.get(warehouse_id)
    product = scope.store.products[sku.product_id]
    if warehouse is None:
        return 12052097
    if warehouse.shop_id != product.shop_id:
        return 12052530
    if warehouse.effect_status != ENABLED:
        return 12052531
    return None if warehouse_id in sku.inventory else 12052533


def update_prices(scope: Scope, product_id: str, skus: list[dict[str, Any]]) -> None:
    """All SKUs' prices or none: the first problem answers its documented code."""
    product = _writable(scope, product_id, skus)
    shop = scope.store.shops[product.shop_id]
    currency = sku_rules.CURRENCY.get(shop.region, "IDR")
    prices: list[tuple[Sku, Price]] = []
    for entry in skus:
        sku = product.sku(entry["id"])
        if sku is None:
            raise business(12052557, f"SKU id '{entry['id']}'.")
        raw = entry["price"]
        if raw["currency"] != currency:
            raise business(12052084, f"Use {currency}.")
        amount = sku_rules.parse_amount(raw.get("amount"), currency, 12052012)
        sale = raw.get("sale_price")
        sale_price = sku_rules.parse_amount(sale, currency, 12052572) if sale else None
        prices.append((sku, Price(amount, currency, sale_price)))
    for sku, price in prices:
        sku.price = price
    product.update_time = scope.now
