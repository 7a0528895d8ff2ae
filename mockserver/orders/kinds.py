"""Kinds of order the app-review use cases ask an integration to handle (ORD-SYNC-SAMPLE, ORD-SYNC-GIFT,
ORD-SYNC-ONHOLD): free samples, gift line items, replacement orders, pre-orders — and the promotion price of a
line item. Used when the buyer places an order (backend.place_order) and when a seeded order is materialized
(lazy.py), so both look alike.

Money (GUESS, the docs only name the fields): a free item keeps its `original_price`, sells at 0, and the seller
funds it (`seller_discount` = the price, `gift_retail_price` = the price); a sample or replacement also ships free,
paid by the seller (`shipping_fee_seller_discount`). Seeded orders take their kind from bits (122, 6) of their salt
(lazy.py documents the rest of the layout), so materializing stays deterministic and costs nothing at startup.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from mockserver.orders import models as m
from mockserver.orders.book import SeedBlock, SkuSnapshot, bits, line_item
from mockserver.promotion.models import Activity, PromotionBook

PRE_ORDER = "PRE_ORDER"
NORMAL = "NORMAL"
#: Bits of a seeded order's salt that pick its kind: 0 sample, 1 replacement, 2-3 a gift line item, 48-63 a
#: pre-order when the order goes through ON_HOLD; the rest are ordinary (so ~1.5% samples, ~1.5% replacements,
#: ~3% gifts, a quarter of the on-hold orders are pre-orders).
KIND_BITS = (122, 6)


def make_free(li: m.LineItem) -> None:
    """The item costs the buyer nothing; the seller funds its price."""
    li.sale_price = "0"
    li.seller_discount = li.original_price
    li.platform_discount = "0"
    li.gift_retail_price = li.original_price


def gift(li: m.LineItem) -> m.LineItem:
    make_free(li)
    li.is_gift = True
    return li


def ship_free(payment: m.Payment) -> None:
    """The seller pays the shipping fee (samples, replacements)."""
    payment.shipping_fee_seller_discount = payment.original_shipping_fee
    payment.shipping_fee = "0"
    payment.total_amount = payment.sub_total


def promotion_price(
    promotions: PromotionBook, li: m.LineItem, now: int, used: dict[str, int]
) -> tuple[Activity, int] | None:
    """The ongoing product-discount deal on the line item's SKU, as (activity, deal price), while the deal's
    `quantity_limit` lasts (`used`: units already priced in this order, by deal key). GUESS: the per-buyer limit is
    not enforced (each placed order has a new buyer)."""
    found = promotions.deal_for(li.product_id, li.sku_id, now)
    if found is None:
        return None
    activity, deal = found
    key = f"{activity.id}:{deal.id}"
    if deal.quantity_limit >= 0 and deal.sold + used.get(key, 0) >= deal.quantity_limit:
        return None
    used[key] = used.get(key, 0) + 1
    return activity, deal.price(int(li.original_price))


def apply_promotions(promotions: PromotionBook, items: Sequence[m.LineItem], now: int) -> list[str]:
    """Price each (non-free) line item at its ongoing deal; the ids of the activities used. The deals' sold counts
    are not changed here (see `count_sold`)."""
    used: dict[str, int] = {}
    activities: list[str] = []
    for li in items:
        if li.is_gift or li.sale_price == "0":
            continue
        priced = promotion_price(promotions, li, now, used)
        if priced is None:
            continue
        activity, price = priced
        li.sale_price = str(price)
        li.seller_discount = str(int(li.original_price) - price)
        if activity.id not in activities:
            activities.append(activity.id)
    return activities


def count_sold(promotions: PromotionBook, items: Sequence[m.LineItem], activity_ids: Sequence[str], now: int) -> None:
    """The units sold at each deal price count against the deal's `quantity_limit`."""
    for li in items:
        found = promotions.deal_for(li.product_id, li.sku_id, now)
        if found is not None and found[0].id in activity_ids and li.seller_discount != "0" and not li.is_gift:
            found[1].sold += 1


# --- seeded orders -----------------------------------------------------------------------------------------------
def seeded_kind(salt: int) -> int:
    return bits(salt, *KIND_BITS)


def seeded_items(salt: int, items: list[m.LineItem], skus: tuple[SkuSnapshot, ...]) -> list[m.LineItem]:
    """A seeded order's line items with its kind applied: free for samples and replacements, a gift added."""
    kind = seeded_kind(salt)
    if kind in (0, 1):
        for li in items:
            make_free(li)
    elif kind in (2, 3) and skus:
        rng = random.Random(salt ^ 0x61F7)  # its own stream: the order's other draws do not move
        snap = skus[rng.randrange(len(skus))]
        items.append(gift(line_item(rng, snap)))
    return items


def apply_seeded(order: m.Order, salt: int, block: SeedBlock, i: int, ready: int | None) -> None:
    """The seeded order's kind on the order itself (after its payment was built)."""
    kind = seeded_kind(salt)
    # (Samples and replacements ship free: lazy.draw_money made their payment so, for the order and its views.)
    if kind == 0 or (kind == 1 and i == 0):  # the block's first order has nothing to replace: a sample
        order.is_sample_order = True
    elif kind == 1:
        order.replaced_order_id = block.order_id(i - 1 - (salt >> 64) % min(i, 5))
    elif kind >= 48 and order.is_on_hold_order and ready is not None:
        order.order_type, order.release_date = PRE_ORDER, ready
