"""Get Product (`/inventory/v1/fs/{fs_id}/product/info`): by ids, URLs or SKU code, or a shop's page. No HTTP here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.catalog.models import Product
from mockserver.legacy import gate
from mockserver.legacy.catalog import Item, find_by_seller_sku, parent_item, resolve, shop_products
from mockserver.legacy.render_product import money, product_url
from mockserver.models import LegacyApp, Shop
from mockserver.store import Store


def lookup(
    store: Store, app: LegacyApp, shops: list[Shop], ids: list[int], urls: list[str], code: str | None, now: int
) -> list[Item]:
    """The items named by id, URL or SKU code in `shops`; an id of an unlinked shop's product answers 403."""
    shop_ids = {s.id for s in shops}
    found: list[Item] = []
    for legacy_id in ids:
        item = resolve(store, legacy_id, now)
        if item is not None:
            gate.require_linked(app, store.shops[item.product.shop_id])
            if item.product.shop_id in shop_ids:
                found.append(item)
    for url in urls:
        clean = url.split("?")[0].rstrip("/").replace("://m.", "://www.")
        for s in shops:
            match = next((i for i in items_of_shop(store, s, now) if product_url(s, i) == clean), None)
            if match is not None:
                found.append(match)
                break
    if code:
        item = find_by_seller_sku(store, shops, code, now)
        if item is not None:
            found.append(item)
    return list({i.legacy_id: i for i in found}.values())


def items_of_shop(store: Store, shop: Shop, now: int) -> list[Item]:
    return [parent_item(store, p) for p in shop_products(store, shop, now)]


def _price(p: Product) -> int:
    return min((money(s.price.amount) for s in p.skus), default=0)


def _stock(p: Product) -> int:
    return sum(s.total_available for s in p.skus)


#: `sort` (documented 1..10): key and descending. Sold counts are not modelled, so 3/4 fall back to creation.
SORTS: dict[int, tuple[Callable[[Product], Any], bool]] = {
    1: (lambda p: p.create_time, True),
    2: (lambda p: p.update_time, True),
    3: (lambda p: p.create_time, True),
    4: (lambda p: p.create_time, False),
    5: (_price, True),
    6: (_price, False),
    7: (lambda p: p.title.lower(), False),
    8: (lambda p: p.title.lower(), True),
    9: (_stock, False),
    10: (_stock, True),
}


def shop_page(store: Store, shop: Shop, page: int, per_page: int, sort: int, now: int) -> list[Item]:
    key, reverse = SORTS[sort]
    products = sorted(shop_products(store, shop, now), key=key, reverse=reverse)
    return [parent_item(store, p) for p in products[(page - 1) * per_page : page * per_page]]
