"""What a new order is made of: the SKUs (snapshotted), the platform, the warehouse, the delivery option, an id."""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence
from dataclasses import dataclass

from mockserver.catalog import backend as catalog
from mockserver.catalog.models import ACTIVATE, Product, Sku
from mockserver.logistics.models import DeliveryOption
from mockserver.orders import models as m
from mockserver.orders.book import ORDER_PREFIX, SkuSnapshot
from mockserver.orders.lookup import get_order
from mockserver.store import Store

MAX_UNITS = 100


@dataclass(frozen=True)
class Kind:
    """What makes a placed order special (orders/kinds.py): a free sample, a replacement for an earlier order, a
    pre-order released at `release_date`, gift line items ((sku_id, quantity) pairs), the buyer of an earlier order
    (to have orders that can be combined)."""

    sample: bool = False
    replaced_order_id: str = ""
    release_date: int | None = None
    gifts: Sequence[tuple[str, int]] = ()
    buyer_of: str | None = None


def snapshot(store: Store, sku: Sku) -> SkuSnapshot:
    product = store.products[sku.product_id]
    image = next((a.sku_img["uri"] for a in sku.sales_attributes if a.sku_img), None)
    if image is None:
        image = product.main_images[0].uri if product.main_images else ""
    name = ", ".join(a.value_name for a in sku.sales_attributes) or "Default"
    return SkuSnapshot(sku.id, product.id, product.title, name, sku.seller_sku, image, int(sku.price.amount))


def sellable_skus(store: Store, shop_id: str) -> list[Sku]:
    """SKUs of the shop's live products, in catalog order."""
    out: list[Sku] = []
    for product_id in store.products_by_shop.get(shop_id, {}):
        product = store.products[product_id]
        if product.status == ACTIVATE:
            out.extend(s for s in product.skus if s.price.amount.isdigit())
    return out


def choose_items(
    store: Store, rng: random.Random, shop_id: str, items: Sequence[tuple[str, int]] | None
) -> list[tuple[Sku, int]]:
    if items is None:  # 1-2 SKUs in stock in one warehouse (the default one first), one unit each
        skus = sellable_skus(store, shop_id)
        for w in sorted(catalog.warehouses_of(store, shop_id), key=lambda w: not w.is_default):
            stocked = [s for s in skus if w.can_hold_stock and w.id in s.inventory and s.inventory[w.id].available > 0]
            if stocked:
                picks = rng.sample(stocked, min(len(stocked), 1 if rng.random() < 0.7 else 2))
                return [(s, 1) for s in picks]
        raise m.InvalidOrderRequest(f"shop {shop_id} has no live SKU in stock")
    if not items:
        raise m.InvalidOrderRequest("an order needs at least one item")
    chosen: dict[str, tuple[Sku, int]] = {}
    for sku_id, qty in items:
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1 or qty > MAX_UNITS:
            raise m.InvalidOrderRequest(f"quantity of {sku_id} must be an integer from 1 to {MAX_UNITS}")
        sku = catalog.get_sku(store, str(sku_id))
        product = catalog.product_of_sku(store, str(sku_id)) if sku else None
        if sku is None or product is None or product.shop_id != shop_id:
            raise m.InvalidOrderRequest(f"SKU {sku_id} is not a SKU of shop {shop_id}")
        if ACTIVATE not in product.statuses.values():
            raise m.InvalidOrderRequest(f"SKU {sku_id} belongs to a product that is not live ({product.status})")
        prev = chosen.get(sku.id, (sku, 0))[1]
        chosen[sku.id] = (sku, prev + qty)
    return list(chosen.values())


def platform(
    store: Store,
    shop_id: str,
    region: str,
    platforms: tuple[str, ...],
    chosen: list[tuple[Sku, int]],
    wanted: str | None,
    rng: random.Random,
) -> str | None:
    products = [store.products[s.product_id] for s, _ in chosen]
    live = [p for p in platforms if all(_live_on(prod, p) for prod in products)]
    if wanted is not None:
        if wanted not in live:
            raise m.InvalidOrderRequest(f"the products are not live on {wanted} (live on: {live or 'none'})")
        return wanted if region == "ID" else None
    if not live:
        raise m.InvalidOrderRequest("the products are not live on one common platform")
    return rng.choice(live) if region == "ID" else None


