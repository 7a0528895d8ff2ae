"""The only code that writes catalog records: each write files its index entries and emits its domain event.

Rules (listing.py, lifecycle.py, stock.py, backend.py) decide; these functions change. No HTTP here.
"""

from __future__ import annotations

from typing import Any

from mockserver import events
from mockserver.catalog.models import Price, Product, Sku, Stock
from mockserver.store import Store


def add_product(store: Store, product: Product, now: int) -> None:
    store.products[product.id] = product
    store.products_by_shop.setdefault(product.shop_id, {})[product.id] = None
    for sku in product.skus:
        store.skus[sku.id] = sku
    store.events.emit(
        events.PRODUCT_CREATED,
        now,
        product.shop_id,
        "product",
        product.id,
        statuses=dict(product.statuses),
        sku_ids=[s.id for s in product.skus],
    )


def set_statuses(
    store: Store,
    product: Product,
    status: str,
    platforms: tuple[str, ...] | None,
    now: int,
    cause: str = "",
    **data: Any,
) -> None:
    """`status` on `platforms` (None: every platform of the product), one event per platform that changes; `data`
    adds to the events (the platform's `reason` for a verdict)."""
    for platform in platforms if platforms is not None else tuple(product.statuses):
        before = product.statuses.get(platform)
        product.statuses[platform] = status
        if before != status:
            store.events.emit(
                events.PRODUCT_STATUS_CHANGED,
                now,
                product.shop_id,
                "product",
                product.id,
                platform=platform,
                before=before,
                after=status,
                cause=cause,
                **data,
            )


def changed(store: Store, product: Product, now: int, fields: list[str], **data: Any) -> None:
    """The product's content changed (`fields` names what)."""
    product.update_time = now
    if fields:
        store.events.emit(
            events.PRODUCT_CHANGED, now, product.shop_id, "product", product.id, changed_fields=fields, **data
        )


def set_stock(
    store: Store,
    product: Product,
    sku: Sku,
    warehouse_id: str,
    now: int,
    cause: str,
    *,
    available: int | None = None,
    committed: int | None = None,
) -> Stock:
    """New available and/or committed quantities of `sku` in `warehouse_id` (a stock record is created if needed)."""
    stock = sku.inventory.get(warehouse_id)
    before = (stock.available, stock.committed) if stock is not None else (0, 0)
    if stock is None:
        stock = sku.inventory[warehouse_id] = Stock()
    if available is not None:
        stock.available = available
    if committed is not None:
        stock.committed = committed
    after = (stock.available, stock.committed)
    if after != before:
        store.events.emit(
            events.INVENTORY_CHANGED,
            now,
            product.shop_id,
            "sku",
            sku.id,
            product_id=product.id,
            warehouse_id=warehouse_id,
            before={"available": before[0], "committed": before[1]},
            after={"available": after[0], "committed": after[1]},
            cause=cause,
        )
    return stock


def set_price(store: Store, product: Product, sku: Sku, price: Price, now: int) -> None:
    before = sku.price
    sku.price = price
    if (before.amount, before.sale_price, before.currency) != (price.amount, price.sale_price, price.currency):
        store.events.emit(
            events.PRICE_CHANGED,
            now,
            product.shop_id,
            "sku",
            sku.id,
            product_id=product.id,
            before={"amount": before.amount, "sale_price": before.sale_price, "currency": before.currency},
            after={"amount": price.amount, "sale_price": price.sale_price, "currency": price.currency},
        )
