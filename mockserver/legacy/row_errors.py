"""The Seller API's row messages for the catalog's refusals (`failed_rows_data`).

Confirmed texts: "Invalid Product ID.", "Invalid SKU.", "Error Product ID [..] : .." and PRD_USC_028's reason; the
others are GUESSes in the style of the confirmed ones (README).
"""

from __future__ import annotations

from mockserver.catalog.errors import CatalogError, Reason
from mockserver.catalog.models import DELETED, FREEZE
from mockserver.legacy import errors
from mockserver.legacy.catalog_policy import LEGACY

_NAME_MAX = LEGACY.title_length[1]
_PRICE = f"between {LEGACY.price_range[0]} and {LEGACY.price_range[1]}"
_STOCK = f"between {LEGACY.quantity_range[0]} and {LEGACY.quantity_range[1]}"
INVALID_WAREHOUSE = "Invalid Warehouse ID."
_WAREHOUSE = {
    Reason.WAREHOUSE_NOT_FOUND,
    Reason.WAREHOUSE_NOT_SHOPS,
    Reason.WAREHOUSE_DISABLED,
    Reason.WAREHOUSE_NOT_SALES,
    Reason.WAREHOUSE_NOT_STOCKED,
}
_PRICES = {Reason.PRICE_INVALID, Reason.PRICE_NOT_WHOLE, Reason.PRICE_TOO_LOW, Reason.PRICE_TOO_HIGH}

LISTING: dict[Reason, str] = {
    Reason.TITLE_TOO_SHORT: "Name is required",
    Reason.TITLE_TOO_LONG: f"Name cannot exceed {_NAME_MAX} characters",
    Reason.TITLE_CJK: "Name contains characters that are not supported",
    Reason.DESCRIPTION_TOO_LONG: f"Description cannot exceed {LEGACY.description_max} characters",
    Reason.DESCRIPTION_CJK: "Description contains characters that are not supported",
    Reason.CATEGORY_NOT_FOUND: "Invalid category id",
    Reason.CATEGORY_NOT_LEAF: "Invalid category id",
    Reason.MAIN_IMAGE_REQUIRED: "pictures is required",
    Reason.TOO_MANY_IMAGES: "pictures cannot exceed 9 files",
    Reason.WEIGHT_INVALID: "weight must be greater than 0",
    Reason.WEIGHT_ZERO: "weight must be greater than 0",
    Reason.SELLER_SKU_TOO_LONG: "sku cannot exceed 50 characters",
    Reason.MINIMUM_ORDER_INVALID: "min_order must be at least 1",
    Reason.PRICE_MISSING: "price is required",
    Reason.PRICE_LOCKED: "price cannot be changed during an ongoing promotion",  # GUESS
    Reason.CERTIFICATE_EXPIRY_INVALID: "certificate expiration date is invalid",  # GUESS
}


def listing_message(e: CatalogError, *, variant: bool = False) -> str:
    """One entry of a create/edit row's `error` list."""
    why = e.why
    if why == Reason.CATEGORY_NOT_FOUND and not e.facts.get("category_id"):
        return "category_id is required"
    if why in _PRICES or (why == Reason.PRICE_MISSING and variant):
        return f"{'variant ' if variant else ''}price must be {_PRICE}"
    if why == Reason.QUANTITY_OUT_OF_RANGE:
        return f"{'variant ' if variant else ''}stock must be {_STOCK}"
    if why == Reason.STATUS_NOT_ALLOWED:
        return errors.CODES["PRD_USC_028"].reason
    if why in _WAREHOUSE:
        return INVALID_WAREHOUSE
    return LISTING.get(why) or e.detail or str(why)


def status_message(e: CatalogError, action: str) -> str:
    """Why a product's status cannot change (set active / inactive / delete), as the row's text."""
    status = e.facts.get("status")
    if status == DELETED:
        return "Product is deleted or banned"
    if status == FREEZE:
        return "Product is banned"
    return f"Product status cannot be set to {action}"


def stock_message(e: CatalogError) -> str:
    """A stock or price row's `message`."""
    why = e.why
    if why in _WAREHOUSE:
        return INVALID_WAREHOUSE
    if why == Reason.STOCK_BELOW_ZERO:
        available, delta = e.facts.get("available", 0), e.facts.get("delta", 0)
        return f"Insufficient stock: {available} available, cannot decrement by {-int(delta)}."
    if why == Reason.QUANTITY_OUT_OF_RANGE and "delta" in e.facts:
        return f"Invalid stock value: the result exceeds {e.facts.get('max')}."
    if why == Reason.QUANTITY_OUT_OF_RANGE:
        return f"Invalid stock value: must be {_STOCK}."
    if why in _PRICES or why == Reason.PRICE_MISSING:
        return f"Invalid price: must be {_PRICE}."
    if why == Reason.PRICE_LOCKED:
        return "Price cannot be changed during an ongoing promotion."  # GUESS, in the style of the others
    return errors.INVALID_PRODUCT_ID
