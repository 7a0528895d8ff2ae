"""Sellers' stock and price writes, for both APIs: the rules, then the writes through state.py. No HTTP here.

- `update_inventory`: the Partner API's batch (per SKU, several warehouses; failures reported per SKU with their
  per-warehouse causes, the rest applied);
- `set_quantity` / `adjust_quantity`: one SKU in one warehouse, overwritten or moved by a delta (the legacy API's
  stock update and increment/decrement);
- `check_prices` + `apply_prices`, and `set_price`: new SKU prices; `check_price_lock`: a SKU on an ongoing
  promotion deal keeps its price (both APIs: the promotion's price is the one buyers pay).

The rules are the same for both; where the APIs differ (quantity range, whether the product must be live, whether
every warehouse must be named, whether a new warehouse may be stocked) the `CatalogPolicy` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockserver.catalog import skus as sku_rules
from mockserver.catalog import state
from mockserver.catalog.backend import Scope, find
from mockserver.catalog.errors import CatalogError, Failure, Reason
from mockserver.catalog.models import ACTIVATE, DELETED, ENABLED, Price, Product, Sku
from mockserver.catalog.policy import CatalogPolicy


def writable(product: Product, policy: CatalogPolicy) -> None:
    """Stock and price writes: only for live products when the policy says so (Partner: ACTIVATE, official)."""
    status = product.statuses.get(policy.platform, product.status) if policy.platform else product.status
    if policy.writes_need_active and status != ACTIVATE:
        raise CatalogError(
            Reason.STATUS_NOT_ALLOWED, "Only products in the ACTIVATE status can be updated.", status=status
        )
    if status == DELETED:
        raise CatalogError(Reason.STATUS_NOT_ALLOWED, status=status)


def _warehouse_problem(
    scope: Scope, product: Product, sku: Sku, warehouse_id: str, policy: CatalogPolicy
) -> Reason | None:
    warehouse = scope.store.warehouses.get(warehouse_id)
    if warehouse is None:
        return Reason.WAREHOUSE_NOT_FOUND
    if warehouse.shop_id != product.shop_id:
        return Reason.WAREHOUSE_NOT_SHOPS
    if warehouse.effect_status != ENABLED:
        return Reason.WAREHOUSE_DISABLED
    if warehouse_id in sku.inventory or (policy.stock_update_may_add_warehouse and warehouse.can_hold_stock):
        return None
    return Reason.WAREHOUSE_NOT_STOCKED


def _target(scope: Scope, product_id: str, entries: Sequence[dict[str, Any]], policy: CatalogPolicy) -> Product:
    """The product a per-SKU batch writes to, and the batch's own limits (non-empty, at most 100, ids once)."""
    product = find(scope, product_id)
    writable(product, policy)
    if not entries:
        raise CatalogError(Reason.SKU_LIST_EMPTY)
    if len(entries) > sku_rules.MAX_SKUS:
        raise CatalogError(Reason.TOO_MANY_SKUS, max=sku_rules.MAX_SKUS)
    ids = [s["id"] for s in entries]
    if len(set(ids)) != len(ids):
        raise CatalogError(Reason.DUPLICATE_SKU_ID)
    return product


# --- the Partner API's batch -----------------------------------------------------------------------------------------
def update_inventory(
    scope: Scope, product_id: str, entries: Sequence[dict[str, Any]], policy: CatalogPolicy
) -> list[Failure]:
    """Set available quantities per SKU (`[{"id", "inventory": [{"warehouse_id", "quantity"}]}]`). Each SKU succeeds
    or fails on its own; the failures come back, the rest is applied."""
    product = _target(scope, product_id, entries, policy)
    failures: list[Failure] = []
    for entry in entries:
        sku = product.sku(entry["id"])
        if sku is None:
            failures.append(Failure("sku_id", entry["id"], Reason.SKU_NOT_IN_PRODUCT))
            continue
        quantities, causes = _quantities(scope, product, sku, entry["inventory"], policy)
        if causes:
            failures.append(Failure("sku_id", sku.id, Reason.CHECK_FAILED, causes))
            continue
        if policy.stock_update_names_all_warehouses and set(quantities) != set(sku.inventory):
            failures.append(Failure("sku_id", sku.id, Reason.WAREHOUSES_INCOMPLETE))
            continue
        for wid, qty in quantities.items():
            state.set_stock(scope.store, product, sku, wid, scope.now, "seller_update", available=qty)
        product.update_time = scope.now
    return failures


