"""The promotion area's refusals in neutral terms: a `Reason` per rule and `PromotionError` to raise one. The
Partner API maps them to its codes (partner/promotion/errors.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from mockserver.errors import DomainError


class Reason(StrEnum):
    INVALID = "promotion.invalid"  # a value outside its documented set or shape; detail says which
    NOT_FOUND = "promotion.not_found"
    NOT_YOURS = "promotion.not_yours"
    DEACTIVATED = "promotion.deactivated"
    EXPIRED = "promotion.expired"
    TYPE_NOT_SUPPORTED = "promotion.type_not_supported"
    LEVEL_NOT_SUPPORTED = "promotion.level_not_supported"
    LEVEL_CHANGED = "promotion.level_changed"
    TITLE_EMPTY = "promotion.title_empty"
    TITLE_TOO_LONG = "promotion.title_too_long"
    TITLE_TAKEN = "promotion.title_taken"
    BEGIN_IN_PAST = "promotion.begin_in_past"
    BEGIN_LOCKED = "promotion.begin_locked"  # an ongoing activity's begin time cannot move
    PERIOD_TOO_SHORT = "promotion.period_too_short"
    PERIOD_TOO_LONG = "promotion.period_too_long"
    FLASHSALE_TOO_LONG = "promotion.flashsale_too_long"
    LIMIT_CHANGED = "promotion.participation_limit_changed"
    THRESHOLD_CHANGED = "promotion.threshold_changed"
    FREE_SHIPPING_ACTIVE = "promotion.free_shipping_active"
    TIER_INVALID = "promotion.tier_invalid"
    GIFT_EMPTY = "promotion.gift_empty"
    GIFT_SKU_NOT_INTEGER = "promotion.gift_sku_not_integer"
    GIFT_SKU_REPEATED = "promotion.gift_sku_repeated"
    GIFT_OUT_OF_STOCK = "promotion.gift_out_of_stock"
    GIFT_TIERS = "promotion.gift_tiers"
    GIFT_IS_PRODUCT = "promotion.gift_is_product"
    # products of an activity
    PRODUCTS_EMPTY = "promotion.products_empty"
    TOO_MANY_ITEMS = "promotion.too_many_items"
    DUPLICATE_PRODUCT = "promotion.duplicate_product"
    DUPLICATE_SKU = "promotion.duplicate_sku"
    PRODUCT_NOT_IN_SHOP = "promotion.product_not_in_shop"
    PRODUCT_STATUS = "promotion.product_status"
    SKU_NOT_IN_PRODUCT = "promotion.sku_not_in_product"
    SKU_ID_INVALID = "promotion.sku_id_invalid"
    SKUS_NOT_ALLOWED = "promotion.skus_not_allowed"  # PRODUCT level: `skus` must be []
    SKUS_REQUIRED = "promotion.skus_required"  # VARIATION level
    PRODUCT_DEAL_NOT_ALLOWED = "promotion.product_deal_not_allowed"  # VARIATION level: no product price/discount
    VARIATION_LIMIT = "promotion.variation_limit"  # VARIATION level: product quantity_limit must be -1
    DISCOUNT_REQUIRED = "promotion.discount_required"  # facts: level (product | sku)
    PRICE_REQUIRED = "promotion.price_required"  # facts: level
    DISCOUNT_GIVEN = "promotion.discount_given"  # a discount where a deal price is expected; facts: level
    PRICE_GIVEN = "promotion.price_given"  # a deal price where a discount is expected; facts: level
    DISCOUNT_TOO_HIGH = "promotion.discount_too_high"  # facts: level
    DISCOUNT_TOO_LOW = "promotion.discount_too_low"  # facts: level
    PRICE_INVALID = "promotion.price_invalid"
    QUANTITY_INVALID = "promotion.quantity_invalid"
    PER_USER_INVALID = "promotion.per_user_invalid"
    LIMIT_DECREASED = "promotion.limit_decreased"
    CONFLICT = "promotion.conflict"  # the product/SKU is in another live activity
    FLASHSALE_ONGOING = "promotion.flashsale_ongoing"  # facts: level
    NOT_IN_ACTIVITY = "promotion.not_in_activity"  # facts: level
    # coupons
    COUPON_NOT_FOUND = "coupon.not_found"


class PromotionError(DomainError):
    REASON = Reason.INVALID

    def __init__(self, reason: Reason, detail: str = "", **facts: Any) -> None:
        super().__init__(reason, detail, **facts)

    @property
    def why(self) -> Reason:
        return Reason(self.reason)