def _live_on(product: Product, platform: str) -> bool:
    return product.statuses.get(platform) == ACTIVATE


def warehouse_for(store: Store, shop_id: str, chosen: list[tuple[Sku, int]]) -> str:
    """The first sales warehouse (default first) that has every unit available."""
    candidates = [w for w in catalog.warehouses_of(store, shop_id) if w.can_hold_stock]
    candidates.sort(key=lambda w: not w.is_default)
    best: tuple[str, int, int] | None = None
    for w in candidates:
        short = [(s, q, s.inventory[w.id].available if w.id in s.inventory else 0) for s, q in chosen]
        missing = [(s, q, a) for s, q, a in short if a < q]
        if not missing:
            return w.id
        s, q, a = missing[0]
        if best is None:
            best = (s.id, q, a)
    if best is None:
        raise m.InvalidOrderRequest(f"shop {shop_id} has no sales warehouse")
    raise m.OutOfStock(*best)


def delivery_option(
    store: Store, rng: random.Random, shipping_type: str | None, delivery_option_id: str | None
) -> tuple[DeliveryOption, str]:
    logistics = store.logistics
    if delivery_option_id is not None:
        option = logistics.options.get(delivery_option_id)
        if option is None:
            raise m.InvalidOrderRequest(f"delivery option {delivery_option_id} does not exist")
        if shipping_type is not None and option.shipping_type != shipping_type:
            raise m.InvalidOrderRequest(f"delivery option {delivery_option_id} is {option.shipping_type} shipping")
    else:
        if shipping_type is not None and shipping_type not in m.SHIPPING_TYPES:
            raise m.InvalidOrderRequest(f"shipping_type must be one of {list(m.SHIPPING_TYPES)}")
        option = logistics.options_for(shipping_type or m.SHIPPING_TIKTOK)[0]
    return option, rng.choice(option.providers)


def new_id(store: Store, rng: random.Random, prefix: str) -> str:
    book = store.order_book
    while True:
        candidate = f"{prefix}{rng.randrange(10**16):016d}"
        if prefix == ORDER_PREFIX:
            # New ids are checked against the shops built so far (lazyshops.py): a clash with a shop not built yet
            # is a one in 10**16 chance, not worth building every shop for.
            if candidate not in store.orders and book.locate_order_id(candidate, build=False) is None:
                return candidate
        elif candidate not in store.packages and book.locate_package_id(candidate, build=False) is None:
            return candidate


def merged(*groups: list[tuple[Sku, int]]) -> list[tuple[Sku, int]]:
    """Units per SKU over several selections (gift units ship from the same warehouse)."""
    out: dict[str, tuple[Sku, int]] = {}
    for group in groups:
        for sku, qty in group:
            out[sku.id] = (sku, out.get(sku.id, (sku, 0))[1] + qty)
    return list(out.values())


def replaced(store: Store, shop_id: str, order_id: str) -> str:
    """The order a replacement replaces: one of the same shop ("" for none)."""
    if not order_id:
        return ""
    order = get_order(store, order_id)
    if order is None or order.shop_id != shop_id:
        raise m.InvalidOrderRequest(f"order {order_id} is not an order of shop {shop_id}")
    return order.id


def buyer_of(store: Store, shop_id: str, order_id: str) -> tuple[m.Buyer, m.RecipientAddress]:
    """The buyer and address of an earlier order of the shop (a repeat customer)."""
    order = get_order(store, order_id)
    if order is None or order.shop_id != shop_id:
        raise m.InvalidOrderRequest(f"order {order_id} is not an order of shop {shop_id}")
    return copy.deepcopy(order.buyer), copy.deepcopy(order.recipient)
