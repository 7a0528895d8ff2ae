"""The catalog's refusals in neutral terms: a `Reason` per rule, `CatalogError` to raise one, `Problems` to collect
them, and `Failure` for one item of a batch.

The rules live in listing.py, skus.py, lifecycle.py and stock.py; each dialect maps reasons to its own answers
(partner/catalog/errors.py: the official codes; legacy/catalog_errors.py: the Seller API's row messages). Facts a
dialect needs for its message travel in `facts` (`field`, `warehouse_id`, `min`, `max`, ...).

Two ways to run the rules (`Problems`): the Partner API answers the first broken rule, so its collector raises at
once; the legacy Seller API lists every problem of a row, so its collector keeps going and the rules skip what
depends on a value that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from mockserver.errors import DomainError

T = TypeVar("T")


class Reason(StrEnum):
    # products and their state
    PRODUCT_NOT_FOUND = "product.not_found"
    NOT_YOUR_PRODUCT = "product.not_yours"
    STATUS_NOT_ALLOWED = "product.status_not_allowed"
    PLATFORM_NOT_AVAILABLE = "product.platform_not_available"
    NO_INVENTORY = "product.no_inventory"  # activating a product whose SKUs have no stock records
    BATCH_TOO_LARGE = "batch.too_large"
    BATCH_EMPTY = "batch.empty"
    CHECK_FAILED = "batch.check_failed"  # a batch item's checks failed; the causes are the item's `causes`
    # listing content
    INVALID_FIELD = "listing.invalid_field"  # a value outside its documented set or range; detail says which
    TITLE_TOO_SHORT = "listing.title_too_short"
    TITLE_TOO_LONG = "listing.title_too_long"
    TITLE_CJK = "listing.title_cjk"
    DESCRIPTION_TOO_LONG = "listing.description_too_long"
    DESCRIPTION_CJK = "listing.description_cjk"
    CATEGORY_NOT_FOUND = "listing.category_not_found"
    CATEGORY_NOT_LEAF = "listing.category_not_leaf"
    BRAND_NOT_FOUND = "listing.brand_not_found"
    MAIN_IMAGE_REQUIRED = "listing.main_image_required"
    TOO_MANY_IMAGES = "listing.too_many_images"
    IMAGE_UNKNOWN = "listing.image_unknown"
    ATTRIBUTE_NOT_IN_CATEGORY = "listing.attribute_not_in_category"
    DUPLICATE_ATTRIBUTE = "listing.duplicate_attribute"
    ATTRIBUTE_NOT_MULTIPLE = "listing.attribute_not_multiple"
    REQUIRED_ATTRIBUTE_MISSING = "listing.required_attribute_missing"
    ATTRIBUTE_VALUE_UNKNOWN = "listing.attribute_value_unknown"
    ATTRIBUTE_VALUE_EMPTY = "listing.attribute_value_empty"
    CERTIFICATION_MISSING = "listing.certification_missing"
    CERTIFICATE_EXPIRY_INVALID = "listing.certificate_expiry_invalid"  # expired, or missing where required
    IMPERIAL_UNITS = "listing.imperial_units"
    WEIGHT_INVALID = "listing.weight_invalid"
    WEIGHT_ZERO = "listing.weight_zero"
    DIMENSION_INVALID = "listing.dimension_invalid"  # facts: field (length | width | height)
    MINIMUM_ORDER_INVALID = "listing.minimum_order_invalid"
    # SKUs
    SKU_LIST_EMPTY = "sku.list_empty"
    TOO_MANY_SKUS = "sku.too_many"
    SKU_NOT_IN_PRODUCT = "sku.not_in_product"
    DUPLICATE_SKU_ID = "sku.duplicate_id"
    SELLER_SKU_TOO_LONG = "sku.seller_sku_too_long"
    PRICE_INVALID = "sku.price_invalid"  # facts: field (price | sale_price)
    PRICE_NOT_WHOLE = "sku.price_not_whole"  # facts: field
    PRICE_TOO_LOW = "sku.price_too_low"  # facts: field, min, max
    PRICE_TOO_HIGH = "sku.price_too_high"  # facts: field, min, max
    PRICE_MISSING = "sku.price_missing"
    LIST_PRICE_INVALID = "sku.list_price_invalid"
    PRICE_LOCKED = "sku.price_locked"  # an ongoing promotion deal holds the price; facts: sku_id, activity_id
    CURRENCY_NOT_ALLOWED = "sku.currency_not_allowed"  # facts: currency (the shop's)
    INVENTORY_REQUIRED = "sku.inventory_required"
    INVENTORY_EMPTY = "sku.inventory_empty"
    QUANTITY_OUT_OF_RANGE = "sku.quantity_out_of_range"  # facts: min, max
    STOCK_BELOW_ZERO = "sku.stock_below_zero"  # facts: available, delta
    WAREHOUSE_NOT_FOUND = "warehouse.not_found"  # facts: warehouse_id
    WAREHOUSE_NOT_SHOPS = "warehouse.not_shops"  # facts: warehouse_id
    WAREHOUSE_DISABLED = "warehouse.disabled"
    WAREHOUSE_NOT_SALES = "warehouse.not_sales"
    WAREHOUSE_NOT_STOCKED = "warehouse.not_stocked"  # the SKU has no stock there and may not get it this way
    WAREHOUSE_TWICE = "warehouse.twice"
    WAREHOUSES_INCOMPLETE = "warehouse.incomplete"  # a SKU in several warehouses needs all of them named
    WAREHOUSE_HOLDS_COMMITTED = "warehouse.holds_committed"
    SALES_ATTRIBUTE_UNKNOWN = "variant.attribute_unknown"
    SALES_ATTRIBUTE_NAME_EMPTY = "variant.attribute_name_empty"
    SALES_ATTRIBUTE_NAME_TOO_LONG = "variant.attribute_name_too_long"
    SALES_VALUE_UNKNOWN = "variant.value_unknown"
    SALES_VALUE_EMPTY = "variant.value_empty"
    SALES_VALUE_TOO_LONG = "variant.value_too_long"
    TOO_MANY_SALES_ATTRIBUTES = "variant.too_many_attributes"
    SKU_ATTRIBUTES_INCONSISTENT = "variant.inconsistent"
    DUPLICATE_SKU_COMBINATION = "variant.duplicate_combination"
    COMBINED_PRODUCT_UNKNOWN = "variant.combined_product_unknown"
    COMBINED_SKU_UNKNOWN = "variant.combined_sku_unknown"
    # images
    IMAGE_EMPTY = "image.empty"
    IMAGE_TOO_LARGE = "image.too_large"
    IMAGE_FORMAT = "image.format"
    IMAGE_DIMENSIONS = "image.dimensions"  # facts: min, max


class CatalogError(DomainError):
    REASON = Reason.INVALID_FIELD

    def __init__(self, reason: Reason, detail: str = "", **facts: Any) -> None:
        super().__init__(reason, detail, **facts)

    @property
    def why(self) -> Reason:
        return Reason(self.reason)


@dataclass
class Failure:
    """One item of a batch that failed: its id (`key` names the id's field), why, and the causes under it."""

    key: str  # "product_id" | "sku_id" | "warehouse_id"
    id: str
    reason: Reason
    causes: list[Failure] = field(default_factory=list)
    detail: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, ident: str, e: CatalogError) -> Failure:
        return cls(key, ident, e.why, detail=e.detail, facts=dict(e.facts))


class Problems:
    """Where the rules report what they found: raise at the first (`first_only`), or keep them all."""

    def __init__(self, first_only: bool = True) -> None:
        self.first_only = first_only
        self.found: list[CatalogError] = []

    def add(self, e: CatalogError) -> None:
        if self.first_only:
            raise e
        self.found.append(e)

    def check(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run `rule`; a refusal is reported and gives None (the caller skips what depends on the value)."""
        try:
            return rule(*args, **kwargs)
        except CatalogError as e:
            self.add(e)
            return None

    def __bool__(self) -> bool:
        return bool(self.found)
