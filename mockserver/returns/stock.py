"""A returned package back in the seller's hands: its units are sellable again.

The rule (GUESS, see README): when the return package has reached the return warehouse and the seller (or the
platform) accepted it, each unit goes back to the available stock of the SKU in the warehouse the order shipped
from, through the catalog's writer (`inventory.changed`, cause `return_received`). A package the seller rejected
(REJECT_RECEIVE_PACKAGE) is not restocked, and neither are refunds where the buyer keeps the item.
"""

from __future__ import annotations

import logging

from mockserver.catalog import state as catalog
from mockserver.orders import models as om
from mockserver.returns import models as r
from mockserver.store import Store

log = logging.getLogger("tokopedia_mock.returns")
CAUSE = "return_received"


def restock(store: Store, order: om.Order, ret: r.Return, now: int) -> None:
    if ret.restocked:
        return
    units: dict[str, int] = {}
    for line in ret.lines:
        units[line.sku_id] = units.get(line.sku_id, 0) + 1
    for sku_id, quantity in units.items():
        sku = store.skus.get(sku_id)
        product = store.products.get(sku.product_id) if sku is not None else None
        if sku is None or product is None:
            log.warning("return %s: SKU %s is gone; nothing restocked", ret.id, sku_id)
            continue
        stock = sku.inventory.get(order.warehouse_id)
        available = stock.available if stock is not None else 0
        catalog.set_stock(store, product, sku, order.warehouse_id, now, CAUSE, available=available + quantity)
    ret.restocked = True
