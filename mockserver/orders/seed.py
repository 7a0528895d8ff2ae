"""Seeds every shop's order history (lazily, see lazy.py) and the logistics fixtures. Deterministic from the seed."""

from __future__ import annotations

import json
import random
from typing import Any

from mockserver.catalog import backend as catalog
from mockserver.catalog.models import Sku
from mockserver.logistics.models import load_logistics
from mockserver.models import Shop
from mockserver.orders import lazy, placement, stock
from mockserver.orders import models as m
from mockserver.orders.book import BUYER_MOD, CORE_MOD, SeedBlock
from mockserver.resources import fixtures_dir
from mockserver.store import Store

MONTH = 30 * 24 * 3600
YEAR = 365 * 24 * 3600
SKEWED_UP_TO = 5000
#: Distinct products a shop's seeded history draws from (the catalog order; more adds nothing but startup time).
MAX_SNAPSHOTS = 200


def load_spec() -> dict[str, Any]:
    with open(fixtures_dir() / "orders.json", encoding="utf-8") as f:
        spec: dict[str, Any] = json.load(f)
    return spec


def prepare(store: Store, per_shop: int) -> dict[str, int]:
    """The logistics fixtures and the order texts; each shop's range of seqs, reserved in shop order so that a shop
    built later (mockserver/lazyshops.py) files its history where an eager build would have."""
    store.logistics = load_logistics()
    book = store.order_book
    book.spec = load_spec()
    return {shop_id: book.allocate(per_shop) for shop_id in store.shops} if per_shop > 0 else {}


def seed_shop(store: Store, shop: Shop, seed: int, count: int, now: int, start: int | None = None) -> SeedBlock | None:
    """`count` orders of history for one shop (None when the shop has nothing to sell), filed from seq `start`
    (default: the next free one)."""
    book = store.order_book
    rng = random.Random(f"orders:{seed}:{shop.id}")
    warehouse = catalog.default_warehouse(store, shop.id)
    if warehouse is None or count <= 0:
        return None
    # SKUs in stock where the orders ship from, so that the open ones can hold their units.
    stocked = [s for s in placement.sellable_skus(store, shop.id) if _available(s, warehouse.id) > 0]
    skus = [placement.snapshot(store, s) for s in stocked[:MAX_SNAPSHOTS]]
    if not skus:
        return None
    block = SeedBlock(
        shop_id=shop.id,
        start=book.allocate(count) if start is None else start,
        base=rng.randrange(CORE_MOD),
        seed=seed,
        now=now,
        warehouse_id=warehouse.id,
        region=shop.region,
        platforms=shop.platforms,
        skus=tuple(skus),
        buyer_base=rng.randrange(BUYER_MOD),
        buyer_pool=max(5, min(count // 3, 1_000_000)),
    )
    # A month of history for a small shop, crowded towards today; up to a year, evenly, for a large one.
    skew = count <= SKEWED_UP_TO
    span = MONTH if skew else min(YEAR, max(MONTH, count * 300))
    lazy.generate(block, count, span, rng, skew=skew)
    book.add_block(block)
    lazy.index_block(store, block)
    _hold_stock(store, block)
    return block


def _available(sku: Sku, warehouse_id: str) -> int:
    stock = sku.inventory.get(warehouse_id)
    return stock.available if stock is not None else 0


def _hold_stock(store: Store, block: SeedBlock) -> None:
    """Open seeded orders hold their stock like real ones, so that cancelling them gives it back."""
    held = {m.ORDER_STATUSES.index(s) for s in m.STOCK_HELD}
    for i in range(block.count):
        if block.status[i] in held:
            order = lazy.materialize(store, block, i, store.order_book.spec)
            try:
                stock.commit_stock(store, order, block.now)
            except m.OutOfStock:
                pass  # the catalog ran out: the order keeps its status but holds nothing (nothing to give back)
