"""The shared catalog seen as legacy "products". No HTTP here.

Tokopedia modelled each variant as a product of its own under a parent; the shared catalog has one Partner
product with SKUs. So a legacy product is an `Item`: a single-SKU Partner product (legacy id from the product
id), or the parent of a multi-SKU product (legacy id from the product id, `variant.childrenID` = its SKUs), or one
SKU of a multi-SKU product (legacy id from the SKU id). Only products listed on the TOKOPEDIA platform exist in
the legacy API, and their `basic.status` is their TOKOPEDIA status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mockserver.catalog import models as cm
from mockserver.catalog.backend import default_warehouse, settle
from mockserver.catalog.models import DELETED, TOKOPEDIA, Product, Sku
from mockserver.legacy import ids
from mockserver.legacy.state import state_of
from mockserver.models import Shop
from mockserver.store import Store

# basic.status (confirmed codes): -2 Banned, -1 Pending, 0 Deleted, 1 Active, 3 Inactive (Warehouse).
BANNED, PENDING_CODE, DELETED_CODE, ACTIVE_CODE, WAREHOUSE_CODE = -2, -1, 0, 1, 3
#: Partner status (TOKOPEDIA platform) -> legacy basic.status. DRAFT and FAILED have no legacy twin (GUESS).
STATUS_CODES = {
    cm.ACTIVATE: ACTIVE_CODE,
    cm.SELLER_DEACTIVATED: WAREHOUSE_CODE,
    cm.DELETED: DELETED_CODE,
    cm.PENDING: PENDING_CODE,
    cm.DRAFT: PENDING_CODE,
    cm.FAILED: BANNED,
    cm.PLATFORM_DEACTIVATED: BANNED,
    cm.FREEZE: BANNED,
}


@dataclass(frozen=True)
class Item:
    product: Product
    sku: Sku | None  # None: the parent of a multi-SKU product
    legacy_id: int

    @property
    def skus(self) -> list[Sku]:
        return [self.sku] if self.sku is not None else list(self.product.skus)

    @property
    def is_parent(self) -> bool:
        return self.sku is None and len(self.product.skus) > 1

    @property
    def is_child(self) -> bool:
        return self.sku is not None and len(self.product.skus) > 1

    @property
    def status(self) -> str:
        return self.product.statuses.get(TOKOPEDIA, DELETED)

    @property
    def status_code(self) -> int:
        return STATUS_CODES.get(self.status, PENDING_CODE)

    @property
    def only_sku(self) -> Sku | None:
        """The one SKU stock and price writes go to; None for a parent of variants (write the children)."""
        skus = self.skus
        return skus[0] if len(skus) == 1 else None


def on_tokopedia(product: Product) -> bool:
    return TOKOPEDIA in product.statuses


def product_legacy_id(store: Store, product: Product) -> int:
    return ids.to_legacy(state_of(store).ids, ids.PRODUCT, product.id)


def sku_legacy_id(store: Store, sku: Sku) -> int:
    """A SKU's legacy product id: its own for variants, its product's for a single-SKU product."""
    product = store.products[sku.product_id]
    if len(product.skus) > 1:
        return ids.to_legacy(state_of(store).ids, ids.SKU, sku.id)
    return product_legacy_id(store, product)


def parent_item(store: Store, product: Product) -> Item:
    only = product.skus[0] if len(product.skus) == 1 else None
    return Item(product, only, product_legacy_id(store, product))


def children(store: Store, product: Product) -> list[Item]:
    if len(product.skus) <= 1:
        return []
    return [Item(product, s, ids.to_legacy(state_of(store).ids, ids.SKU, s.id)) for s in product.skus]


def resolve(store: Store, legacy_id: int, now: int) -> Item | None:
    """The legacy product with that id, if it exists on Tokopedia (any status, deleted included)."""
    pid = ids.to_partner(state_of(store).ids, ids.PRODUCT, legacy_id, store.products)
    if pid is not None:
        product = settle(store, store.products[pid], now)
        return parent_item(store, product) if on_tokopedia(product) else None
    sku_id = ids.to_partner(state_of(store).ids, ids.SKU, legacy_id, store.skus)
    sku = store.skus.get(sku_id or "")
    if sku is None:
        return None
    owner = store.products.get(sku.product_id)
    if owner is None or len(owner.skus) <= 1 or not on_tokopedia(owner) or sku not in owner.skus:
        return None
    return Item(settle(store, owner, now), sku, legacy_id)


def shop_products(store: Store, shop: Shop, now: int, include_deleted: bool = False) -> list[Product]:
    out = []
    for pid in store.products_by_shop.get(shop.id, {}):
        product = settle(store, store.products[pid], now)
        if on_tokopedia(product) and (include_deleted or product.statuses[TOKOPEDIA] != DELETED):
            out.append(product)
    return out


def find_by_seller_sku(store: Store, shops: Iterable[Shop], seller_sku: str, now: int) -> Item | None:
    """The live item with that SKU code in the given shops (first match in shop and catalog order)."""
    for shop in shops:
        for product in shop_products(store, shop, now):
            for sku in product.skus:
                if sku.seller_sku == seller_sku:
                    if len(product.skus) == 1:
                        return parent_item(store, product)
                    return Item(product, sku, ids.to_legacy(state_of(store).ids, ids.SKU, sku.id))
    return None


def stock_warehouse(store: Store, sku: Sku, shop_id: str, warehouse_id: str | None) -> str | None:
    """The warehouse a stock write goes to: the one named, else the SKU's first, else the shop's default."""
    if warehouse_id is not None:
        return warehouse_id if warehouse_id in store.warehouses else None
    if sku.inventory:
        return next(iter(sku.inventory))
    default = default_warehouse(store, shop_id)
    return default.id if default is not None else None


def warehouse_partner_id(store: Store, legacy_id: int) -> str | None:
    return ids.to_partner(state_of(store).ids, ids.WAREHOUSE, legacy_id, store.warehouses)


def warehouse_legacy_id(store: Store, warehouse_id: str) -> int:
    return ids.to_legacy(state_of(store).ids, ids.WAREHOUSE, warehouse_id)
