"""Promotion records: activities with their products/SKUs (`Deal`s), coupons, and the book that holds them.

Stable API for other areas: `PromotionBook.deal_for(product_id, sku_id, now)` — the ongoing product-discount deal
of a SKU (orders price new orders with it; the catalog locks the SKU's price while it runs). Money is a decimal
string in the shop's currency; times are Unix seconds from `mock.clock`. An activity's status is derived from the
clock (`Activity.status(now)`), so it can never be stale; timers only announce the moments it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# --- activity types (official values, Create Activity `activity_type`) ---------------------------------------------
FIXED_PRICE = "FIXED_PRICE"
DIRECT_DISCOUNT = "DIRECT_DISCOUNT"
FLASHSALE = "FLASHSALE"
SHIPPING_DISCOUNT = "SHIPPING_DISCOUNT"
BUY_MORE_SAVE_MORE = "BUY_MORE_SAVE_MORE"
ACTIVITY_TYPES = (FIXED_PRICE, DIRECT_DISCOUNT, FLASHSALE, SHIPPING_DISCOUNT, BUY_MORE_SAVE_MORE)
#: The activities that put a product or SKU on sale at a deal price (Update Activity Product applies to them).
PRODUCT_DISCOUNTS = frozenset({FIXED_PRICE, DIRECT_DISCOUNT, FLASHSALE})
# --- product levels ------------------------------------------------------------------------------------------------
PRODUCT = "PRODUCT"
VARIATION = "VARIATION"
SHOP = "SHOP"
PRODUCT_LEVELS = (PRODUCT, VARIATION, SHOP)
# --- statuses (official values) ------------------------------------------------------------------------------------
DRAFT = "DRAFT"
NOT_START = "NOT_START"
ONGOING = "ONGOING"
EXPIRED = "EXPIRED"
DEACTIVATED = "DEACTIVATED"
NOT_EFFECTIVE = "NOT_EFFECTIVE"
#: Statuses in which a product may not join another activity (17029022, official).
LIVE = frozenset({NOT_START, ONGOING})
NORMAL = "NORMAL"
INDEFINITE = "INDEFINITE"


@dataclass
class Deal:
    """A product (PRODUCT level) or a SKU (VARIATION level) in an activity, and how many units it sold at its price."""

    id: str  # product id or SKU id
    product_id: str
    activity_price: str | None  # FIXED_PRICE / FLASHSALE
    discount: str | None  # DIRECT_DISCOUNT: percent off, e.g. "10"
    quantity_limit: int  # -1: unlimited
    quantity_per_user: int  # -1: unlimited
    sold: int = 0

    def price(self, list_price: int) -> int:
        """What a unit listed at `list_price` sells for under this deal (whole units of the currency)."""
        if self.activity_price is not None:
            return min(list_price, int(Decimal(self.activity_price).quantize(Decimal(1), ROUND_HALF_UP)))
        if self.discount is not None:
            off = Decimal(list_price) * (100 - Decimal(self.discount)) / 100
            return int(off.quantize(Decimal(1), ROUND_HALF_UP))
        return list_price


@dataclass
class Activity:
    id: str
    shop_id: str
    title: str
    activity_type: str
    product_level: str
    duration_type: str
    begin_time: int
    end_time: int
    participation_limit: list[dict[str, str]]
    discount: dict[str, Any] | None
    create_time: int
    update_time: int
    #: PRODUCT level: product id -> deal; VARIATION level: product id -> {sku id -> deal}.
    products: dict[str, Deal] = field(default_factory=dict)
    skus: dict[str, dict[str, Deal]] = field(default_factory=dict)
    deactivated_time: int | None = None
    #: The status last announced (an event at each change), so a timer knows what changed.
    announced: str = DRAFT

    def status(self, now: int) -> str:
        if self.deactivated_time is not None:
            return DEACTIVATED
        if self.activity_type in PRODUCT_DISCOUNTS and not self.products and not self.skus:
            return DRAFT  # GUESS: a product discount without products is not live yet
        if self.duration_type == INDEFINITE:
            return ONGOING
        if now < self.begin_time:
            return NOT_START
        return ONGOING if now < self.end_time else EXPIRED

    def deals(self) -> list[Deal]:
        if self.product_level == VARIATION:
            return [d for skus in self.skus.values() for d in skus.values()]
        return list(self.products.values())

    def product_ids(self) -> list[str]:
        return list(self.skus) if self.product_level == VARIATION else list(self.products)


@dataclass
class Coupon:
    """A seller's coupon (created in Seller Center: the API only reads them)."""

    id: str
    shop_id: str
    title: str
    display_type: str  # REGULAR | LIVE | CREATOR_EXCLUSIVE | CHAT | ...
    create_time: int
    update_time: int
    claim_start: int
    claim_end: int
    redemption: dict[str, Any]  # {type, start_time, end_time} or {type: RELATIVE, relative_time}
    display_channels: list[str]
    target_buyer_segment: str
    usage_limits: dict[str, int]
    usage_stats: dict[str, int]
    discount: dict[str, Any]
    threshold: dict[str, Any]
    product_scope: str  # FULL_SHOP | SPECIFIC_PRODUCTS
    product_ids: list[str]
    creation_source: str
    promo_code: str = ""
    seller_tnc: str = ""
    deactivated_time: int | None = None

    def status(self, now: int) -> str:
        if self.deactivated_time is not None:
            return DEACTIVATED
        if now < self.claim_start:
            return NOT_START
        return ONGOING if now < self.claim_end else EXPIRED


@dataclass
class PromotionBook:
    activities: dict[str, Activity] = field(default_factory=dict)
    coupons: dict[str, Coupon] = field(default_factory=dict)
    #: product id -> ids of the activities it is in (any status), newest last.
    by_product: dict[str, list[str]] = field(default_factory=dict)

    def deal_for(self, product_id: str, sku_id: str, now: int) -> tuple[Activity, Deal] | None:
        """The ongoing product-discount deal on this SKU, if any (at most one: 17029022)."""
        for activity_id in reversed(self.by_product.get(product_id, ())):
            activity = self.activities[activity_id]
            if activity.activity_type not in PRODUCT_DISCOUNTS or activity.status(now) != ONGOING:
                continue
            if activity.product_level == VARIATION:
                deal = activity.skus.get(product_id, {}).get(sku_id)
            else:
                deal = activity.products.get(product_id)
            if deal is not None:
                return activity, deal
        return None

    def index(self, activity: Activity) -> None:
        for product_id in activity.product_ids():
            ids = self.by_product.setdefault(product_id, [])
            if activity.id not in ids:
                ids.append(activity.id)