def _quantities(
    scope: Scope, product: Product, sku: Sku, raw: Sequence[dict[str, Any]], policy: CatalogPolicy
) -> tuple[dict[str, int], list[Failure]]:
    quantities: dict[str, int] = {}
    causes: list[Failure] = []
    for entry in raw:
        wid = entry.get("warehouse_id") or ""
        if not wid:
            if len(sku.inventory) != 1:
                causes.append(Failure("warehouse_id", "", Reason.WAREHOUSES_INCOMPLETE))
                continue
            wid = next(iter(sku.inventory))
        why = _warehouse_problem(scope, product, sku, wid, policy)
        lo, hi = policy.quantity_range
        if why is None and not lo <= entry["quantity"] <= hi:
            why = Reason.QUANTITY_OUT_OF_RANGE
        if why is not None:
            causes.append(Failure("warehouse_id", wid, why))
            continue
        quantities[wid] = entry["quantity"]
    return quantities, causes


# --- one SKU in one warehouse ----------------------------------------------------------------------------------------
def set_quantity(
    scope: Scope, product: Product, sku: Sku, warehouse_id: str, quantity: int, policy: CatalogPolicy
) -> None:
    writable(product, policy)
    sku_rules.check_quantity(quantity, policy)
    why = _warehouse_problem(scope, product, sku, warehouse_id, policy)
    if why is not None:
        raise CatalogError(why, warehouse_id=warehouse_id)
    state.set_stock(scope.store, product, sku, warehouse_id, scope.now, "seller_update", available=quantity)
    product.update_time = scope.now


def adjust_quantity(
    scope: Scope, product: Product, sku: Sku, warehouse_id: str, delta: int, policy: CatalogPolicy
) -> int:
    """Add `delta` (negative: take away) to the available stock; the new quantity."""
    writable(product, policy)
    why = _warehouse_problem(scope, product, sku, warehouse_id, policy)
    if why is not None:
        raise CatalogError(why, warehouse_id=warehouse_id)
    stock = sku.inventory.get(warehouse_id)
    available = stock.available if stock is not None else 0
    if available + delta < 0:
        raise CatalogError(Reason.STOCK_BELOW_ZERO, available=available, delta=delta)
    lo, hi = policy.quantity_range
    if available + delta > hi:
        raise CatalogError(Reason.QUANTITY_OUT_OF_RANGE, min=lo, max=hi, delta=delta)
    cause = "seller_increment" if delta > 0 else "seller_decrement"
    state.set_stock(scope.store, product, sku, warehouse_id, scope.now, cause, available=available + delta)
    product.update_time = scope.now
    return available + delta


# --- prices ----------------------------------------------------------------------------------------------------------
def check_price_lock(scope: Scope, product: Product, sku: Sku, new: Price) -> None:
    """Refuse a new price for a SKU while an ongoing promotion deal covers it (Partner 12052038, official)."""
    if (new.amount, new.sale_price) == (sku.price.amount, sku.price.sale_price):
        return
    found = scope.store.promotions.deal_for(product.id, sku.id, scope.now)
    if found is not None:
        detail = f"SKU {sku.id} is in the ongoing promotion {found[0].id}."
        raise CatalogError(Reason.PRICE_LOCKED, detail, sku_id=sku.id, activity_id=found[0].id)


def check_prices(
    scope: Scope, product_id: str, entries: Sequence[dict[str, Any]], policy: CatalogPolicy
) -> tuple[Product, list[tuple[Sku, Price]]]:
    """The Partner API's Update Price: every SKU's new price checked, the first problem refused."""
    product = _target(scope, product_id, entries, policy)
    currency = sku_rules.CURRENCY.get(scope.store.shops[product.shop_id].region, "IDR")
    prices: list[tuple[Sku, Price]] = []
    for entry in entries:
        sku = product.sku(entry["id"])
        if sku is None:
            raise CatalogError(Reason.SKU_NOT_IN_PRODUCT, f"SKU id '{entry['id']}'.", sku_id=entry["id"])
        price = sku_rules.parse_price(entry["price"], currency, policy)
        check_price_lock(scope, product, sku, price)
        prices.append((sku, price))
    return product, prices


def apply_prices(scope: Scope, product: Product, prices: Sequence[tuple[Sku, Price]]) -> None:
    for sku, price in prices:
        state.set_price(scope.store, product, sku, price, scope.now)
    product.update_time = scope.now


def set_price(scope: Scope, product: Product, sku: Sku, amount: str, policy: CatalogPolicy) -> None:
    """One SKU's price amount (the sale price, if any, is kept)."""
    writable(product, policy)
    value = sku_rules.parse_amount(amount, sku.price.currency, policy)
    price = Price(value, sku.price.currency, sku.price.sale_price)
    check_price_lock(scope, product, sku, price)
    state.set_price(scope.store, product, sku, price, scope.now)
    product.update_time = scope.now
